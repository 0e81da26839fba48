package pgx

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestSplit reads tombstone_policy as pgx reads its DSNs, URL and
// keyword/value forms, and leaves nothing of it in the run-time parameters
// pgx sends the server.
func TestSplit(t *testing.T) {
	for _, tc := range []struct {
		name, dsn string
		paths     []string
		password  string
		app       string
	}{
		{"url", "postgres://u@h/db?sslmode=disable&tombstone_policy=/real", []string{"/real"}, "", ""},
		{"url escaped", "postgres://u@h/db?tombstone_policy=%2Fmy%20policies%2Ft.yaml&application_name=a", []string{"/my policies/t.yaml"}, "", "a"},
		{"url password holding the name", "postgres://u:x%3Ftombstone_policy=%2Fx@h/db?tombstone_policy=/real", []string{"/real"}, "x?tombstone_policy=/x", ""},
		{"url none", "postgres://u@h/db?application_name=tombstone_policy", nil, "", "tombstone_policy"},
		{"keyword/value", "host=h dbname=d tombstone_policy=/real", []string{"/real"}, "", ""},
		{"quoted password holding the name", "host=h password='a tombstone_policy=/x' dbname=d tombstone_policy=/real", []string{"/real"}, "a tombstone_policy=/x", ""},
		{"escaped quote", `host=h password='it\'s tombstone_policy=/x' tombstone_policy=/real`, []string{"/real"}, "it's tombstone_policy=/x", ""},
		{"spaces around =", "host=h tombstone_policy = '/my policies/t.yaml' application_name = app", []string{"/my policies/t.yaml"}, "", "app"},
		{"backslash in a bare value", `host=h tombstone_policy=/a\ b`, []string{"/a b"}, "", ""},
		{"value holding the name", "host=h application_name='tombstone_policy=/x'", nil, "", "tombstone_policy=/x"},
		{"duplicate", "host=h tombstone_policy=/a tombstone_policy=/b", []string{"/a", "/b"}, "", ""},
		{"url duplicate", "postgres://h/db?tombstone_policy=/a&tombstone_policy=/b", []string{"/a", "/b"}, "", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			paths, cfg, err := split(tc.dsn)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.paths, paths); diff != "" {
				t.Errorf("paths (-want +got):\n%s", diff)
			}
			if _, ok := cfg.RuntimeParams["tombstone_policy"]; ok {
				t.Errorf("tombstone_policy reaches the server: %v", cfg.RuntimeParams)
			}
			if cfg.Password != tc.password {
				t.Errorf("password = %q, want %q", cfg.Password, tc.password)
			}
			if got := cfg.RuntimeParams["application_name"]; got != tc.app {
				t.Errorf("application_name = %q, want %q", got, tc.app)
			}
		})
	}
}
