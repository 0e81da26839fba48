// Package cli is the tombstone command: Run parses the arguments and runs
// one subcommand, so tests drive the real command without a process.
package cli

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/tombstone-sql/tombstone/policy"
)

// Exit codes shared by every subcommand.
const (
	exitOK      = 0
	exitFinding = 1 // a refused statement, a lint finding
	exitUsage   = 2 // bad usage, a bad policy, unreadable input, an unreachable database
)

type command struct {
	name    string
	summary string
	run     func(env *env, args []string) int
}

type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer

	// The running command's flags and synopsis, set by flags.
	fs       *flag.FlagSet
	synopsis string
}

func commands() []command {
	return []command{
		{"init", "read a live database's tables and print a starting policy", runInit},
		{"explain", "print the policy as a plain page a team can pin up", runExplain},
		{"rewrite", "rewrite SQL on stdin so it enforces the policy", runRewrite},
		{"migrate", "print the DDL a database needs for the policy", runMigrate},
		{"restore", "restore one tombstone by key, inside its restore window", runRestore},
		{"gen", "generate typed Go handles and migration files for the policy", runGen},
		{"expire", "purge, anonymize and expire what the policy's windows and periods say is due", runExpire},
		{"erase", "erase one person's data per the policy's subjects, with a receipt; replay an erasure log after a backup restore", runErase},
		{"report", "print the storage and restore review of a live database: tombstones, space, overdue rows, audit trail per month", runReport},
		{"doctor", "check that a live database is set up the way the policy needs", runDoctor},
		{"lint", "find SQL that would read deleted rows or break the policy", runLint},
		{"demo", "walk through the online store from the article", runDemo},
		{"version", "print tombstone's version", runVersion},
	}
}

// Run runs the tombstone command with args (without the program name) and
// returns the process exit code.
func Run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	return (&env{stdin: stdin, stdout: stdout, stderr: stderr}).run(args)
}

func (e *env) run(args []string) int {
	if len(args) == 0 {
		usage(e.stdout)
		return exitUsage
	}
	switch args[0] {
	case "-h", "-help", "--help":
		usage(e.stdout)
		return exitOK
	case "--version", "-version":
		return runVersion(e, args[1:])
	case "help":
		if len(args) == 1 {
			usage(e.stdout)
			return exitOK
		}
		// tombstone help CMD is tombstone CMD -h.
		args = []string{args[1], "-h"}
	}
	for _, c := range commands() {
		if c.name == args[0] {
			return c.run(e, args[1:])
		}
	}
	var names []string
	for _, c := range commands() {
		names = append(names, c.name)
	}
	hint := ""
	if s := didYouMean(args[0], names); s != "" {
		hint = " Did you mean " + s + "?"
	}
	fmt.Fprintf(e.stderr, "tombstone: unknown command %q.%s Run \"tombstone help\" for the commands.\n", args[0], hint)
	return exitUsage
}

// summary returns the one-line summary of the named command.
func summary(name string) string {
	for _, c := range commands() {
		if c.name == name {
			return c.summary
		}
	}
	return ""
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "tombstone enforces a team's deletion policy where SQL flows.")
	fmt.Fprintln(w, "\nUsage: tombstone <command> [flags]\n\nCommands:")
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-9s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w, "\nRun \"tombstone <command> -h\" for a command's flags.")
	fmt.Fprintln(w, "Exit status: 0 done, 1 a finding or refusal, 2 the command could not run.")
}

// loadPolicy loads the --policy file, printing every problem on failure.
func (e *env) loadPolicy(cmd, path string) (*policy.Policy, bool) {
	if path == "" {
		fmt.Fprintf(e.stderr, "tombstone %s: --policy is required (the path of tombstone.yaml)\n", cmd)
		return nil, false
	}
	p, err := policy.Load(path)
	if err != nil {
		var list policy.ErrorList
		if errors.As(err, &list) {
			for _, pe := range list {
				fmt.Fprintln(e.stderr, pe)
			}
		} else {
			fmt.Fprintf(e.stderr, "tombstone %s: %v\n", cmd, err)
		}
		return nil, false
	}
	return p, true
}

// listFlag collects a repeatable string flag.
type listFlag []string

func (l *listFlag) String() string     { return strings.Join(*l, ",") }
func (l *listFlag) Set(v string) error { *l = append(*l, v); return nil }

func runExplain(e *env, args []string) int {
	fs := e.flags("explain", "--policy FILE [--format text|markdown]")
	path := fs.String("policy", "", "the policy file (tombstone.yaml)")
	format := fs.String("format", "text", "output format: text or markdown")
	if code, ok := e.parse(fs, args); !ok {
		return code
	}
	if *format != "text" && *format != "markdown" {
		fmt.Fprintf(e.stderr, "tombstone explain: unknown --format %q; expected text or markdown\n", *format)
		return exitUsage
	}
	p, ok := e.loadPolicy("explain", *path)
	if !ok {
		return exitUsage
	}
	if err := p.Explain(e.stdout, *format); err != nil {
		fmt.Fprintf(e.stderr, "tombstone explain: %v\n", err)
		return exitUsage
	}
	return exitOK
}
