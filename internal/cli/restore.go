package cli

import (
	"context"
	"fmt"
	"log/slog"
	"strings"

	"github.com/tombstone-sql/tombstone"
	"github.com/tombstone-sql/tombstone/internal/dburl"
	"github.com/tombstone-sql/tombstone/lifecycle"
	"github.com/tombstone-sql/tombstone/policy"
)

// runRestore restores one tombstone by key, through tombstone's driver:
// exit 0 restored, 1 refused (one line saying why), 2 usage.
func runRestore(e *env, args []string) int {
	fs := e.flags("restore", "[--policy FILE] --dsn URL --table T --key COL=VALUE [--actor A] [--reason R] [--role ROLE]")
	path := fs.String("policy", "tombstone.yaml", "the policy file")
	dsn := fs.String("dsn", "", "the database URL (postgres://…, mysql://…, sqlite:PATH); default $"+dburl.EnvVar)
	table := fs.String("table", "", "the soft table, as the policy names it")
	keyText := fs.String("key", "", "the row's key: COL=VALUE, or COL=VALUE,COL=VALUE for a composite key")
	actor := fs.String("actor", "", "who restores, for the audit trail")
	reason := fs.String("reason", "", "why, for the audit trail")
	role := fs.String("role", "", "the policy role to act as (with roles in the policy it needs see_deleted and restore)")
	if code, ok := e.parse(fs, args); !ok {
		return code
	}
	p, ok := e.loadPolicy("restore", *path)
	if !ok {
		return exitUsage
	}
	t, key, err := restoreTarget(p, *table, *keyText)
	if err != nil {
		fmt.Fprintf(e.stderr, "tombstone restore: %v\n", err)
		return exitUsage
	}
	url, err := dburl.FromEnv(*dsn)
	if err != nil {
		fmt.Fprintf(e.stderr, "tombstone restore: %v\n", err)
		return exitUsage
	}
	db, target, err := dburl.Open(url, p, tombstone.WithLogger(slog.New(slog.DiscardHandler)))
	if err != nil {
		fmt.Fprintf(e.stderr, "tombstone restore: %v\n", err)
		return exitUsage
	}
	defer db.Close()
	if err := db.Ping(); err != nil {
		fmt.Fprintf(e.stderr, "tombstone restore: cannot reach the database: %s\n", oneLine(err.Error()))
		return exitUsage
	}
	ctx := tombstone.WithActor(context.Background(), *actor, *reason)
	if *role != "" {
		ctx = tombstone.WithRole(ctx, *role)
	}
	if err := lifecycle.Restore(ctx, db, target.Dialect, t, key); err != nil {
		fmt.Fprintf(e.stderr, "tombstone restore: %s\n", oneLine(err.Error()))
		return exitFinding
	}
	fmt.Fprintf(e.stdout, "restored %s %s\n", t.Name, *keyText)
	return exitOK
}

// restoreTarget checks --table and --key against the policy.
func restoreTarget(p *policy.Policy, table, keyText string) (*policy.Table, lifecycle.Key, error) {
	if table == "" {
		return nil, nil, fmt.Errorf("--table is required")
	}
	t := p.Table(table)
	if t == nil {
		return nil, nil, fmt.Errorf("--table %s: the policy governs no table of that name", table)
	}
	if t.Rule != policy.Soft {
		return nil, nil, fmt.Errorf("--table %s: %s is a %s table; only soft tables have tombstones to restore", table, t.Name, t.Rule)
	}
	if keyText == "" {
		return nil, nil, fmt.Errorf("--key is required: COL=VALUE for each key column of %s (%s)", t.Name, strings.Join(t.Key, ", "))
	}
	key := lifecycle.Key{}
	for _, part := range strings.Split(keyText, ",") {
		col, val, ok := strings.Cut(part, "=")
		col = strings.TrimSpace(col)
		if !ok || col == "" {
			return nil, nil, fmt.Errorf("--key %q: expected COL=VALUE[,COL=VALUE], e.g. --key id=7", keyText)
		}
		if _, dup := key[col]; dup {
			return nil, nil, fmt.Errorf("--key %q: %s is given twice", keyText, col)
		}
		key[col] = val
	}
	if len(key) != len(t.Key) {
		return nil, nil, fmt.Errorf("--key %q: %s's key is (%s); give a value for each column", keyText, t.Name, strings.Join(t.Key, ", "))
	}
	for col := range key {
		found := false
		for _, k := range t.Key {
			found = found || strings.EqualFold(k, col)
		}
		if !found {
			return nil, nil, fmt.Errorf("--key %q: %s is not a key column of %s; the key is (%s)", keyText, col, t.Name, strings.Join(t.Key, ", "))
		}
	}
	return t, key, nil
}
