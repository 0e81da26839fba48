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
	exitUsage   = 2 // bad usage, a bad policy, unreadable input
)

type command struct {
	name    string
	summary string
	run     func(env *env, args []string) int
}

type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer
}

func commands() []command {
	return []command{
		{"explain", "print the policy as a plain page a team can pin up", runExplain},
		{"rewrite", "rewrite SQL on stdin so it enforces the policy", runRewrite},
		{"migrate", "print the DDL a database needs for the policy", runMigrate},
		{"expire", "purge, anonymize and expire what the policy's windows and periods say is due", runExpire},
		{"lint", "find SQL that would read deleted rows or break the policy", runLint},
		{"demo", "walk through the online store from the article", runDemo},
	}
}

// Run runs the tombstone command with args (without the program name) and
// returns the process exit code.
func Run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	e := &env{stdin: stdin, stdout: stdout, stderr: stderr}
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		usage(stdout)
		if len(args) == 0 {
			return exitUsage
		}
		return exitOK
	}
	for _, c := range commands() {
		if c.name == args[0] {
			return c.run(e, args[1:])
		}
	}
	fmt.Fprintf(stderr, "tombstone: unknown command %q; run \"tombstone help\"\n", args[0])
	return exitUsage
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "tombstone enforces a team's deletion policy where SQL flows.")
	fmt.Fprintln(w, "\nUsage: tombstone <command> [flags]\n\nCommands:")
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-9s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w, "\nRun \"tombstone <command> -h\" for a command's flags.")
}

// flags returns a FlagSet that reports errors to stderr and never exits.
func (e *env) flags(name, synopsis string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	fs.Usage = func() {
		fmt.Fprintf(e.stderr, "Usage: tombstone %s %s\n", name, synopsis)
		fs.PrintDefaults()
	}
	return fs
}

// parse parses flags and reports whether the command should go on; on false
// the caller returns code.
func (e *env) parse(fs *flag.FlagSet, args []string) (code int, ok bool) {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK, false
		}
		return exitUsage, false
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(e.stderr, "tombstone %s: unexpected argument %q\n", fs.Name(), fs.Arg(0))
		fs.Usage()
		return exitUsage, false
	}
	return 0, true
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
