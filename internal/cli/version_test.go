package cli

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
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

// TestVersionBinary builds the command from a git repository holding this
// checkout's files and checks that tombstone version names the commit. (A
// git worktree's own build has no VCS stamp: the go command looks for a
// .git directory.)
func TestVersionBinary(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the command")
	}
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	git := func(dir string, args ...string) string {
		t.Helper()
		cmd := exec.Command("git", append([]string{"-c", "user.name=test", "-c", "user.email=test@example.com"}, args...)...)
		cmd.Dir = dir
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("git %s: %v", strings.Join(args, " "), err)
		}
		return strings.TrimSpace(string(out))
	}
	repo := t.TempDir()
	for _, f := range strings.Split(git(root, "ls-files", "-co", "--exclude-standard"), "\n") {
		data, err := os.ReadFile(filepath.Join(root, f))
		if os.IsNotExist(err) {
			continue // deleted in the working tree
		}
		if err != nil {
			t.Fatal(err)
		}
		if err := os.MkdirAll(filepath.Join(repo, filepath.Dir(f)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(repo, f), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	git(repo, "init", "-q")
	git(repo, "add", "-A")
	git(repo, "commit", "-q", "-m", "checkout")
	rev := git(repo, "rev-parse", "HEAD")
	bin := filepath.Join(t.TempDir(), "tombstone")
	build := exec.Command("go", "build", "-buildvcs=true", "-trimpath", "-o", bin, "./cmd/tombstone")
	build.Dir = repo
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	for _, arg := range []string{"version", "--version"} {
		out, err := exec.Command(bin, arg).Output()
		if err != nil {
			t.Fatalf("tombstone %s: %v", arg, err)
		}
		// The module version is (devel), or since Go 1.24 a pseudo-version
		// made from the same commit.
		got := string(out)
		v, rest, _ := strings.Cut(strings.TrimPrefix(got, "tombstone "), " ")
		if v != "(devel)" && !strings.HasSuffix(v, "-"+rev[:12]) {
			t.Errorf("tombstone %s = %q: version %q is neither (devel) nor a pseudo-version of %s", arg, got, v, rev[:12])
		}
		if want := "(revision " + rev[:12] + " of "; !strings.HasPrefix(rest, want) || !strings.HasSuffix(rest, "; "+runtime.Version()+")\n") || strings.Contains(rest, "modified") {
			t.Errorf("tombstone %s = %q, want %q…; %s)", arg, got, want, runtime.Version())
		}
	}
}
