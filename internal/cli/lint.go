package cli

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/tombstone-sql/tombstone/internal/dialects"
	"github.com/tombstone-sql/tombstone/lint"
	"github.com/tombstone-sql/tombstone/lint/analyzer"
	"github.com/tombstone-sql/tombstone/rewrite"
)

const lintSynopsis = "[--policy FILE] [--dialect NAME] [-f sqlc.yaml] [--format text|json|sarif|github] [--severity note|warning|error] [--disable RULE]... [--fix | --diff] [PATH]..."

// target is one SQL file and the dialect it is linted in.
type target struct {
	file    string
	dialect rewrite.Dialect
}

func runLint(e *env, args []string) int {
	flags := e.flags("lint", lintSynopsis)
	policyPath := flags.String("policy", "tombstone.yaml", "the policy file")
	dname := flags.String("dialect", "", "SQL dialect of .sql files: "+strings.Join(dialects.Names(), ", ")+" (default: the policy's dialect)")
	sqlcPath := flags.String("f", "", "an sqlc config (sqlc.yaml, sqlc.yml or sqlc.json) whose queries to lint")
	format := flags.String("format", "text", "output format: "+strings.Join(lint.Formats, ", "))
	sevName := flags.String("severity", "warning", "the lowest severity that fails the run: note, warning or error")
	var disable listFlag
	flags.Var(&disable, "disable", "turn a rule off, by code or name (repeatable)")
	fix := flags.Bool("fix", false, "rewrite .sql files in place with the fixes")
	diff := flags.Bool("diff", false, "print the fixes as a unified diff instead of findings; change nothing")
	if code, ok := e.parseArgs(flags, args); !ok {
		return code
	}
	fail := func(format string, args ...any) int {
		fmt.Fprintf(e.stderr, "tombstone lint: "+format+"\n", args...)
		return exitUsage
	}
	if !contains(lint.Formats, *format) {
		return fail("unknown --format %q; expected %s", *format, strings.Join(lint.Formats, ", "))
	}
	threshold, err := lint.ParseSeverity(*sevName)
	if err != nil || threshold == lint.Off {
		return fail("unknown --severity %q; expected note, warning or error", *sevName)
	}
	if *fix && *diff {
		return fail("--fix and --diff exclude each other: --diff previews what --fix writes")
	}
	p, ok := e.loadPolicy("lint", *policyPath)
	if !ok {
		return exitUsage
	}
	cfg, err := lint.NewConfig(p)
	if err != nil {
		return fail("%v", err)
	}
	for _, r := range disable {
		if err := cfg.Set(r, "off"); err != nil {
			return fail("--disable: %v", err)
		}
	}
	l, err := lint.New(p, cfg)
	if err != nil {
		return fail("%v", err)
	}

	// Collect the files: sqlc configs give their own dialects; other paths
	// use --dialect or the policy's.
	var targets []target
	var configs []string
	var plain, goArgs []string
	if *sqlcPath != "" {
		configs = append(configs, *sqlcPath)
	}
	for _, a := range flags.Args() {
		switch {
		case lint.IsSQLCConfig(a):
			configs = append(configs, a)
		case goPattern(a):
			goArgs = append(goArgs, a)
		default:
			plain = append(plain, a)
		}
	}
	if len(configs) == 0 && len(plain) == 0 && len(goArgs) == 0 {
		found, err := lint.FindSQLCConfig(".")
		if err != nil {
			return fail("%v", err)
		}
		if found == "" {
			return fail("nothing to lint: name .sql files, directories or an sqlc config, or run where sqlc.yaml is")
		}
		configs = append(configs, found)
	}
	for _, c := range configs {
		sc, err := lint.LoadSQLC(c)
		if err != nil {
			return fail("%v", err)
		}
		for _, pkg := range sc.Packages {
			for _, f := range append(pkg.Files, pkg.Schema...) {
				targets = append(targets, target{f, pkg.Dialect})
			}
		}
	}
	if len(plain) > 0 {
		name := *dname
		if name == "" {
			name = p.Dialect
		}
		if name == "" {
			return fail("no dialect for %s: give --dialect (postgres, mysql or sqlite) or set dialect in %s", plain[0], *policyPath)
		}
		d, ok := dialects.Lookup(name)
		if !ok {
			if known(name) {
				return fail("the %s dialect is not available in this build of tombstone", name)
			}
			return fail("unknown dialect %q; expected postgres, mysql or sqlite", name)
		}
		for _, a := range plain {
			files, err := lint.SQLFiles(a)
			if err != nil {
				return fail("%v", err)
			}
			for _, f := range files {
				targets = append(targets, target{f, d})
			}
		}
	}

	var all []*lint.Finding
	var diffs strings.Builder
	// A file named twice (reports and ./reports/x.sql, or through a
	// symbolic link) is linted once in each dialect.
	type key struct{ file, dialect string }
	seen := map[key]bool{}
	if *fix || *diff {
		// Fixes in two dialects would be two different texts for one file.
		dialectOf := map[string]string{}
		for _, t := range targets {
			f, n := same(t.file), t.dialect.Name()
			if prev, ok := dialectOf[f]; ok && prev != n {
				return fail("%s is linted as %s and as %s (listed under two sqlc engines?); --fix and --diff need one dialect per file: lint it without them, or list it once", display(t.file), prev, n)
			}
			dialectOf[f] = n
		}
	}
	for _, t := range targets {
		k := key{same(t.file), t.dialect.Name()}
		if seen[k] {
			continue
		}
		seen[k] = true
		src, err := os.ReadFile(t.file)
		if err != nil {
			return fail("%s: cannot read: %v", t.file, cause(err))
		}
		res, err := l.File(display(t.file), src, t.dialect)
		if err != nil {
			return fail("%v", err)
		}
		if res.Fixed != res.Source {
			switch {
			case *diff:
				diffs.WriteString(lint.Diff(display(t.file), res.Source, res.Fixed))
			case *fix:
				if err := os.WriteFile(t.file, []byte(res.Fixed), 0o644); err != nil {
					return fail("%s: cannot write the fix: %v", t.file, cause(err))
				}
				// Report what the fix left: suppressed and unfixable findings.
				if res, err = l.File(display(t.file), []byte(res.Fixed), t.dialect); err != nil {
					return fail("%v", err)
				}
			}
		}
		all = append(all, res.Findings...)
	}
	if len(goArgs) > 0 {
		// Go files are never rewritten: their fixes are the analyzer's
		// suggested fixes (tombstone-vet -fix).
		found, err := lintGo(goArgs, analyzer.Settings{Policy: same(*policyPath), Dialect: *dname, Disable: disable}, cfg)
		if err != nil {
			return fail("%v", err)
		}
		all = append(all, found...)
	}
	lint.Sort(all)
	if *diff {
		fmt.Fprint(e.stdout, diffs.String())
	} else if err := lint.Write(e.stdout, *format, all); err != nil {
		return fail("%v", err)
	}
	for _, f := range all {
		if !f.Suppressed && f.Severity >= threshold {
			return exitFinding
		}
	}
	return exitOK
}

// display returns a path relative to the working directory when it lies
// under it, so findings name files the way a repository does.
func display(path string) string {
	if !filepath.IsAbs(path) {
		return filepath.ToSlash(filepath.Clean(path))
	}
	if wd, err := os.Getwd(); err == nil {
		if rel, err := filepath.Rel(wd, path); err == nil && !strings.HasPrefix(rel, "..") {
			return filepath.ToSlash(rel)
		}
	}
	return filepath.ToSlash(path)
}

// same returns the path that names a file however it is spelled: absolute,
// cleaned, with symbolic links resolved where possible.
func same(path string) string {
	abs, err := filepath.Abs(path)
	if err != nil {
		return filepath.Clean(path)
	}
	if real, err := filepath.EvalSymlinks(abs); err == nil {
		return real
	}
	return abs
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// cause returns a file system error's reason without the operation and
// path, which the message names already.
func cause(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// known reports whether tombstone has a dialect of that name, registered
// in this build or not.
func known(name string) bool {
	switch strings.ToLower(name) {
	case "postgres", "postgresql", "mysql", "sqlite":
		return true
	}
	return false
}
