package lint

import (
	"fmt"
	"io"
	"strings"
)

// WriteRules writes the findings of another tombstone command (tombstone
// doctor) in format, as Write does for lint's: rules is that command's
// rule list (SARIF lists it as the tool's rules), command its name for
// the github format's summary line. Make each finding with NewFinding.
func WriteRules(w io.Writer, format, command string, rules []*Rule, fs []*Finding) error {
	switch format {
	case "text":
		return writeText(w, fs)
	case "json":
		return writeJSON(w, fs)
	case "sarif":
		return writeSARIFRules(w, rules, fs)
	case "github":
		return writeGitHubTool(w, command, fs)
	}
	return fmt.Errorf("unknown format %q; expected %s", format, strings.Join(Formats, ", "))
}
