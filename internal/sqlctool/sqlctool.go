// Package sqlctool gives tests a sqlc binary and tombstone's sqlc plugin.
//
// sqlc is never imported or vendored: its module is fetched into the module
// cache at test time (go mod download) and built once per version, Go
// toolchain and platform into the user's cache directory, so that every
// test package and every later run reuses the same binary. Building sqlc
// compiles libpg_query with cgo and takes minutes on a small machine; a
// cached binary takes none. TOMBSTONE_SQLC names a prebuilt binary instead.
package sqlctool

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// Version is the sqlc release the tests run; docs/generator.md names it.
const Version = "v1.31.1"

// Source puts sqlc's module in the module cache and returns its
// directory there (read-only).
func Source(t testing.TB) string {
	t.Helper()
	cmd := exec.Command("go", "mod", "download", "-json", "github.com/sqlc-dev/sqlc@"+Version)
	cmd.Dir = t.TempDir()
	cmd.Env = goEnv()
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go mod download sqlc@%s: %v\n%s", Version, err, out)
	}
	var m struct{ Dir, Error string }
	if err := json.Unmarshal(out, &m); err != nil || m.Dir == "" {
		t.Fatalf("go mod download sqlc@%s: %v %s\n%s", Version, err, m.Error, out)
	}
	return m.Dir
}

// Binary returns the path of a sqlc binary of Version, building it into
// the cache directory the first time.
func Binary(t testing.TB) string {
	t.Helper()
	if p := os.Getenv("TOMBSTONE_SQLC"); p != "" {
		return p
	}
	base, err := os.UserCacheDir()
	if err != nil {
		base = os.TempDir()
	}
	dir := filepath.Join(base, "tombstone", "sqlc", fmt.Sprintf("%s-%s-%s-%s", Version, runtime.Version(), runtime.GOOS, runtime.GOARCH))
	bin := filepath.Join(dir, "sqlc")
	if _, err := os.Stat(bin); err == nil {
		return bin
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	unlock, err := lock(filepath.Join(dir, "build.lock"))
	if err != nil {
		t.Fatal(err)
	}
	defer unlock()
	if _, err := os.Stat(bin); err == nil {
		return bin // another package built it while this one waited
	}
	src := Source(t)
	// Build beside the final name and rename, so that a concurrent test
	// package never runs a half-written binary.
	tmp, err := os.CreateTemp(dir, "sqlc-*.tmp")
	if err != nil {
		t.Fatal(err)
	}
	tmp.Close()
	defer os.Remove(tmp.Name())
	t.Logf("building sqlc %s into %s (once per version)", Version, dir)
	build := exec.Command("go", "build", "-trimpath", "-o", tmp.Name(), "./cmd/sqlc")
	build.Dir = src
	build.Env = goEnv()
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build sqlc@%s: %v\n%s", Version, err, out)
	}
	if err := os.Rename(tmp.Name(), bin); err != nil {
		t.Fatal(err)
	}
	return bin
}

// Plugin builds tombstone's plugin (cmd/sqlc-gen-tombstone of the module
// at root) into a fresh directory and returns that directory, to be put on
// sqlc's PATH.
func Plugin(t testing.TB, root string) string {
	t.Helper()
	dir := t.TempDir()
	build := exec.Command("go", "build", "-o", filepath.Join(dir, "sqlc-gen-tombstone"), "./cmd/sqlc-gen-tombstone")
	build.Dir = root
	build.Env = append(os.Environ(), "GOWORK=off")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build sqlc-gen-tombstone: %v\n%s", err, out)
	}
	return dir
}

// Generate runs `sqlc generate` in dir with the plugin directory first on
// sqlc's PATH (sqlc looks a bare plugin cmd up there; the plugin itself
// runs with an empty environment).
func Generate(t testing.TB, sqlc, pluginDir, dir string, args ...string) {
	t.Helper()
	if out, err := Run(sqlc, pluginDir, dir, append([]string{"generate"}, args...)...); err != nil {
		t.Fatalf("sqlc generate in %s: %v\n%s", dir, err, out)
	}
}

// Run runs sqlc with args in dir and returns its combined output.
func Run(sqlc, pluginDir, dir string, args ...string) ([]byte, error) {
	cmd := exec.Command(sqlc, args...)
	cmd.Dir = dir
	env := []string{"HOME=" + os.Getenv("HOME"), "SQLCCACHE=" + filepath.Join(os.TempDir(), "tombstone-sqlc-cache")}
	if pluginDir != "" {
		env = append(env, "PATH="+pluginDir+string(os.PathListSeparator)+os.Getenv("PATH"))
	} else {
		env = append(env, "PATH="+os.Getenv("PATH"))
	}
	cmd.Env = env
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	return out.Bytes(), err
}

func goEnv() []string {
	return append(os.Environ(), "GOFLAGS=-mod=mod", "GOWORK=off")
}

// CopyTree copies the regular files under src to dst, writable.
func CopyTree(t testing.TB, src, dst string) {
	t.Helper()
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		to := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(to, 0o755)
		}
		if !d.Type().IsRegular() {
			return nil
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(to, b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// Files reads the regular files under dir whose names end in one of the
// suffixes, keyed by slash-separated path relative to dir.
func Files(t testing.TB, dir string, suffixes ...string) map[string]string {
	t.Helper()
	files := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		for _, s := range suffixes {
			if strings.HasSuffix(p, s) {
				b, err := os.ReadFile(p)
				if err != nil {
					return err
				}
				rel, _ := filepath.Rel(dir, p)
				files[filepath.ToSlash(rel)] = string(b)
				break
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// Root returns the directory of the module's go.mod, found from the
// working directory up.
func Root(t testing.TB) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("no go.mod above the working directory")
		}
		dir = parent
	}
}
