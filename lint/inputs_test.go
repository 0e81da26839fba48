//go:build unix

package lint_test

import (
	"errors"
	"os"
	"syscall"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/tombstone-sql/tombstone/lint"
)

// TestSQLFiles lists a tree with hidden entries, a down migration, a FIFO,
// symbolic links to directories (one back up the tree) and to files, and
// a directory reached through a symbolic link.
func TestSQLFiles(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	for _, f := range []string{"reports/a.sql", "reports/.b.sql", "reports/.git/c.sql", "reports/1.down.sql", "reports/sub/d.sql", "reports/e.txt", "shared/f.sql"} {
		write(t, f, "SELECT 1;")
	}
	if err := syscall.Mkfifo("reports/pipe.sql", 0o644); err != nil {
		t.Fatal(err)
	}
	for link, to := range map[string]string{
		"reports/sub/up":      "..",                  // a cycle: walked once
		"reports/shared":      "../shared",           // a directory elsewhere
		"reports/again":       "sub",                 // a directory walked already
		"reports/g.sql":       "../shared/f.sql",     // a file
		"reports/dangling.md": "nowhere",             // not SQL: ignored
		"linked":              "reports",             // the root itself
		"reports/.hidden":     "../shared",           // hidden: ignored
		"pipe.sql":            "reports/pipe.sql",    // a named FIFO
		"missing.sql":         "reports/nowhere.sql", // named, dangling
	} {
		if err := os.Symlink(to, link); err != nil {
			t.Fatal(err)
		}
	}
	tests := []struct {
		path string
		want []string
	}{
		{"reports", []string{"reports/a.sql", "reports/g.sql", "reports/shared/f.sql", "reports/sub/d.sql"}},
		// Through a link, files keep the spelling given.
		{"linked", []string{"linked/a.sql", "linked/g.sql", "linked/shared/f.sql", "linked/sub/d.sql"}},
		{"./linked/", []string{"linked/a.sql", "linked/g.sql", "linked/shared/f.sql", "linked/sub/d.sql"}},
		{"reports/a.sql", []string{"reports/a.sql"}},
		{"reports/g.sql", []string{"reports/g.sql"}},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			got, err := lint.SQLFiles(tt.path)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
	// Named, a FIFO (or a link to one) is refused: reading it would wait
	// for a writer forever.
	for _, path := range []string{"reports/pipe.sql", "pipe.sql", "missing.sql", "nothing"} {
		t.Run(path, func(t *testing.T) {
			_, err := lint.SQLFiles(path)
			var ie *lint.InputError
			if !errors.As(err, &ie) || ie.File != path {
				t.Errorf("err = %v, want an InputError naming %s", err, path)
			}
		})
	}
}

// TestSQLCGlobFIFO checks that sqlc paths skip a FIFO in a directory and
// refuse one named.
func TestSQLCGlobFIFO(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	write(t, "queries/a.sql", "SELECT 1;")
	if err := syscall.Mkfifo("queries/pipe.sql", 0o644); err != nil {
		t.Fatal(err)
	}
	got, err := lint.SQLCGlob([]string{"queries"})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"queries/a.sql"}, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	for _, p := range []string{"queries/pipe.sql", "queries/p*.sql"} {
		if _, err := lint.SQLCGlob([]string{p}); err == nil {
			t.Errorf("%s: no error", p)
		}
	}
}
