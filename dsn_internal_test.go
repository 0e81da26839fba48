package tombstone

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestPolicyParam reads tombstone_policy out of the DSN of a base driver
// without a DSN parser of its own (WithDSN): a URL query, or key=value
// words.
func TestPolicyParam(t *testing.T) {
	for _, tc := range []struct {
		name, dsn string
		paths     []string
		rest      string
	}{
		{"query", "db://h/x?a=1&tombstone_policy=%2Fp%20q.yaml&b=2", []string{"/p q.yaml"}, "db://h/x?a=1&b=2"},
		{"query first", "db://h/x?tombstone_policy=p&b=2", []string{"p"}, "db://h/x?b=2"},
		{"query only", "db://h/x?tombstone_policy=p", []string{"p"}, "db://h/x"},
		{"escaped key", "db://h/x?tombstone%5Fpolicy=p", []string{"p"}, "db://h/x"},
		{"value holding the name", "db://h/x?a=tombstone_policy%3Dp", nil, "db://h/x?a=tombstone_policy%3Dp"},
		{"words", "host=h tombstone_policy=p user=u", []string{"p"}, "host=h user=u"},
		{"none", "host=h", nil, "host=h"},
		{"duplicate", "db://h/x?tombstone_policy=a&tombstone_policy=b", []string{"a", "b"}, "db://h/x"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			paths, rest, err := policyParam(tc.dsn)
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
	if _, _, err := policyParam("db://h?tombstone_policy=%zz"); !errors.Is(err, ErrDSN) {
		t.Errorf("bad escape: err = %v, want ErrDSN", err)
	}
}
