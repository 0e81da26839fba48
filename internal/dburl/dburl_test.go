package dburl

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestParse(t *testing.T) {
	tests := []struct {
		url  string
		want Target
	}{
		{"postgres://postgres@127.0.0.1:5432/db?sslmode=disable", Target{"postgres", "pgx", "postgres://postgres@127.0.0.1:5432/db?sslmode=disable"}},
		{"postgresql://u@h/db", Target{"postgres", "pgx", "postgresql://u@h/db"}},
		{"mysql://root@127.0.0.1:3306/shop", Target{"mysql", "mysql", "root@tcp(127.0.0.1:3306)/shop"}},
		{"mysql://app:s%40cret@db/shop?parseTime=true", Target{"mysql", "mysql", "app:s@cret@tcp(db:3306)/shop?parseTime=true"}},
		{"sqlite:store.db", Target{"sqlite", "sqlite", "file:store.db"}},
		{"sqlite:///tmp/store.db", Target{"sqlite", "sqlite", "file:/tmp/store.db"}},
		{"file:/tmp/x.db?_pragma=foreign_keys(1)", Target{"sqlite", "sqlite", "file:/tmp/x.db?_pragma=foreign_keys(1)"}},
	}
	for _, tt := range tests {
		got, err := Parse(tt.url)
		if err != nil {
			t.Errorf("Parse(%q): %v", tt.url, err)
			continue
		}
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("Parse(%q) (-want +got):\n%s", tt.url, diff)
		}
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct{ url, want string }{
		{"store.db", "has no scheme"},
		{"oracle://x", `scheme "oracle" is not one tombstone knows`},
		{"sqlite:", "names no file"},
		{"mysql://u:hunter2@h/db?parseTime=maybe", "parseTime"},
	}
	for _, tt := range tests {
		_, err := Parse(tt.url)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("Parse(%q) = %v, want an error containing %q", tt.url, err, tt.want)
		}
		if err != nil && strings.Contains(err.Error(), "hunter2") {
			t.Errorf("Parse(%q) error repeats the password: %v", tt.url, err)
		}
	}
}

func TestFromEnv(t *testing.T) {
	t.Setenv(EnvVar, "")
	if _, err := FromEnv(""); err != ErrNoURL {
		t.Errorf("FromEnv with nothing = %v, want ErrNoURL", err)
	}
	t.Setenv(EnvVar, "sqlite:a.db")
	if got, _ := FromEnv(""); got != "sqlite:a.db" {
		t.Errorf("FromEnv from the environment = %q", got)
	}
	if got, _ := FromEnv("sqlite:b.db"); got != "sqlite:b.db" {
		t.Errorf("FromEnv with a flag = %q, want the flag", got)
	}
}
