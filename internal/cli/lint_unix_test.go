//go:build unix

package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestLintSpecialFiles checks that a FIFO named *.sql in a linted
// directory is skipped, not read (which would wait for a writer forever),
// that naming one is bad usage, and that a directory named through a
// symbolic link is linted.
func TestLintSpecialFiles(t *testing.T) {
	policyPath, err := filepath.Abs("../../testdata/lint/tombstone.yaml")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	t.Chdir(dir)
	if err := os.Mkdir("reports", 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile("reports/a.sql", []byte("SELECT * FROM customers;\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mkfifo("reports/pipe.sql", 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("reports", "linked"); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		arg    string
		code   int
		stdout string // the start of each line
		stderr string
	}{
		{"reports", exitFinding, "reports/a.sql:1:15: TS001 ", ""},
		{"linked", exitFinding, "linked/a.sql:1:15: TS001 ", ""},
		{"reports/pipe.sql", exitUsage, "", "tombstone lint: reports/pipe.sql: not a regular file (a named pipe); tombstone lint reads SQL files and directories\n"},
	}
	for _, tt := range tests {
		t.Run(tt.arg, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			done := make(chan int)
			go func() {
				done <- Run([]string{"lint", "--policy", policyPath, "--dialect", "postgres", tt.arg}, nil, &stdout, &stderr)
			}()
			select {
			case code := <-done:
				if code != tt.code || stderr.String() != tt.stderr {
					t.Errorf("exit %d, stderr %q; want %d, %q", code, stderr.String(), tt.code, tt.stderr)
				}
				lines := strings.Split(strings.TrimSuffix(stdout.String(), "\n"), "\n")
				if tt.stdout == "" && stdout.Len() > 0 || tt.stdout != "" && (!strings.HasPrefix(lines[0], tt.stdout) || strings.Count(stdout.String(), ": TS") != 1) {
					t.Errorf("stdout %q; want one finding starting %q", stdout.String(), tt.stdout)
				}
			case <-time.After(20 * time.Second):
				t.Fatal("tombstone lint did not finish: it opened the FIFO")
			}
		})
	}
}
