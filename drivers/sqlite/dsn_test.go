package sqlite

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestSplit reads tombstone_policy as modernc.org/sqlite reads DSN
// parameters, and keeps the rest of the DSN byte for byte, so SQLite never
// sees the parameter in a file: URI.
func TestSplit(t *testing.T) {
	for _, tc := range []struct {
		name, dsn string
		paths     []string
		rest      string
	}{
		{"file URI", "file:x.db?_pragma=foreign_keys(1)&tombstone_policy=t.yaml", []string{"t.yaml"}, "file:x.db?_pragma=foreign_keys(1)"},
		{"only parameter", "file:x.db?tombstone_policy=t.yaml", []string{"t.yaml"}, "file:x.db"},
		{"path", "x.db?tombstone_policy=a%20b.yaml&_pragma=busy_timeout(5000)", []string{"a b.yaml"}, "x.db?_pragma=busy_timeout(5000)"},
		{"escaped key", "x.db?tombstone%5Fpolicy=t.yaml&mode=ro", []string{"t.yaml"}, "x.db?mode=ro"},
		{"value holding the name", "file:x.db?vfs=tombstone_policy%3Dx", nil, "file:x.db?vfs=tombstone_policy%3Dx"},
		{"none", "file:x.db", nil, "file:x.db"},
		{"question mark first", "?tombstone_policy=t.yaml", nil, "?tombstone_policy=t.yaml"},
		{"duplicate", "x.db?tombstone_policy=a&tombstone_policy=b", []string{"a", "b"}, "x.db"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			paths, rest, err := split(tc.dsn)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.paths, paths); diff != "" {
				t.Errorf("paths (-want +got):\n%s", diff)
			}
			if rest != tc.rest {
				t.Errorf("rest = %q, want %q", rest, tc.rest)
			}
		})
	}
}
