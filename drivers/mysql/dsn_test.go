package mysql

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/tombstone-sql/tombstone"
)

// TestSplit reads tombstone_policy as go-sql-driver's ParseDSN reads
// parameters, and leaves nothing of it in the parameters the driver sends
// the server as SET statements.
func TestSplit(t *testing.T) {
	for _, tc := range []struct {
		name, dsn string
		paths     []string
		password  string
		params    map[string]string
	}{
		{"parameter", "u@tcp(h:3306)/db?parseTime=true&tombstone_policy=%2Freal", []string{"/real"}, "", nil},
		{"first", "u@tcp(h:3306)/db?tombstone_policy=%2Fmy%20policies%2Ft.yaml&sql_mode=%27ANSI%27", []string{"/my policies/t.yaml"}, "", map[string]string{"sql_mode": "'ANSI'"}},
		{"password holding the name", "u:a&tombstone_policy=%2Fx@tcp(h)/db?tombstone_policy=%2Freal", []string{"/real"}, "a&tombstone_policy=%2Fx", nil},
		{"password holding a slash and the name", "u:a/b?tombstone_policy=x@tcp(h)/db?tombstone_policy=%2Freal", []string{"/real"}, "a/b?tombstone_policy=x", nil},
		{"value holding the name", "u@tcp(h)/db?sql_mode=%27tombstone_policy%3D%2Fx%27", nil, "", map[string]string{"sql_mode": "'tombstone_policy=/x'"}},
		{"none", "u@tcp(h)/db", nil, "", nil},
		{"duplicate", "u@tcp(h)/db?tombstone_policy=%2Fa&tombstone_policy=%2Fb", []string{"/a", "/b"}, "", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			paths, cfg, err := split(tc.dsn)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.paths, paths); diff != "" {
				t.Errorf("paths (-want +got):\n%s", diff)
			}
			if cfg.Passwd != tc.password {
				t.Errorf("password = %q, want %q", cfg.Passwd, tc.password)
			}
			if diff := cmp.Diff(tc.params, cfg.Params, cmpEmpty); diff != "" {
				t.Errorf("parameters sent to the server (-want +got):\n%s", diff)
			}
		})
	}
}

var cmpEmpty = cmp.FilterValues(func(a, b map[string]string) bool { return len(a) == 0 && len(b) == 0 }, cmp.Ignore())

// TestSplitUnescaped: ParseDSN takes the last '/' for the one before the
// database name, so an unescaped path breaks the DSN; the error says to
// escape it.
func TestSplitUnescaped(t *testing.T) {
	_, _, err := SplitDSN("u@tcp(h)/db?tombstone_policy=/etc/tombstone.yaml")
	if err == nil || !strings.Contains(err.Error(), "tombstone_policy=%2Fetc%2Ftombstone.yaml") {
		t.Fatalf("err = %v, want one saying to escape the value", err)
	}
	if errors.Is(err, tombstone.ErrDSN) {
		t.Log(err)
	}
}
