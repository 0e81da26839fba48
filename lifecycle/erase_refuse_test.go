package lifecycle_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/tombstone-sql/tombstone"
	"github.com/tombstone-sql/tombstone/lifecycle"
	"github.com/tombstone-sql/tombstone/policy"
)

// TestEraseRefuses: each bad request is refused with an error saying what
// to change, and nothing is changed.
func TestEraseRefuses(t *testing.T) {
	var e *db
	for _, d := range storeDBs(t, moreRows) {
		if d.dialect == "sqlite" {
			e = d
		}
	}
	noAudit, err := policy.Parse("p.yaml", []byte("version: 1\ntables:\n  customers: {delete: soft, column: deleted_at, personal: [name]}\nsubjects:\n  customer: {customers: id}\n"))
	if err != nil {
		t.Fatal(err)
	}
	long := strings.Repeat("9", lifecycle.MaxSubjectID+1)
	tests := []struct {
		name string
		p    *policy.Policy
		sub  lifecycle.Subject
		opts []lifecycle.Option
		is   error
		msg  string
	}{
		{"unknown kind", nil, lifecycle.Subject{Kind: "employee", ID: "1"}, privacy(), lifecycle.ErrUnknownSubject, `"employee" is not a subject kind of examples/store/tombstone.yaml; use one of customer`},
		{"empty id", nil, lifecycle.Subject{Kind: "customer"}, privacy(), lifecycle.ErrBadSubject, "the id of customer is empty"},
		{"long id", nil, lifecycle.Subject{Kind: "customer", ID: long}, privacy(), lifecycle.ErrBadSubject, "an id is at most 256"},
		{"control characters", nil, lifecycle.Subject{Kind: "customer", ID: "1\n2"}, privacy(), lifecycle.ErrBadSubject, "control characters"},
		{"no actor", nil, maya, []lifecycle.Option{lifecycle.WithRole("privacy"), lifecycle.WithReason("r")}, lifecycle.ErrNoReason, "--actor"},
		{"no reason", nil, maya, []lifecycle.Option{lifecycle.WithRole("privacy"), lifecycle.WithActor("a")}, lifecycle.ErrNoReason, "--reason"},
		{"no role", nil, maya, []lifecycle.Option{lifecycle.WithActor("a"), lifecycle.WithReason("r")}, tombstone.ErrForbidden, "pass --role"},
		{"unknown role", nil, maya, []lifecycle.Option{lifecycle.WithRole("ghost"), lifecycle.WithActor("a"), lifecycle.WithReason("r")}, tombstone.ErrForbidden, `no role "ghost"`},
		{"role without erase", nil, maya, []lifecycle.Option{lifecycle.WithRole("manager"), lifecycle.WithActor("a"), lifecycle.WithReason("r")}, tombstone.ErrForbidden, "role manager may not erase"},
		{"no audit trail", noAudit, maya, []lifecycle.Option{lifecycle.WithActor("a"), lifecycle.WithReason("r")}, lifecycle.ErrNoAudit, "add `audit: {table: tombstone_audit}`"},
	}
	before := e.dump(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := tt.p
			if p == nil {
				p = e.p
			}
			_, err := lifecycle.Erase(context.Background(), e.enf, p, e.dialect, tt.sub, tt.opts...)
			if !errors.Is(err, tt.is) || !strings.Contains(err.Error(), tt.msg) {
				t.Errorf("error %v, want %v saying %q", err, tt.is, tt.msg)
			}
		})
	}
	if _, err := lifecycle.Erase(context.Background(), e.plain, e.p, e.dialect, maya, privacy()...); !errors.Is(err, lifecycle.ErrNotEnforced) {
		t.Errorf("erase on a database not opened through tombstone: %v, want ErrNotEnforced", err)
	}
	if diff := cmp.Diff(before.cells(), e.dump(t).cells()); diff != "" {
		t.Errorf("a refused erasure changed the tables (-before +after):\n%s", diff)
	}
	if got, want := len(e.dump(t)["tombstone_audit"].rows), len(before["tombstone_audit"].rows); got != want {
		t.Errorf("refused erasures wrote %d audit rows", got-want)
	}
}

// TestReadLog: the log's lines are read back exactly; a bad line is
// refused with path:line, and Replay changes nothing then.
func TestReadLog(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "good.log")
	for _, id := range []string{"1", "42"} {
		if err := lifecycle.AppendLog(good, lifecycle.LogEntry{Kind: "customer", ID: id}); err != nil {
			t.Fatal(err)
		}
	}
	entries, err := lifecycle.ReadLog(good)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, e := range entries {
		ids = append(ids, e.Kind+"="+e.ID)
	}
	if diff := cmp.Diff([]string{"customer=1", "customer=42"}, ids); diff != "" {
		t.Errorf("entries (-want +got):\n%s", diff)
	}
	tests := []struct{ name, text, msg string }{
		{"not JSON", "customer 42\n", "bad.log:1: invalid character"},
		{"unknown field", `{"kind":"customer","id":"1","at":"2026-12-01T00:00:00Z","name":"Maya"}` + "\n", `bad.log:1: json: unknown field "name"`},
		{"no time", `{"kind":"customer","id":"1"}` + "\n", "bad.log:1: kind or at is missing"},
		{"no id", "\n" + `{"kind":"customer","id":"","at":"2026-12-01T00:00:00Z"}` + "\n", "bad.log:2: lifecycle: bad subject: the id of customer is empty"},
		{"long kind", `{"kind":"` + strings.Repeat("k", 100) + `","id":"1","at":"2026-12-01T00:00:00Z"}` + "\n", "bad.log:1: the kind is 100 bytes long; a subject kind is at most 64"},
		{"long line", strings.Repeat("x", lifecycle.MaxLogLine+10) + "\n", "bad.log:1: a line is longer than 4096 bytes"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "bad.log")
			if err := os.WriteFile(path, []byte(tt.text), 0o600); err != nil {
				t.Fatal(err)
			}
			_, err := lifecycle.ReadLog(path)
			if !errors.Is(err, lifecycle.ErrBadLog) || !strings.Contains(err.Error(), tt.msg) {
				t.Errorf("error %v, want ErrBadLog saying %q", err, tt.msg)
			}
		})
	}
}
