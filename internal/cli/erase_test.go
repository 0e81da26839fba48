package cli

import (
	"bytes"
	"database/sql"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/tombstone-sql/tombstone/examples/store"
	"github.com/tombstone-sql/tombstone/lifecycle"
)

// TestEraseCommand runs tombstone erase end to end on the store (SQLite):
// the JSON receipt, the log, the tables, a refused restore, and replays
// that change nothing once Maya is erased.
func TestEraseCommand(t *testing.T) {
	path, db := storeDB(t)
	policyFile := filepath.Join(t.TempDir(), "tombstone.yaml")
	if err := os.WriteFile(policyFile, store.Policy, 0o644); err != nil {
		t.Fatal(err)
	}
	logFile := filepath.Join(t.TempDir(), "erasures.log")
	run := func(args ...string) (int, string, string) {
		var out, errb bytes.Buffer
		code := Run(append([]string{args[0], "--policy", policyFile, "--dsn", "sqlite:" + path}, args[1:]...), strings.NewReader(""), &out, &errb)
		return code, out.String(), errb.String()
	}
	count := func(q string) int {
		var n int
		if err := db.QueryRow(q).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	audit := func() int { return count("SELECT count(*) FROM tombstone_audit") }

	// Before: what an erasure of customer 1 must reach, counted by hand.
	wantRows := map[string]int64{
		"customers":       int64(count("SELECT count(*) FROM customers WHERE id = 1")),
		"invoices":        int64(count("SELECT count(*) FROM invoices WHERE customer_id = 1")),
		"support_tickets": int64(count("SELECT count(*) FROM support_tickets WHERE customer_id = 1")),
	}
	others := dumpOthers(t, db)

	code, stdout, stderr := run("erase", "--subject", "customer=1", "--role", "privacy", "--actor", "sam (privacy)", "--reason", "request 2026-118", "--format", "json", "--log", logFile)
	if code != 0 {
		t.Fatalf("erase: exit %d\n%s", code, stderr)
	}
	var rec lifecycle.Receipt
	if err := json.Unmarshal([]byte(stdout), &rec); err != nil {
		t.Fatalf("receipt is not JSON: %v\n%s", err, stdout)
	}
	gotRows := map[string]int64{}
	for _, tb := range rec.Tables {
		gotRows[tb.Table] = tb.Rows
	}
	if diff := cmp.Diff(wantRows, gotRows); diff != "" {
		t.Errorf("receipt rows (-counted +receipt):\n%s", diff)
	}
	if strings.Contains(stdout, "Maya") || strings.Contains(stdout, "maya@") {
		t.Errorf("the receipt holds personal data:\n%s", stdout)
	}
	entries, err := lifecycle.ReadLog(logFile)
	if err != nil || len(entries) != 1 || entries[0].Kind != "customer" || entries[0].ID != "1" {
		t.Fatalf("erasure log: %v, %v", entries, err)
	}
	if raw, _ := os.ReadFile(logFile); strings.Contains(string(raw), "Maya") {
		t.Errorf("the log holds personal data: %s", raw)
	}
	if got := count("SELECT count(*) FROM customers WHERE id = 1 AND name = '(anonymized)' AND email = 'anonymized-1@example.invalid' AND phone IS NULL AND deleted_at IS NOT NULL"); got != 1 {
		t.Errorf("customer 1 is not anonymized and tombstoned")
	}
	if got := count("SELECT count(*) FROM invoices WHERE customer_id = 1 AND billing_name = '(anonymized)'"); int64(got) != wantRows["invoices"] {
		t.Errorf("%d of customer 1's invoices kept anonymized, want %d", got, wantRows["invoices"])
	}
	if got := count("SELECT count(*) FROM support_tickets WHERE customer_id = 1"); got != 0 {
		t.Errorf("%d of customer 1's tickets left", got)
	}
	if diff := cmp.Diff(others, dumpOthers(t, db)); diff != "" {
		t.Errorf("the erasure changed other people's rows (-before +after):\n%s", diff)
	}
	if got, want := count("SELECT count(*) FROM tombstone_audit WHERE action = 'erase' AND actor = 'sam (privacy)' AND reason = 'request 2026-118'"), int(wantRows["customers"]+wantRows["invoices"]+wantRows["support_tickets"]); got != want {
		t.Errorf("%d erase rows, want %d", got, want)
	}

	if code, _, stderr := run("restore", "--table", "customers", "--key", "id=1", "--role", "manager", "--actor", "kim"); code != 1 || !strings.Contains(stderr, "erased") {
		t.Errorf("restore of the erased customer: exit %d, %s", code, stderr)
	}

	before := audit()
	code, stdout, stderr = run("erase", "--replay", logFile, "--role", "privacy", "--actor", "sam (privacy)")
	if code != 0 || !strings.Contains(stdout, "0 rows") {
		t.Fatalf("replay: exit %d\n%s\n%s", code, stdout, stderr)
	}
	if got := audit(); got != before {
		t.Errorf("a replay over an erased customer wrote %d audit rows", got-before)
	}
	code, stdout, _ = run("erase", "--replay", logFile, "--since", "2999-01-01", "--role", "privacy", "--actor", "sam (privacy)")
	if code != 0 || !strings.Contains(stdout, "Nothing to replay") {
		t.Errorf("replay --since the future: exit %d, %s", code, stdout)
	}
	if code, _, stderr := run("erase", "--subject", "customer=2", "--role", "manager", "--actor", "kim", "--reason", "r"); code != 1 || !strings.Contains(stderr, "may not erase") {
		t.Errorf("erase as a role without erase: exit %d, %s", code, stderr)
	}
}

// dumpOthers renders every row that is not customer 1's.
func dumpOthers(t *testing.T, db *sql.DB) string {
	t.Helper()
	var b strings.Builder
	for _, q := range []string{
		"SELECT id, name, email, coalesce(phone, 'NULL'), coalesce(deleted_at, 'NULL') FROM customers WHERE id <> 1 ORDER BY id",
		"SELECT id, customer_id, billing_name FROM invoices WHERE customer_id <> 1 ORDER BY id",
		"SELECT id, customer_id, subject, coalesce(deleted_at, 'NULL') FROM support_tickets WHERE customer_id <> 1 ORDER BY id",
		"SELECT id, email FROM leads ORDER BY id",
	} {
		rows, err := db.Query(q)
		if err != nil {
			t.Fatal(err)
		}
		s, err := render(rows)
		if err != nil {
			t.Fatal(err)
		}
		b.WriteString(s + "\n")
	}
	return b.String()
}
