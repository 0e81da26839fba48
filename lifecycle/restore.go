package lifecycle

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/tombstone-sql/tombstone"
	tombstonepgx "github.com/tombstone-sql/tombstone/drivers/pgx"
	"github.com/tombstone-sql/tombstone/internal/dialects"
	"github.com/tombstone-sql/tombstone/internal/enforce"
	"github.com/tombstone-sql/tombstone/policy"
	"github.com/tombstone-sql/tombstone/rewrite"
	"github.com/tombstone-sql/tombstone/schema"
)

// Key is a row's key: a value for each of its table's key columns (the
// policy's `key`), by column name.
type Key map[string]any

// Restore brings back the tombstone of soft table t whose key is key. It
// sends, through db (a *sql.DB or the pgx native pool, see Database), the UPDATE any application could send in the
// only-deleted scope, so everything that holds for application statements
// holds for it: db must be opened through tombstone (tombstone.OpenDB,
// tombstone.NewConnector, dburl.Open) for the policy t belongs to, in the
// named dialect; the restore window is tested on the database's clock by
// the rewrite; with roles in the policy the context's role
// (tombstone.WithRole) needs see_deleted and restore, or the error is
// tombstone.ErrForbidden; the audit triggers write a restore row with the
// context's actor and reason (tombstone.WithActor); and a cascade's triggers
// restore the children of the same deletion.
//
// A tombstone past its window is refused with tombstone.ErrWindowClosed, a
// live row with tombstone.ErrNotDeleted, a key no row has with
// tombstone.ErrNoRow and a row a privacy erasure erased with ErrErased;
// nothing is changed then. A restore refused past the window or for an
// erased row is recorded in the audit trail (action restore_refused, the context's actor and
// reason, the row's key), on a connection of its own, as enforcement
// records a refused delete.
func Restore[D Database](ctx context.Context, db D, dialect string, t *policy.Table, key Key) error {
	if t == nil {
		return errors.New("tombstone: restore: no table")
	}
	if t.Rule != policy.Soft {
		return fmt.Errorf("tombstone: restore: %s is a %s table; only soft tables have tombstones", t.Name, t.Rule)
	}
	d, err := lookupDialect(dialectOf(db, dialect))
	if err != nil {
		return fmt.Errorf("tombstone: restore: %w", err)
	}
	args, err := keyArgs("restore", t, key)
	if err != nil {
		return err
	}
	name := quoteTable(d.Quote, t.Name)
	col := d.Quote(t.Column)
	where := keyWhere(d, t)

	tx, err := begin(ctx, db, "restore")
	if err != nil {
		return err
	}
	defer tx.rollback(context.WithoutCancel(ctx)) //nolint:errcheck // a no-op after commit
	n, err := tx.exec(tombstone.OnlyDeleted(ctx, t.Name), "UPDATE "+name+" SET "+col+" = "+liveValue(d.Name(), t.Marker)+where, args...)
	if erasedRestore(err) {
		erased := fmt.Errorf("%w: %s %s was erased by a privacy erasure (tombstone erase); it can no longer be restored", ErrErased, t.Name, describeKey(t, key))
		// Recorded like a restore refused past the window: the row's key
		// as the audit trail writes it, read once the failed transaction
		// has ended.
		tx.rollback(context.WithoutCancel(ctx)) //nolint:errcheck // the trigger refused; nothing was changed
		rowKey, kerr := erasedKey(ctx, db, t, keyJSON(d, t), name+where, args)
		if kerr == nil {
			kerr = recordRefusedRestore(ctx, db, t, rowKey)
		}
		if kerr != nil {
			return fmt.Errorf("%w (and recording the refusal in the audit trail failed: %v)", erased, kerr)
		}
		return erased
	}
	if err != nil {
		return fmt.Errorf("tombstone: restore %s %s: %w", t.Name, describeKey(t, key), err)
	}
	switch {
	case n == 1:
		return tx.commit(ctx)
	case n > 1:
		return fmt.Errorf("tombstone: restore %s %s: the key matches %d tombstones, so it is not the table's key; nothing was restored (fix `key` in the policy)", t.Name, describeKey(t, key), n)
	}
	// Nothing restored: say why, from the row as the transaction sees it.
	var marker any
	var rowKey string
	err = queryRow(tombstone.WithDeleted(ctx, t.Name), tx, "SELECT "+col+", "+keyJSON(d, t)+" FROM "+name+where, args, &marker, &rowKey)
	switch {
	case errors.Is(err, errNoRows):
		return fmt.Errorf("%w: %s has no row %s", tombstone.ErrNoRow, t.Name, describeKey(t, key))
	case err != nil:
		return fmt.Errorf("tombstone: restore %s %s: %w", t.Name, describeKey(t, key), err)
	case live(t.Marker, marker):
		return fmt.Errorf("%w: %s %s is live; there is nothing to restore", tombstone.ErrNotDeleted, t.Name, describeKey(t, key))
	case !t.RestoreWindow.IsZero():
		closed := fmt.Errorf("%w: %s %s was deleted at %s and its restore window is %s (restore_window: %s); it can no longer be restored", tombstone.ErrWindowClosed, t.Name, describeKey(t, key), deletedAt(t.Marker, marker), t.RestoreWindow.Words(), t.RestoreWindow)
		// The refusal goes to the audit trail, outside the transaction,
		// which ends first (SQLite's write lock).
		tx.rollback(context.WithoutCancel(ctx)) //nolint:errcheck // nothing was changed
		if err := recordRefusedRestore(ctx, db, t, rowKey); err != nil {
			return fmt.Errorf("%w (and recording the refusal in the audit trail failed: %v)", closed, err)
		}
		return closed
	}
	return fmt.Errorf("tombstone: restore %s %s: the tombstone changed while it was being restored; try again", t.Name, describeKey(t, key))
}

// erasedKey reads an erased row's key as the audit trail writes it.
func erasedKey[D Database](ctx context.Context, db D, t *policy.Table, key, from string, args []any) (string, error) {
	tx, err := begin(ctx, db, "restore")
	if err != nil {
		return "", err
	}
	defer tx.rollback(context.WithoutCancel(ctx)) //nolint:errcheck // read only
	var rowKey string
	err = queryRow(tombstone.WithDeleted(ctx, t.Name), tx, "SELECT "+key+" FROM "+from, args, &rowKey)
	return rowKey, err
}

// recordRefusedRestore writes the audit row of a restore refused past the
// window (action restore_refused, the context's actor and reason, the row's
// key) through enforcement's own path for refusals, on a connection of its
// own.
func recordRefusedRestore[D Database](ctx context.Context, db D, t *policy.Table, key string) error {
	record := func(ec *enforce.Conn) error {
		return ec.W.RecordRefusal(ctx, ec, schema.ActionRestoreRefused, t, key)
	}
	switch x := any(db).(type) {
	case *tombstonepgx.Pool:
		return x.Enforcement(ctx, record)
	case *sql.DB:
		conn, err := x.Conn(ctx)
		if err != nil {
			return err
		}
		defer conn.Close()
		return enforcementOf(conn, record)
	}
	return fmt.Errorf("%w: %T", ErrNotEnforced, db)
}

// keyJSON is the expression that renders a row's key for the audit trail
// as the audit triggers render row_key on the dialect (jsonb on
// PostgreSQL, JSON_OBJECT on MySQL/MariaDB, json_object on SQLite), so one
// string finds a row's every audit row.
func keyJSON(d rewrite.Dialect, t *policy.Table) string {
	var kv []string
	for _, k := range t.Key {
		kv = append(kv, "'"+strings.ReplaceAll(k, "'", "''")+"'", d.Quote(k))
	}
	switch d.Name() {
	case "postgres":
		return "CAST(jsonb_build_object(" + strings.Join(kv, ", ") + ") AS text)"
	case "mysql":
		return "CAST(JSON_OBJECT(" + strings.Join(kv, ", ") + ") AS CHAR)"
	}
	return "json_object(" + strings.Join(kv, ", ") + ")"
}

// lookupDialect returns the named dialect, or an error listing the ones
// there are.
func lookupDialect(name string) (rewrite.Dialect, error) {
	d, ok := dialects.Lookup(name)
	if !ok {
		return nil, fmt.Errorf("unknown dialect %q; use one of %s", name, strings.Join(dialects.Names(), ", "))
	}
	return d, nil
}

// keyWhere is " WHERE k1 = ? AND k2 = ?" for t's key, with the dialect's
// placeholders.
func keyWhere(d rewrite.Dialect, t *policy.Table) string {
	var conds []string
	for i, k := range t.Key {
		ph := "?"
		if d.Name() == "postgres" {
			ph = "$" + strconv.Itoa(i+1)
		}
		conds = append(conds, d.Quote(k)+" = "+ph)
	}
	return " WHERE " + strings.Join(conds, " AND ")
}

// keyArgs returns key's values in the order of t's key columns; key must
// name each of them once (case-insensitively) and nothing else.
func keyArgs(what string, t *policy.Table, key Key) ([]any, error) {
	args := make([]any, len(t.Key))
	found := make([]bool, len(t.Key))
	for name, v := range key {
		i := -1
		for j, k := range t.Key {
			if strings.EqualFold(k, name) {
				i = j
			}
		}
		if i < 0 || found[i] {
			return nil, fmt.Errorf("tombstone: %s %s: %s is not a key column; the key is (%s)", what, t.Name, name, strings.Join(t.Key, ", "))
		}
		args[i], found[i] = v, true
	}
	for i, ok := range found {
		if !ok {
			return nil, fmt.Errorf("tombstone: %s %s: the key needs a value for %s; the key is (%s)", what, t.Name, t.Key[i], strings.Join(t.Key, ", "))
		}
	}
	return args, nil
}

// describeKey renders a key for messages: (id=7), in key column order.
func describeKey(t *policy.Table, key Key) string {
	var parts []string
	for name, v := range key {
		parts = append(parts, fmt.Sprintf("%s=%v", name, v))
	}
	order := map[string]int{}
	for i, k := range t.Key {
		order[strings.ToLower(k)] = i
	}
	sort.Slice(parts, func(i, j int) bool {
		a, _, _ := strings.Cut(parts[i], "=")
		b, _, _ := strings.Cut(parts[j], "=")
		return order[strings.ToLower(a)] < order[strings.ToLower(b)]
	})
	return "(" + strings.Join(parts, ", ") + ")"
}

func quoteTable(quote func(string) string, name string) string {
	parts := strings.Split(name, ".")
	for i, p := range parts {
		parts[i] = quote(p)
	}
	return strings.Join(parts, ".")
}

// liveValue is the marker value of a live row, as a literal.
func liveValue(dialect string, m policy.Marker) string {
	switch m {
	case policy.Flag:
		if dialect == "sqlite" {
			return "0"
		}
		return "FALSE"
	case policy.Unix:
		return "0"
	}
	return "NULL"
}

// live reports whether a marker value read back is a live row's.
func live(m policy.Marker, v any) bool {
	switch x := v.(type) {
	case nil:
		return m != policy.Unix // NULL: live but for a unix marker, whose live value is 0
	case bool:
		return !x
	case int64:
		return x == 0
	case []byte:
		return live(m, string(x))
	case string:
		switch m {
		case policy.Timestamp:
			return false
		default:
			return x == "0" || strings.EqualFold(x, "false") || x == "f"
		}
	}
	return false
}

// deletedAt renders a tombstone's deletion time.
func deletedAt(m policy.Marker, v any) string {
	switch x := v.(type) {
	case time.Time:
		return x.UTC().Format(time.RFC3339)
	case int64:
		if m == policy.Unix {
			return time.Unix(x, 0).UTC().Format(time.RFC3339)
		}
	case []byte:
		return deletedAt(m, string(x))
	case string:
		if m == policy.Unix {
			if n, err := strconv.ParseInt(x, 10, 64); err == nil {
				return deletedAt(m, n)
			}
		}
		return x
	}
	return fmt.Sprint(v)
}
