package review_test

import (
	"bytes"
	"context"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/tombstone-sql/tombstone/internal/testdb"
	"github.com/tombstone-sql/tombstone/review"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/report")

// fixedReport is a report with figures that depend on no clock.
func fixedReport() *review.Report {
	r := expected("2026-12", 3)
	r.Dialect = "postgres"
	acc, notes, events, ledgers := r.Tables[0], r.Tables[1], r.Tables[2], r.Tables[3]
	acc.Space = &review.Space{Bytes: 408, Method: "PostgreSQL pg_stats avg_width per row (+28 bytes row overhead) × tombstones"}
	notes.Space = &review.Space{Bytes: 24576, Method: "PostgreSQL pg_relation_size × tombstone share (no pg_stats yet; ANALYZE the table for a per-row estimate)"}
	acc.Timed.Rule = "restore window of 30 days ended"
	notes.Timed.Rule = "restore window of 7 days ended"
	events.Timed.Rule = "older than 90 days after created_at"
	ledgers.Timed.Rule = "retention of 1 year after created_at ended"
	acc.Restores.Window, notes.Restores.Window = "30 days", "7 days"
	acc.Restores.Summary = "restore window 30 days: 3 of 4 restores in the last 3 months came within 46 days; 1 has no deletion in the audit trail; 1 came after the window"
	notes.Restores.Summary = "restore window 7 days: no restore in the last 3 months"
	return r
}

func TestWriteGolden(t *testing.T) {
	r := fixedReport()
	for _, format := range review.Formats {
		t.Run(format, func(t *testing.T) {
			var buf bytes.Buffer
			if err := r.Write(&buf, format); err != nil {
				t.Fatal(err)
			}
			path := filepath.Join("testdata", "report", format+".golden")
			if *update {
				if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test ./review -update)", err)
			}
			if diff := cmp.Diff(string(want), buf.String()); diff != "" {
				t.Errorf("%s (-want +got):\n%s", path, diff)
			}
		})
	}
}

func TestWriteUnknownFormat(t *testing.T) {
	err := fixedReport().Write(&bytes.Buffer{}, "pdf")
	if err == nil || err.Error() != `unknown format "pdf"; expected text, markdown, json, html` {
		t.Errorf("got %v", err)
	}
}

// chromium returns the headless browser, or skips (fails under CI=true)
// when it is missing.
func chromium(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser"} {
		if path, err := exec.LookPath(name); err == nil {
			return path
		}
	}
	if testdb.InCI() {
		t.Fatal("chromium is not installed under CI=true; .ci/run installs it (apt-get install -y chromium)")
	}
	t.Skip("skipping: chromium is not installed (apt-get install -y chromium)")
	return ""
}

// TestHTMLInChromium renders the HTML report of a real database in
// headless Chromium and checks the page the browser built: one chart per
// table, one bar per month and series, each bar's value the hand count,
// and the figures table.
func TestHTMLInChromium(t *testing.T) {
	browser := chromium(t)
	s := servers(t)[2] // SQLite: the HTML does not depend on the server
	p := setup(t, s)
	now := dbMonth(t, s)
	r, err := review.Gather(context.Background(), s.db, p, s.dialect)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	page := filepath.Join(dir, "report.html")
	var buf bytes.Buffer
	if err := r.Write(&buf, "html"); err != nil {
		t.Fatal(err)
	}
	if regexp.MustCompile(`(?i)(src|href)\s*=\s*"(https?:)?//`).Match(buf.Bytes()) {
		t.Fatal("the page references the network")
	}
	if err := os.WriteFile(page, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
		"--disable-component-update", "--disable-sync", "--no-first-run", "--user-data-dir="+filepath.Join(dir, "profile"),
		"--dump-dom", "file://"+page)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	dom, err := cmd.Output()
	if err != nil {
		t.Fatalf("chromium: %v\n%s", err, stderr.String())
	}
	want := expected(now, review.DefaultMonths)
	if m := regexp.MustCompile(`id="charts" data-drawn="(\d+)"`).FindSubmatch(dom); m == nil || string(m[1]) != strconv.Itoa(len(want.Tables)) {
		t.Fatalf("charts drawn: %q; want %d (the script did not run?)", m, len(want.Tables))
	}
	for _, tb := range want.Tables {
		chart := regexp.MustCompile(`<svg class="chart" data-table="` + tb.Name + `"[^>]*>(.*?)</svg>`).FindSubmatch(dom)
		if chart == nil {
			t.Errorf("%s: no chart", tb.Name)
			continue
		}
		bars := regexp.MustCompile(`<rect class="bar (deletes|restores)" data-month="([0-9-]+)" data-value="(\d+)"`).FindAllSubmatch(chart[1], -1)
		var got, wantBars []string
		for _, b := range bars {
			got = append(got, string(b[1])+" "+string(b[2])+" "+string(b[3]))
		}
		for _, m := range tb.Monthly {
			wantBars = append(wantBars, "deletes "+m.Month+" "+strconv.FormatInt(m.Deletes, 10), "restores "+m.Month+" "+strconv.FormatInt(m.Restores, 10))
		}
		if diff := cmp.Diff(wantBars, got); diff != "" {
			t.Errorf("%s: bars (-want +got):\n%s", tb.Name, diff)
		}
		row := regexp.MustCompile(`<tr data-table="` + tb.Name + `"><td>[^<]*</td><td>[^<]*</td><td class="rows">(\d+)</td><td class="live">(\d+)</td><td class="tombstones">(\d*)</td>`).FindSubmatch(dom)
		if row == nil {
			t.Errorf("%s: no figures row", tb.Name)
			continue
		}
		tombs := ""
		if tb.Rule == "soft" {
			tombs = strconv.FormatInt(tb.Tombstones, 10)
		}
		if diff := cmp.Diff([]string{strconv.FormatInt(tb.Rows, 10), strconv.FormatInt(tb.Live, 10), tombs}, []string{string(row[1]), string(row[2]), string(row[3])}); diff != "" {
			t.Errorf("%s: rows, live, tombstones (-want +got):\n%s", tb.Name, diff)
		}
	}
}
