package cli

import (
	"fmt"
	"runtime/debug"
	"strings"
)

func runVersion(e *env, args []string) int {
	fs := e.flags("version", "")
	if code, ok := e.parse(fs, args); !ok {
		return code
	}
	info, _ := debug.ReadBuildInfo()
	fmt.Fprintln(e.stdout, version(info))
	return exitOK
}

// version says which tombstone this is, from the build info: the module
// version ("v1.2.0", or "(devel)" when built from a checkout), the VCS
// revision and whether the checkout had changes, and the Go version.
func version(info *debug.BuildInfo) string {
	if info == nil {
		return "tombstone (unknown version: the binary has no build info)"
	}
	v := info.Main.Version
	if v == "" {
		v = "(devel)"
	}
	var extra []string
	settings := map[string]string{}
	for _, s := range info.Settings {
		settings[s.Key] = s.Value
	}
	if rev := settings["vcs.revision"]; rev != "" {
		if len(rev) > 12 {
			rev = rev[:12]
		}
		r := "revision " + rev
		if t := settings["vcs.time"]; t != "" {
			r += " of " + t
		}
		if settings["vcs.modified"] == "true" {
			r += ", modified"
		}
		extra = append(extra, r)
	}
	if info.GoVersion != "" {
		extra = append(extra, info.GoVersion)
	}
	if len(extra) == 0 {
		return "tombstone " + v
	}
	return "tombstone " + v + " (" + strings.Join(extra, "; ") + ")"
}
