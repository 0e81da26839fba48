package cli

import (
	"bytes"
	"runtime/debug"
	"strings"
	"testing"
)

func TestVersion(t *testing.T) {
	vcs := func(modified string) []debug.BuildSetting {
		return []debug.BuildSetting{
			{Key: "vcs", Value: "git"},
			{Key: "vcs.revision", Value: "0123456789abcdef0123456789abcdef01234567"},
			{Key: "vcs.time", Value: "2026-11-30T10:00:00Z"},
			{Key: "vcs.modified", Value: modified},
		}
	}
	tests := []struct {
		name string
		info *debug.BuildInfo
		want string
	}{
		{"no build info", nil, "tombstone (unknown version: the binary has no build info)"},
		{"a release through go install", &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Path: "github.com/tombstone-sql/tombstone", Version: "v1.4.0"}},
			"tombstone v1.4.0 (go1.26.8)"},
		{"a checkout", &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Version: "(devel)"}, Settings: vcs("false")},
			"tombstone (devel) (revision 0123456789ab of 2026-11-30T10:00:00Z; go1.26.8)"},
		{"a checkout with changes", &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Version: "(devel)"}, Settings: vcs("true")},
			"tombstone (devel) (revision 0123456789ab of 2026-11-30T10:00:00Z, modified; go1.26.8)"},
		{"no version at all", &debug.BuildInfo{}, "tombstone (devel)"},
	}
	for _, tt := range tests {
		if got := version(tt.info); got != tt.want {
			t.Errorf("%s: version() = %q, want %q", tt.name, got, tt.want)
		}
	}
	for _, args := range [][]string{{"version"}, {"--version"}} {
		var out, errb bytes.Buffer
		if code := Run(args, nil, &out, &errb); code != exitOK || errb.Len() > 0 || !strings.HasPrefix(out.String(), "tombstone ") {
			t.Errorf("tombstone %s: exit %d, stdout %q, stderr %q", args[0], code, out.String(), errb.String())
		}
	}
}
