package cli

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestHelp runs every command of commands() with -h and with flags it does
// not have: -h lists each flag on one line of its own, a misspelt flag is
// answered with the flag meant, and running without a required flag says
// how to add it. The outputs are kept in testdata/cli-help/NAME.txt
// (regenerated with -update), so a command added later is covered the day
// it lands.
func TestHelp(t *testing.T) {
	t.Setenv("TOMBSTONE_DSN", "")
	run := runEnv
	for _, c := range commands() {
		t.Run(c.name, func(t *testing.T) {
			var golden strings.Builder
			record := func(args []string, stdout, stderr string, code int) {
				fmt.Fprintf(&golden, "$ tombstone %s\n%s%s(exit %d)\n\n", strings.Join(args, " "), stdout, stderr, code)
			}

			e, stdout, stderr, code := run(c.name, "-h")
			record([]string{c.name, "-h"}, stdout, stderr, code)
			if code != exitOK || stderr != "" {
				t.Errorf("-h: exit %d, stderr %q; want 0 and nothing", code, stderr)
			}
			if e.fs == nil {
				t.Fatal("the command made no FlagSet through env.flags")
			}
			if !strings.HasPrefix(stdout, "Usage: tombstone "+c.name) {
				t.Errorf("-h does not start with the usage line:\n%s", stdout)
			}
			var flags []*flag.Flag
			e.fs.VisitAll(func(f *flag.Flag) { flags = append(flags, f) })
			_, list, _ := strings.Cut(stdout, "\nFlags:\n")
			lines := strings.Split(strings.TrimRight(list, "\n"), "\n")
			if len(flags) == 0 {
				lines = nil
			}
			if len(lines) != len(flags) {
				t.Errorf("-h lists %d lines for %d flags:\n%s", len(lines), len(flags), list)
			}
			for _, f := range flags {
				n := 0
				for _, l := range lines {
					if strings.HasPrefix(l, "  "+dash(f.Name)+" ") {
						n++
					}
				}
				if n != 1 {
					t.Errorf("flag %s is on %d lines of -h, want 1", dash(f.Name), n)
				}
			}

			args := []string{c.name, "--no-such-flag"}
			_, stdout, stderr, code = run(args...)
			record(args, stdout, stderr, code)
			if code != exitUsage || stdout != "" || !strings.HasPrefix(stderr, "tombstone "+c.name+": unknown flag --no-such-flag") ||
				!strings.Contains(stderr, "tombstone "+c.name+" -h") {
				t.Errorf("unknown flag: exit %d, stdout %q, stderr %q", code, stdout, stderr)
			}
			for _, f := range flags {
				if len(f.Name) < 3 {
					continue
				}
				_, _, stderr, code := run(c.name, dash(f.Name)+"x")
				if want := "did you mean " + dash(f.Name) + "?"; code != exitUsage || !strings.Contains(stderr, want) {
					t.Errorf("%sx: exit %d, stderr %q; want 2 and %q", dash(f.Name), code, stderr, want)
				}
			}

			if req := required(e.synopsis); len(req) > 0 {
				args := []string{c.name}
				_, stdout, stderr, code := run(args...)
				record(args, stdout, stderr, code)
				if code != exitUsage {
					t.Errorf("without required flags: exit %d, want 2", code)
				}
				for _, name := range req {
					if want := dash(name) + " is required; add " + dash(name); !strings.Contains(stderr, want) {
						t.Errorf("without required flags: stderr %q lacks %q", stderr, want)
					}
				}
			}

			path := filepath.Join("..", "..", "testdata", "cli-help", c.name+".txt")
			if *update {
				if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(path, []byte(golden.String()), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v; run go test ./internal/cli -run TestHelp -update and review the file", err)
			}
			if diff := cmp.Diff(string(want), golden.String()); diff != "" {
				t.Errorf("%s (-want +got):\n%s", path, diff)
			}
		})
	}
}

func TestDidYouMean(t *testing.T) {
	names := []string{"policy", "dialect", "format", "f", "fix", "diff", "with-deleted"}
	tests := []struct{ typed, want string }{
		{"polciy", "policy"},
		{"polic", "policy"},
		{"dialet", "dialect"},
		{"form", "format"},
		{"fxi", "fix"},
		{"x", ""},
		{"g", ""},
		{"with-delted", "with-deleted"},
		{"POLICY", "policy"},
		{"database", ""},
	}
	for _, tt := range tests {
		if got := didYouMean(tt.typed, names); got != tt.want {
			t.Errorf("didYouMean(%q) = %q, want %q", tt.typed, got, tt.want)
		}
	}
}

func TestRequired(t *testing.T) {
	tests := []struct {
		synopsis string
		want     []string
	}{
		{"", nil},
		{"--policy FILE [--format text|markdown]", []string{"policy"}},
		{"--policy FILE --dialect a|b [--with-deleted TABLE]... [--hard-delete] < in.sql", []string{"policy", "dialect"}},
		{"[--policy FILE] [-f sqlc.yaml] [--fix | --diff] [PATH]...", nil},
		{"--dsn URL [--dialect NAME [--schema S]] --policy=FILE", []string{"dsn", "policy"}},
	}
	for _, tt := range tests {
		if diff := cmp.Diff(tt.want, required(tt.synopsis)); diff != "" {
			t.Errorf("required(%q) (-want +got):\n%s", tt.synopsis, diff)
		}
	}
}

// TestDocsExamples runs every example of docs/cli.md written as a
// terminal session (a block starting with "$ tombstone …") and compares
// what it prints, stdout and stderr, with the page.
func TestDocsExamples(t *testing.T) {
	t.Setenv("TOMBSTONE_DSN", "")
	t.Chdir("../..") // the page's paths are the repository's
	page, err := os.ReadFile("docs/cli.md")
	if err != nil {
		t.Fatal(err)
	}
	blocks := regexp.MustCompile("(?s)```\n\\$ tombstone ([^\n]*)\n(.*?)```").FindAllSubmatch(page, -1)
	if len(blocks) == 0 {
		t.Fatal("docs/cli.md has no terminal examples")
	}
	for _, b := range blocks {
		args := strings.Fields(string(b[1]))
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			_, stdout, stderr, _ := runEnv(args...)
			if diff := cmp.Diff(string(b[2]), stdout+stderr); diff != "" {
				t.Errorf("docs/cli.md: tombstone %s (-page +output):\n%s", b[1], diff)
			}
		})
	}
}

func runEnv(args ...string) (e *env, stdout, stderr string, code int) {
	var out, errb bytes.Buffer
	e = &env{stdin: strings.NewReader(""), stdout: &out, stderr: &errb}
	code = e.run(args)
	return e, out.String(), errb.String(), code
}
