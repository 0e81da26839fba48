package lint

import (
	"encoding/json"
	"io"
	"net/url"
	"path/filepath"
	"strings"
)

// SARIF 2.1.0 with what GitHub code scanning requires: rules with
// descriptions and help, relative URIs, regions, and partialFingerprints
// computed here (primaryLocationLineHash), so alerts survive line shifts
// and uploads through the REST API.

type sarifLog struct {
	Schema  string     `json:"$schema"`
	Version string     `json:"version"`
	Runs    []sarifRun `json:"runs"`
}

type sarifRun struct {
	Tool       sarifTool     `json:"tool"`
	ColumnKind string        `json:"columnKind"`
	Results    []sarifResult `json:"results"`
}

type sarifTool struct {
	Driver sarifDriver `json:"driver"`
}

type sarifDriver struct {
	Name           string      `json:"name"`
	InformationURI string      `json:"informationUri"`
	Rules          []sarifRule `json:"rules"`
}

type sarifText struct {
	Text     string `json:"text"`
	Markdown string `json:"markdown,omitempty"`
}

type sarifRule struct {
	ID                   string         `json:"id"`
	Name                 string         `json:"name"`
	ShortDescription     sarifText      `json:"shortDescription"`
	FullDescription      sarifText      `json:"fullDescription"`
	Help                 sarifText      `json:"help"`
	HelpURI              string         `json:"helpUri"`
	DefaultConfiguration sarifConfig    `json:"defaultConfiguration"`
	Properties           map[string]any `json:"properties"`
}

type sarifConfig struct {
	Level string `json:"level"`
}

type sarifResult struct {
	RuleID              string             `json:"ruleId"`
	RuleIndex           int                `json:"ruleIndex"`
	Level               string             `json:"level"`
	Message             sarifText          `json:"message"`
	Locations           []sarifLocation    `json:"locations"`
	PartialFingerprints map[string]string  `json:"partialFingerprints"`
	Suppressions        []sarifSuppression `json:"suppressions,omitempty"`
	Properties          map[string]any     `json:"properties,omitempty"`
}

type sarifLocation struct {
	PhysicalLocation sarifPhysical `json:"physicalLocation"`
}

type sarifPhysical struct {
	ArtifactLocation sarifArtifact `json:"artifactLocation"`
	Region           sarifRegion   `json:"region"`
}

type sarifArtifact struct {
	URI       string `json:"uri"`
	URIBaseID string `json:"uriBaseId,omitempty"`
}

type sarifRegion struct {
	StartLine   int `json:"startLine"`
	StartColumn int `json:"startColumn"`
	EndLine     int `json:"endLine"`
	EndColumn   int `json:"endColumn"`
}

type sarifSuppression struct {
	Kind          string `json:"kind"`
	Justification string `json:"justification"`
}

func sarifLevel(s Severity) string {
	switch s {
	case Error:
		return "error"
	case Warning:
		return "warning"
	}
	return "note"
}

func problemSeverity(s Severity) string {
	switch s {
	case Error:
		return "error"
	case Warning:
		return "warning"
	}
	return "recommendation"
}

// SARIFURI returns a relative file path as a SARIF relative URI: slashes,
// and percent-encoding where a URI needs it.
func SARIFURI(path string) string {
	return (&url.URL{Path: filepath.ToSlash(path)}).EscapedPath()
}

// artifact locates a finding's file: a relative URI under %SRCROOT% (the
// repository root) when the path is relative and inside the working
// directory, else an absolute file:// URI without a base, which
// upload-sarif makes relative to the checkout when the file is in it.
func artifact(path string) sarifArtifact {
	slash := filepath.ToSlash(path)
	if !filepath.IsAbs(path) && slash != ".." && !strings.HasPrefix(slash, "../") {
		return sarifArtifact{URI: SARIFURI(path), URIBaseID: "%SRCROOT%"}
	}
	abs, err := filepath.Abs(path)
	if err == nil {
		slash = filepath.ToSlash(abs)
	}
	if !strings.HasPrefix(slash, "/") {
		slash = "/" + slash // C:/x is file:///C:/x
	}
	return sarifArtifact{URI: (&url.URL{Scheme: "file", Path: slash}).String()}
}

func writeSARIF(w io.Writer, fs []*Finding) error { return writeSARIFRules(w, Rules, fs) }

// writeSARIFRules writes findings of rules, the rule list of the tool
// (lint's Rules, or another command's).
func writeSARIFRules(w io.Writer, rules []*Rule, fs []*Finding) error {
	run := sarifRun{
		Tool: sarifTool{Driver: sarifDriver{
			Name:           "tombstone",
			InformationURI: "https://github.com/tombstone-sql/tombstone",
		}},
		ColumnKind: "utf16CodeUnits",
		Results:    []sarifResult{},
	}
	index := map[*Rule]int{}
	for i, r := range rules {
		index[r] = i
		run.Tool.Driver.Rules = append(run.Tool.Driver.Rules, sarifRule{
			ID:                   r.Code,
			Name:                 r.Name,
			ShortDescription:     sarifText{Text: r.Summary},
			FullDescription:      sarifText{Text: r.Summary + ". " + r.Help},
			Help:                 sarifText{Text: r.Help + " See " + r.URL(), Markdown: "**" + r.Code + " " + r.Name + "**: " + r.Help + "\n\n[Documentation](" + r.URL() + ")"},
			HelpURI:              r.URL(),
			DefaultConfiguration: sarifConfig{Level: sarifLevel(r.Severity)},
			Properties: map[string]any{
				"tags":             []string{"correctness", "sql", "tombstone"},
				"precision":        "very-high",
				"problem.severity": problemSeverity(r.Severity),
			},
		})
	}
	for _, f := range fs {
		msg := f.Message
		if f.Suggestion != "" {
			msg += "\nSuggested:\n" + f.Suggestion
		}
		res := sarifResult{
			RuleID:    f.Rule.Code,
			RuleIndex: index[f.Rule],
			Level:     sarifLevel(f.Severity),
			Message:   sarifText{Text: msg},
			Locations: []sarifLocation{{PhysicalLocation: sarifPhysical{
				ArtifactLocation: artifact(f.File),
				Region:           sarifRegion{StartLine: f.Line, StartColumn: f.col16, EndLine: f.EndLine, EndColumn: f.endCol16},
			}}},
			PartialFingerprints: map[string]string{
				"primaryLocationLineHash": f.Fingerprint,
				"tombstoneFinding/v1":     f.Fingerprint,
			},
		}
		if f.Table != "" || f.Query != "" {
			res.Properties = map[string]any{}
			if f.Table != "" {
				res.Properties["table"] = f.Table
			}
			if f.Query != "" {
				res.Properties["query"] = f.Query
			}
		}
		if f.Suppressed {
			res.Suppressions = []sarifSuppression{{Kind: "inSource", Justification: f.Reason}}
		}
		run.Results = append(run.Results, res)
	}
	log := sarifLog{
		Schema:  "https://json.schemastore.org/sarif-2.1.0.json",
		Version: "2.1.0",
		Runs:    []sarifRun{run},
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(log)
}
