package cli

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/tombstone-sql/tombstone"
	"github.com/tombstone-sql/tombstone/internal/dburl"
	"github.com/tombstone-sql/tombstone/lifecycle"
)

// runErase erases one person's data per the policy's subjects, or replays
// an erasure log after a backup restore: exit 0 done, 1 refused or failed
// (nothing changed), 2 usage.
func runErase(e *env, args []string) int {
	fs := e.flags("erase", "[--policy FILE] --dsn URL --actor A [--subject KIND=ID] [--reason R] [--replay LOG] [--since TIME] [--role ROLE] [--dry-run] [--format text|json] [--log FILE]")
	path := fs.String("policy", "tombstone.yaml", "the policy file")
	dsn := fs.String("dsn", "", "the database URL (postgres://…, mysql://…, sqlite:PATH); default $"+dburl.EnvVar)
	subject := fs.String("subject", "", "the person to erase: KIND=ID, KIND one of the policy's subjects (or --replay)")
	replay := fs.String("replay", "", "apply again every erasure of this erasure log (after restoring a backup)")
	since := fs.String("since", "", "with --replay: only the erasures at or after this time (RFC 3339, or a date 2006-01-02)")
	actor := fs.String("actor", "", "who erases, for the audit trail")
	reason := fs.String("reason", "", "why: the privacy request it answers, for the audit trail; required with --subject")
	role := fs.String("role", "", "the policy role to act as (with roles in the policy it needs erase)")
	dry := fs.Bool("dry-run", false, "print the receipt of what would be erased; change nothing")
	format := fs.String("format", "text", "receipt format: text or json")
	logFile := fs.String("log", "", "append the erasure (kind, id, time) to this file, kept outside the database, for --replay")
	if code, ok := e.parse(fs, args); !ok {
		return code
	}
	fail := func(code int, format string, args ...any) int {
		fmt.Fprintf(e.stderr, "tombstone erase: "+format+"\n", args...)
		return code
	}
	switch {
	case *format != "text" && *format != "json":
		return fail(exitUsage, "unknown --format %q; expected text or json", *format)
	case *subject == "" && *replay == "":
		return fail(exitUsage, "say whom to erase with --subject KIND=ID, or give --replay LOG to apply an erasure log again")
	case *subject != "" && *replay != "":
		return fail(exitUsage, "--subject and --replay cannot be combined; erase one person, or replay a log")
	case *since != "" && *replay == "":
		return fail(exitUsage, "--since goes with --replay")
	case *replay != "" && (*logFile != "" || *dry):
		return fail(exitUsage, "--replay applies a log again; --log and --dry-run go with --subject")
	case *actor == "":
		return fail(exitUsage, "--actor is required: name who erases, for the audit trail")
	case *reason == "" && *replay == "":
		return fail(exitUsage, "--reason is required: say which privacy request the erasure answers, for the audit trail")
	}
	var sub lifecycle.Subject
	if *subject != "" {
		var err error
		if sub, err = lifecycle.ParseSubject(*subject); err != nil {
			return fail(exitUsage, "--subject: %v", err)
		}
	}
	var from time.Time
	if *since != "" {
		var err error
		if from, err = parseSince(*since); err != nil {
			return fail(exitUsage, "--since %q: %v", *since, err)
		}
	}
	p, ok := e.loadPolicy("erase", *path)
	if !ok {
		return exitUsage
	}
	if *subject != "" {
		if err := lifecycle.CheckSubject(p, sub); err != nil {
			return fail(exitUsage, "--subject: %v", err)
		}
	}
	url, err := dburl.FromEnv(*dsn)
	if err != nil {
		return fail(exitUsage, "%v", err)
	}
	logger := slog.New(slog.NewTextHandler(e.stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	db, target, err := dburl.Open(url, p, tombstone.WithLogger(logger))
	if err != nil {
		return fail(exitUsage, "%v", err)
	}
	defer db.Close()
	if err := db.Ping(); err != nil {
		return fail(exitUsage, "cannot reach the database: %s", oneLine(err.Error()))
	}
	opts := []lifecycle.Option{lifecycle.WithActor(*actor)}
	if *reason != "" {
		opts = append(opts, lifecycle.WithReason(*reason))
	}
	if *role != "" {
		opts = append(opts, lifecycle.WithRole(*role))
	}
	if *dry {
		opts = append(opts, lifecycle.WithDryRun())
	}
	if *logFile != "" {
		opts = append(opts, lifecycle.WithLog(*logFile))
	}
	ctx := context.Background()
	var receipts []*lifecycle.Receipt
	if *replay != "" {
		receipts, err = lifecycle.Replay(ctx, db, p, target.Dialect, *replay, from, opts...)
	} else {
		var rec *lifecycle.Receipt
		if rec, err = lifecycle.Erase(ctx, db, p, target.Dialect, sub, opts...); rec != nil {
			receipts = append(receipts, rec)
		}
	}
	if werr := writeReceipts(e, receipts, *format, *replay != ""); werr != nil {
		return fail(exitFinding, "%v", werr)
	}
	if err != nil {
		fmt.Fprintf(e.stderr, "tombstone erase: %s\n", oneLine(err.Error()))
		switch {
		case *replay != "" && len(receipts) > 0:
			fmt.Fprintf(e.stderr, "tombstone erase: the %d erasures before it are committed, the failing one rolled back; fix it and replay again (a replay leaves erased people as they are)\n", len(receipts))
		default:
			fmt.Fprintln(e.stderr, "tombstone erase: nothing was changed")
		}
		if errors.Is(err, lifecycle.ErrBadLog) || errors.Is(err, lifecycle.ErrUnknownSubject) || errors.Is(err, lifecycle.ErrBadSubject) {
			return exitUsage
		}
		return exitFinding
	}
	if *replay != "" && len(receipts) == 0 {
		fmt.Fprintln(e.stdout, "Nothing to replay: the log holds no erasure in that time.")
	}
	return exitOK
}

func writeReceipts(e *env, receipts []*lifecycle.Receipt, format string, replay bool) error {
	if format == "json" {
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		if replay {
			if receipts == nil {
				receipts = []*lifecycle.Receipt{}
			}
			return enc.Encode(receipts)
		}
		if len(receipts) == 0 {
			return nil
		}
		return enc.Encode(receipts[0])
	}
	for i, r := range receipts {
		if i > 0 {
			fmt.Fprintln(e.stdout)
		}
		if err := r.WriteText(e.stdout); err != nil {
			return err
		}
	}
	return nil
}

// parseSince reads an RFC 3339 time or a date (midnight UTC).
func parseSince(s string) (time.Time, error) {
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, nil
	}
	if t, err := time.Parse("2006-01-02", s); err == nil {
		return t, nil
	}
	return time.Time{}, errors.New("expected an RFC 3339 time like 2026-12-01T09:00:00Z, or a date like 2026-12-01")
}
