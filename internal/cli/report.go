package cli

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/tombstone-sql/tombstone/review"
)

// runReport prints the storage and restore review of a live database:
// exit 0 printed, 2 usage or an unreachable database.
func runReport(e *env, args []string) int {
	fs := e.flags("report", "[--policy FILE] --dsn URL [--format text|markdown|json|html] [--months N]")
	path := fs.String("policy", "tombstone.yaml", "the policy file")
	dsn := fs.String("dsn", "", "the database URL (postgres://…, mysql://…, sqlite:PATH)")
	format := fs.String("format", "text", "output format: text, markdown, json or html (one self-contained page)")
	months := fs.Int("months", review.DefaultMonths, "the review period in months, the current one included (1 to 120)")
	if code, ok := e.parse(fs, args); !ok {
		return code
	}
	if !slices.Contains(review.Formats, *format) {
		e.usageError(fs, "unknown --format %q; expected %s", *format, strings.Join(review.Formats, ", "))
		return exitUsage
	}
	if *months < 1 || *months > 120 {
		e.usageError(fs, "--months %d; use 1 to 120", *months)
		return exitUsage
	}
	p, ok := e.loadPolicy("report", *path)
	if !ok {
		return exitUsage
	}
	db, dialect, ok := e.openPlain("report", *dsn)
	if !ok {
		return exitUsage
	}
	defer db.Close()
	ctx, cancel := context.WithTimeout(context.Background(), reviewTimeout)
	defer cancel()
	r, err := review.Gather(ctx, db, p, dialect, review.WithMonths(*months))
	if err != nil {
		fmt.Fprintf(e.stderr, "tombstone report: %s\n", oneLine(err.Error()))
		fmt.Fprintf(e.stderr, "tombstone report: run tombstone doctor --policy %s to see what the database lacks\n", *path)
		return exitUsage
	}
	if err := r.Write(e.stdout, *format); err != nil {
		fmt.Fprintf(e.stderr, "tombstone report: %v\n", err)
		return exitUsage
	}
	return exitOK
}
