package cli

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"slices"
	"strings"

	"github.com/tombstone-sql/tombstone/lint"
	"github.com/tombstone-sql/tombstone/review"
)

// runDoctor checks a live database against the policy: exit 0 when it is
// set up as the policy needs (advice and warnings only), 1 with an error
// finding, 2 usage or an unreachable database.
func runDoctor(e *env, args []string) int {
	fs := e.flags("doctor", "[--policy FILE] --dsn URL [--format text|json|sarif|github]")
	path := fs.String("policy", "tombstone.yaml", "the policy file")
	dsn := fs.String("dsn", "", "the database URL (postgres://…, mysql://…, sqlite:PATH)")
	format := fs.String("format", "text", "output format: text, json, sarif (code scanning) or github (workflow annotations)")
	if code, ok := e.parse(fs, args); !ok {
		return code
	}
	if !slices.Contains(lint.Formats, *format) {
		e.usageError(fs, "unknown --format %q; expected %s", *format, strings.Join(lint.Formats, ", "))
		return exitUsage
	}
	p, ok := e.loadPolicy("doctor", *path)
	if !ok {
		return exitUsage
	}
	src, err := os.ReadFile(*path)
	if err != nil {
		fmt.Fprintf(e.stderr, "tombstone doctor: %v\n", err)
		return exitUsage
	}
	db, dialect, ok := e.openPlain("doctor", *dsn)
	if !ok {
		return exitUsage
	}
	defer db.Close()
	ctx, cancel := context.WithTimeout(context.Background(), reviewTimeout)
	defer cancel()
	found, err := review.Doctor(ctx, db, p, dialect)
	if err != nil {
		fmt.Fprintf(e.stderr, "tombstone doctor: %s\n", oneLine(err.Error()))
		return exitUsage
	}
	findings := doctorFindings(*path, src, found)
	if err := lint.WriteRules(e.stdout, *format, "tombstone doctor", review.Rules, findings); err != nil {
		fmt.Fprintf(e.stderr, "tombstone doctor: %v\n", err)
		return exitUsage
	}
	errs := 0
	for _, f := range found {
		if f.Severity == lint.Error {
			errs++
		}
	}
	if *format == "text" {
		switch {
		case len(found) == 0:
			fmt.Fprintf(e.stdout, "The database is set up as %s needs.\n", *path)
		case errs > 0:
			fmt.Fprintf(e.stdout, "%s; the database is not set up as %s needs.\n", countWords(errs, len(found)-errs), *path)
		default:
			fmt.Fprintf(e.stdout, "%s; nothing blocks %s.\n", countWords(errs, len(found)-errs), *path)
		}
	}
	if errs > 0 {
		return exitFinding
	}
	return exitOK
}

func countWords(errs, others int) string {
	s := rows(int64(errs))
	s = strings.Replace(s, "row", "error", 1)
	if others > 0 {
		s += fmt.Sprintf(" and %d warnings or advice", others)
	}
	return s
}

// doctorFindings places doctor's findings in the policy file: at the
// table's entry (its name), or at the file's start for the policy as a
// whole.
func doctorFindings(file string, src []byte, found []review.Finding) []*lint.Finding {
	starts := []int{0}
	for i, c := range src {
		if c == '\n' {
			starts = append(starts, i+1)
		}
	}
	var out []*lint.Finding
	for _, f := range found {
		start, end := 0, 0
		if f.Line >= 1 && f.Line <= len(starts) {
			start = starts[f.Line-1]
			lineEnd := len(src)
			if f.Line < len(starts) {
				lineEnd = starts[f.Line] - 1
			}
			line := src[start:lineEnd]
			indent := len(line) - len(bytes.TrimLeft(line, " \t"))
			end = start + len(line)
			if i := bytes.IndexByte(line, ':'); i > indent {
				end = start + i
			}
			start += indent
		}
		lf := lint.NewFinding(file, src, start, end, f.Rule, f.Severity, f.Message)
		lf.Table = f.Table
		lf.Suggestion = f.Fix
		out = append(out, lf)
	}
	lint.Fingerprint(out)
	return out
}
