package lint

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
)

// Formats lists the output formats.
var Formats = []string{"text", "json", "sarif", "github"}

// Write writes findings in format (text, json, sarif or github). Text and
// github leave suppressed findings out; json and sarif mark them.
func Write(w io.Writer, format string, fs []*Finding) error {
	switch format {
	case "text":
		return writeText(w, fs)
	case "json":
		return writeJSON(w, fs)
	case "sarif":
		return writeSARIF(w, fs)
	case "github":
		return writeGitHub(w, fs)
	}
	return fmt.Errorf("unknown format %q; expected %s", format, strings.Join(Formats, ", "))
}

// writeText writes file:line:col: CODE name: message, then the suggested
// statement indented.
func writeText(w io.Writer, fs []*Finding) error {
	var b strings.Builder
	for _, f := range fs {
		if f.Suppressed {
			continue
		}
		fmt.Fprintf(&b, "%s:%d:%d: %s %s: %s", f.File, f.Line, f.Column, f.Rule.Code, f.Rule.Name, oneLine(f.Message))
		if f.Query != "" {
			fmt.Fprintf(&b, " (query %s)", f.Query)
		}
		b.WriteByte('\n')
		if f.Suggestion != "" {
			b.WriteString("    suggested:\n")
			for _, line := range strings.Split(f.Suggestion, "\n") {
				b.WriteString("        " + strings.TrimRight(line, " \t\r") + "\n")
			}
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// jsonFinding is the JSON form of a finding; its fields are a stable
// interface.
type jsonFinding struct {
	File        string `json:"file"`
	Line        int    `json:"line"`
	Column      int    `json:"column"`
	EndLine     int    `json:"end_line"`
	EndColumn   int    `json:"end_column"`
	Rule        string `json:"rule"`
	Name        string `json:"name"`
	Severity    string `json:"severity"`
	Table       string `json:"table"`
	Query       string `json:"query"`
	Message     string `json:"message"`
	Suggestion  string `json:"suggestion"`
	Suppressed  bool   `json:"suppressed"`
	Reason      string `json:"reason"`
	Fingerprint string `json:"fingerprint"`
	URL         string `json:"url"`
}

func writeJSON(w io.Writer, fs []*Finding) error {
	out := make([]jsonFinding, 0, len(fs))
	for _, f := range fs {
		out = append(out, jsonFinding{
			File: f.File, Line: f.Line, Column: f.Column, EndLine: f.EndLine, EndColumn: f.EndColumn,
			Rule: f.Rule.Code, Name: f.Rule.Name, Severity: f.Severity.String(), Table: f.Table, Query: f.Query,
			Message: f.Message, Suggestion: f.Suggestion, Suppressed: f.Suppressed, Reason: f.Reason,
			Fingerprint: f.Fingerprint, URL: f.Rule.URL(),
		})
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(out)
}

// oneLine keeps a message on one line.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }
