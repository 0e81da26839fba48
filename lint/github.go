package lint

import (
	"fmt"
	"io"
	"sort"
	"strings"
)

// AnnotationCap is how many annotations of one level GitHub shows per step;
// past it, writeGitHub prints a summary line instead.
const AnnotationCap = 10

// writeGitHub writes GitHub Actions workflow commands: errors first, then
// warnings, then notes, at most AnnotationCap of each level, then a
// summary line for the rest.
func writeGitHub(w io.Writer, fs []*Finding) error { return writeGitHubTool(w, "tombstone lint", fs) }

// writeGitHubTool is writeGitHub for the named command's findings.
func writeGitHubTool(w io.Writer, command string, fs []*Finding) error {
	var shown []*Finding
	for _, f := range fs {
		if !f.Suppressed {
			shown = append(shown, f)
		}
	}
	sort.SliceStable(shown, func(i, j int) bool { return shown[i].Severity > shown[j].Severity })
	var b strings.Builder
	count := map[Severity]int{}
	left := map[Severity]int{}
	for _, f := range shown {
		if count[f.Severity] >= AnnotationCap {
			left[f.Severity]++
			continue
		}
		count[f.Severity]++
		fmt.Fprintf(&b, "::%s file=%s,line=%d,endLine=%d,col=%d,endColumn=%d,title=%s::%s\n",
			level(f.Severity), escapeProperty(f.File), f.Line, f.EndLine, f.Column, f.EndColumn,
			escapeProperty(f.Rule.Code+" "+f.Rule.Name), escapeData(githubMessage(f)))
	}
	if n := left[Error] + left[Warning] + left[Note]; n > 0 {
		fmt.Fprintf(&b, "%s: %d more finding(s) not annotated (GitHub shows %d per level and step): %d error(s), %d warning(s), %d note(s); run %s --format text for all\n",
			command, n, AnnotationCap, left[Error], left[Warning], left[Note], command)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func githubMessage(f *Finding) string {
	m := f.Message
	if f.Query != "" {
		m += " (query " + f.Query + ")"
	}
	if f.Suggestion != "" {
		m += "\nsuggested:\n" + f.Suggestion
	}
	return m
}

func level(s Severity) string {
	switch s {
	case Error:
		return "error"
	case Warning:
		return "warning"
	}
	return "notice"
}

// escapeData escapes a workflow command's message.
func escapeData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

// escapeProperty escapes a workflow command's property value.
func escapeProperty(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}
