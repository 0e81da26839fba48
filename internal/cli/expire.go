package cli

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strconv"
	"time"

	"github.com/tombstone-sql/tombstone"
	"github.com/tombstone-sql/tombstone/internal/dburl"
	"github.com/tombstone-sql/tombstone/lifecycle"
)

func runExpire(e *env, args []string) int {
	fs := e.flags("expire", "[--policy FILE] --dsn URL [--dry-run] [--batch N] [--table T]... [--format text|json] [--actor A] [--role R]")
	path := fs.String("policy", "tombstone.yaml", "the policy file")
	dsn := fs.String("dsn", "", "the database URL: postgres://…, mysql://…, sqlite:PATH")
	dry := fs.Bool("dry-run", false, "print what would be purged, anonymized and expired; change nothing")
	batch := fs.Int("batch", lifecycle.DefaultBatch, "rows per batch, each in its own transaction (1 to 10000)")
	var tables listFlag
	fs.Var(&tables, "table", "only this table (repeatable)")
	format := fs.String("format", "text", "output format: text or json")
	actor := fs.String("actor", lifecycle.DefaultActor, "the actor the audit trail records")
	role := fs.String("role", "", "the policy role the job acts as (needed when the policy has roles)")
	if code, ok := e.parse(fs, args); !ok {
		return code
	}
	if *format != "text" && *format != "json" {
		fmt.Fprintf(e.stderr, "tombstone expire: unknown --format %q; expected text or json\n", *format)
		return exitUsage
	}
	if *batch < 1 || *batch > 10000 {
		fmt.Fprintf(e.stderr, "tombstone expire: --batch %d; use 1 to 10000 rows\n", *batch)
		return exitUsage
	}
	if *actor == "" {
		fmt.Fprintln(e.stderr, "tombstone expire: --actor is empty; name who runs the job, or leave the flag out")
		return exitUsage
	}
	url, err := dburl.FromEnv(*dsn)
	if err != nil {
		fmt.Fprintf(e.stderr, "tombstone expire: %v\n", err)
		return exitUsage
	}
	p, ok := e.loadPolicy("expire", *path)
	if !ok {
		return exitUsage
	}
	logger := slog.New(slog.NewTextHandler(e.stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	db, target, err := dburl.Open(url, p, tombstone.WithLogger(logger))
	if err != nil {
		fmt.Fprintf(e.stderr, "tombstone expire: %v\n", err)
		return exitUsage
	}
	defer db.Close()

	opts := []lifecycle.Option{lifecycle.WithBatch(*batch), lifecycle.WithTables(tables...), lifecycle.WithActor(*actor)}
	if *dry {
		opts = append(opts, lifecycle.WithDryRun())
	}
	if *role != "" {
		opts = append(opts, lifecycle.WithRole(*role))
	}
	progress := terminal(e.stderr)
	if progress {
		opts = append(opts, lifecycle.WithProgress(func(s lifecycle.Step) {
			fmt.Fprintf(e.stderr, "\r%s %s: %d rows in %d batches", s.Table, s.Action, s.Rows, s.Batches)
		}))
	}
	rep, err := lifecycle.Expire(context.Background(), db, p, target.Dialect, opts...)
	if progress {
		fmt.Fprint(e.stderr, "\r\033[K")
	}
	if rep != nil {
		if werr := writeReport(e.stdout, rep, *format); werr != nil {
			fmt.Fprintf(e.stderr, "tombstone expire: %v\n", werr)
			return exitFinding
		}
	}
	if errors.Is(err, lifecycle.ErrUnknownTable) {
		fmt.Fprintf(e.stderr, "tombstone expire: %v\n", err)
		return exitUsage
	}
	if err != nil {
		fmt.Fprintf(e.stderr, "tombstone expire: %v\n", err)
		if errors.Is(err, tombstone.ErrForbidden) {
			fmt.Fprintln(e.stderr, "tombstone expire: pass --role with a role of the policy that may see deleted rows and purge them (see_deleted, purge)")
		}
		if rep == nil {
			fmt.Fprintln(e.stderr, "tombstone expire: nothing was changed")
			return exitUsage
		}
		fmt.Fprintln(e.stderr, "tombstone expire: the batches before the failure are committed, the failing one rolled back; run again once it is fixed")
		return exitFinding
	}
	return exitOK
}

// terminal reports whether w is a terminal, for progress lines.
func terminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

func writeReport(w io.Writer, rep *lifecycle.Report, format string) error {
	if format == "json" {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(rep)
	}
	verb := map[lifecycle.Action]string{lifecycle.ActionPurge: "purged", lifecycle.ActionAnonymize: "anonymized", lifecycle.ActionExpire: "expired"}
	if rep.DryRun {
		verb = map[lifecycle.Action]string{lifecycle.ActionPurge: "would purge", lifecycle.ActionAnonymize: "would anonymize", lifecycle.ActionExpire: "would expire"}
	}
	width := 5
	for _, s := range rep.Steps {
		width = max(width, len(s.Table))
	}
	if len(rep.Steps) == 0 {
		fmt.Fprintln(w, "Nothing to do: the policy has no timed rule for these tables.")
	}
	for _, s := range rep.Steps {
		line := fmt.Sprintf("%-*s  %-15s %s  (%s)", width, s.Table, verb[s.Action], rows(s.Rows), s.Rule)
		if s.Skipped != "" {
			line += "; skipped: " + s.Skipped
		}
		fmt.Fprintln(w, line)
	}
	if rep.DryRun {
		fmt.Fprintf(w, "Dry run: nothing was changed (%s).\n", rep.Duration.Round(time.Millisecond))
		return nil
	}
	fmt.Fprintf(w, "Done in %s; longest batch %s.\n", rep.Duration.Round(time.Millisecond), rep.LongestBatch.Round(time.Millisecond))
	return nil
}

func rows(n int64) string {
	if n == 1 {
		return "1 row"
	}
	return strconv.FormatInt(n, 10) + " rows"
}
