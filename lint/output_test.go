package lint_test

import (
	"bytes"
	"encoding/json"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/tombstone-sql/tombstone/internal/dialects"
	"github.com/tombstone-sql/tombstone/lint"
)

const sample = "-- @tombstone-ignore TS005 backfill, tombstones included\nUPDATE customers SET email = lower(email);\nSELECT 'Zoë' AS n, * FROM customers c;\nSELECT * FROM orders o, customers c WHERE o.customer_id = c.id AND c.name <> 'x';\n"

func lintSample(t *testing.T, name, src string) []*lint.Finding {
	t.Helper()
	t.Chdir(root(t))
	d, _ := dialects.Lookup("postgres")
	res, err := linter(t).File(name, []byte(src), d)
	if err != nil {
		t.Fatal(err)
	}
	return res.Findings
}

// TestSARIFCodeScanning checks the SARIF output against what GitHub code
// scanning requires of an upload (docs: "SARIF support for code scanning").
func TestSARIFCodeScanning(t *testing.T) {
	fs := lintSample(t, "reports/daily report.sql", sample)
	var buf bytes.Buffer
	if err := lint.Write(&buf, "sarif", fs); err != nil {
		t.Fatal(err)
	}
	var log struct {
		Schema  string `json:"$schema"`
		Version string `json:"version"`
		Runs    []struct {
			Tool struct {
				Driver struct {
					Name  string `json:"name"`
					Rules []struct {
						ID               string            `json:"id"`
						ShortDescription map[string]string `json:"shortDescription"`
						FullDescription  map[string]string `json:"fullDescription"`
						Help             map[string]string `json:"help"`
						HelpURI          string            `json:"helpUri"`
						Default          map[string]string `json:"defaultConfiguration"`
					} `json:"rules"`
				} `json:"driver"`
			} `json:"tool"`
			Results []struct {
				RuleID    string            `json:"ruleId"`
				RuleIndex int               `json:"ruleIndex"`
				Level     string            `json:"level"`
				Message   map[string]string `json:"message"`
				Locations []struct {
					Physical struct {
						Artifact map[string]string `json:"artifactLocation"`
						Region   map[string]int    `json:"region"`
					} `json:"physicalLocation"`
				} `json:"locations"`
				Fingerprints map[string]string   `json:"partialFingerprints"`
				Suppressions []map[string]string `json:"suppressions"`
			} `json:"results"`
		} `json:"runs"`
	}
	if err := json.Unmarshal(buf.Bytes(), &log); err != nil {
		t.Fatal(err)
	}
	if log.Version != "2.1.0" || log.Schema == "" || len(log.Runs) != 1 {
		t.Fatalf("version %q, $schema %q, %d runs", log.Version, log.Schema, len(log.Runs))
	}
	run := log.Runs[0]
	if run.Tool.Driver.Name != "tombstone" {
		t.Errorf("driver name %q", run.Tool.Driver.Name)
	}
	ids := map[string]int{}
	for i, r := range run.Tool.Driver.Rules {
		ids[r.ID] = i
		for what, text := range map[string]string{"shortDescription": r.ShortDescription["text"], "fullDescription": r.FullDescription["text"], "help": r.Help["text"]} {
			if text == "" || len(text) > 1024 {
				t.Errorf("rule %s: %s has %d characters; code scanning wants 1 to 1024", r.ID, what, len(text))
			}
		}
		if !strings.Contains(r.HelpURI, "#"+strings.ToLower(r.ID)+"-") || r.Default["level"] == "" {
			t.Errorf("rule %s: helpUri %q, level %q", r.ID, r.HelpURI, r.Default["level"])
		}
	}
	if len(run.Tool.Driver.Rules) != len(lint.Rules) {
		t.Errorf("%d rules, want %d", len(run.Tool.Driver.Rules), len(lint.Rules))
	}
	type row struct {
		Rule, URI           string
		Line, Col, EndCol   int
		Suppressed, HasHash bool
	}
	var got []row
	for _, r := range run.Results {
		if r.Message["text"] == "" || len(r.Locations) != 1 || ids[r.RuleID] != r.RuleIndex || r.Level == "" {
			t.Errorf("result %s: message %q, %d locations, index %d, level %q", r.RuleID, r.Message["text"], len(r.Locations), r.RuleIndex, r.Level)
			continue
		}
		loc := r.Locations[0].Physical
		got = append(got, row{r.RuleID, loc.Artifact["uri"], loc.Region["startLine"], loc.Region["startColumn"], loc.Region["endColumn"],
			len(r.Suppressions) == 1 && r.Suppressions[0]["kind"] == "inSource", r.Fingerprints["primaryLocationLineHash"] != ""})
		if loc.Artifact["uriBaseId"] != "%SRCROOT%" || loc.Region["endLine"] < loc.Region["startLine"] {
			t.Errorf("result %s: location %+v", r.RuleID, loc)
		}
	}
	// Columns are UTF-16 code units: 'Zoë' is 5 units and 6 bytes, so
	// customers on line 3 starts at column 27 here and at byte column 28 in
	// the text output.
	want := []row{
		{"TS005", "reports/daily%20report.sql", 2, 8, 17, true, true},
		{"TS001", "reports/daily%20report.sql", 3, 27, 36, false, true},
		{"TS001", "reports/daily%20report.sql", 4, 15, 21, false, true},
		{"TS001", "reports/daily%20report.sql", 4, 25, 34, false, true},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("results (-want +got):\n%s", diff)
	}
	if fs[1].Line != 3 || fs[1].Column != 28 || fs[1].EndColumn != 37 {
		t.Errorf("byte columns of line 3: %d:%d-%d, want 3:28-37", fs[1].Line, fs[1].Column, fs[1].EndColumn)
	}
}

// TestFingerprintsSurviveLineShifts checks that fingerprints do not
// depend on lines: inserting lines and reindenting keeps them.
func TestFingerprintsSurviveLineShifts(t *testing.T) {
	prints := func(src string) []string {
		var out []string
		for _, f := range lintSample(t, "a.sql", src) {
			out = append(out, f.Rule.Code+" "+f.Fingerprint)
		}
		return out
	}
	before := prints(sample)
	after := prints("-- a new header\n\n\n" + strings.ReplaceAll(sample, "FROM orders o,", "FROM orders o,\n       "))
	if diff := cmp.Diff(before, after); diff != "" {
		t.Errorf("fingerprints changed (-before +after):\n%s", diff)
	}
	if before[2] == before[3] {
		t.Errorf("two findings share a fingerprint: %v", before)
	}
}

func TestGitHubAnnotations(t *testing.T) {
	fs := lintSample(t, "dir,with:odd%name.sql", "UPDATE customers SET email = 'a';\nSELECT * FROM customers;\n")
	var buf bytes.Buffer
	if err := lint.Write(&buf, "github", fs); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(buf.String(), "\n"), "\n")
	if len(lines) != 2 {
		t.Fatalf("%d lines:\n%s", len(lines), buf.String())
	}
	// Errors first, then warnings; properties escape % : , and messages %
	// and newlines.
	if !strings.HasPrefix(lines[0], "::error file=dir%2Cwith%3Aodd%25name.sql,line=2,endLine=2,col=15,endColumn=24,title=TS001 missing-live-predicate::soft table customers") {
		t.Errorf("first line: %s", lines[0])
	}
	if !strings.Contains(lines[0], "%0Asuggested:%0ASELECT * FROM customers WHERE customers.deleted_at IS NULL") {
		t.Errorf("first line lacks the escaped suggestion: %s", lines[0])
	}
	if !strings.HasPrefix(lines[1], "::warning file=dir%2Cwith%3Aodd%25name.sql,line=1,") {
		t.Errorf("second line: %s", lines[1])
	}
}

// TestJSONFields checks that every JSON finding carries every field the
// README lists as stable, empty or not.
func TestJSONFields(t *testing.T) {
	fs := lintSample(t, "a.sql", sample)
	var buf bytes.Buffer
	if err := lint.Write(&buf, "json", fs); err != nil {
		t.Fatal(err)
	}
	var got []map[string]any
	if err := json.Unmarshal(buf.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	if len(got) != len(fs) {
		t.Fatalf("%d objects for %d findings", len(got), len(fs))
	}
	want := []string{"column", "end_column", "end_line", "file", "fingerprint", "line", "message", "name", "query", "reason", "rule", "severity", "suggestion", "suppressed", "table", "url"}
	for i, o := range got {
		var keys []string
		for k := range o {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		if diff := cmp.Diff(want, keys); diff != "" {
			t.Errorf("finding %d: keys (-want +got):\n%s", i, diff)
		}
	}
}

// TestSARIFOutsideRoot checks the URI of files GitHub cannot find under
// %SRCROOT%: absolute paths and paths above the working directory become
// absolute file:// URIs without a base.
func TestSARIFOutsideRoot(t *testing.T) {
	t.Chdir(root(t))
	up, err := filepath.Abs("../other/q.sql")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct{ file, uri, base string }{
		{"reports/q.sql", "reports/q.sql", "%SRCROOT%"},
		{"..report.sql", "..report.sql", "%SRCROOT%"},
		{"/tmp/x y/q.sql", "file:///tmp/x%20y/q.sql", ""},
		{"../other/q.sql", "file://" + filepath.ToSlash(up), ""},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			var buf bytes.Buffer
			if err := lint.Write(&buf, "sarif", lintSample(t, tt.file, "SELECT * FROM customers;")); err != nil {
				t.Fatal(err)
			}
			var log struct {
				Runs []struct {
					Results []struct {
						Locations []struct {
							Physical struct {
								Artifact map[string]string `json:"artifactLocation"`
							} `json:"physicalLocation"`
						} `json:"locations"`
					} `json:"results"`
				} `json:"runs"`
			}
			if err := json.Unmarshal(buf.Bytes(), &log); err != nil {
				t.Fatal(err)
			}
			got := log.Runs[0].Results[0].Locations[0].Physical.Artifact
			want := map[string]string{"uri": tt.uri}
			if tt.base != "" {
				want["uriBaseId"] = tt.base
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("artifactLocation (-want +got):\n%s", diff)
			}
		})
	}
}

func TestDiffHeaders(t *testing.T) {
	for name, want := range map[string]string{
		"reports/q.sql": "--- a/reports/q.sql\n+++ b/reports/q.sql\n",
		"../q.sql":      "--- a/../q.sql\n+++ b/../q.sql\n",
		"/tmp/r/q.sql":  "--- /tmp/r/q.sql\n+++ /tmp/r/q.sql\n",
	} {
		got := lint.Diff(name, "a\n", "b\n")
		if !strings.HasPrefix(got, want) {
			t.Errorf("%s: %q, want it to start %q", name, got, want)
		}
	}
}
