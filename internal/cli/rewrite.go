package cli

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/tombstone-sql/tombstone/internal/dialects"
	"github.com/tombstone-sql/tombstone/rewrite"
)

func runRewrite(e *env, args []string) int {
	names := strings.Join(dialects.Names(), "|")
	fs := e.flags("rewrite", "--policy FILE --dialect "+names+" [--with-deleted TABLE]... [--only-deleted TABLE]... [--hard-delete] [--allow-schema-changes] < statements.sql")
	path := fs.String("policy", "", "the policy file (tombstone.yaml)")
	dname := fs.String("dialect", "", "SQL dialect: "+names)
	var with, only listFlag
	fs.Var(&with, "with-deleted", "let statements see TABLE's tombstones too (repeatable; * for every table)")
	fs.Var(&only, "only-deleted", "let statements see only TABLE's tombstones (repeatable; * for every table)")
	hard := fs.Bool("hard-delete", false, "make DELETE on soft tables a real DELETE")
	changes := fs.Bool("allow-schema-changes", false, "allow DDL that drops or renames governed tables, their schemas, or their marker and key columns")
	if code, ok := e.parse(fs, args); !ok {
		return code
	}
	d, ok := dialects.Lookup(*dname)
	if !ok {
		fmt.Fprintf(e.stderr, "tombstone rewrite: --dialect must be one of %s (got %q)\n", names, *dname)
		return exitUsage
	}
	p, ok := e.loadPolicy("rewrite", *path)
	if !ok {
		return exitUsage
	}
	sql, err := io.ReadAll(e.stdin)
	if err != nil {
		fmt.Fprintf(e.stderr, "tombstone rewrite: reading stdin: %v\n", err)
		return exitUsage
	}
	rw := rewrite.New(p, d)
	out, err := rw.Rewrite(string(sql), rewrite.Scope{WithDeleted: with, OnlyDeleted: only, HardDelete: *hard, SchemaChanges: *changes})
	if err != nil {
		var r *rewrite.Refusal
		if errors.As(err, &r) {
			fmt.Fprintln(e.stderr, oneLine(err.Error()))
			return exitFinding
		}
		fmt.Fprintln(e.stderr, err)
		return exitUsage
	}
	io.WriteString(e.stdout, out)
	return exitOK
}

// oneLine keeps a message on one line.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }
