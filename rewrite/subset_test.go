package rewrite_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/tombstone-sql/tombstone/internal/rewritetest"
	"github.com/tombstone-sql/tombstone/rewrite"
	"github.com/tombstone-sql/tombstone/rewrite/postgres"
)

// TestRewrittenFor checks RewrittenFor against Rewritten on every postgres
// golden input: keeping every action gives the same text, keeping none
// gives the input, and leaving out one action removes its predicate only.
func TestRewrittenFor(t *testing.T) {
	rw := rewrite.New(rewritetest.Policy(t), postgres.Dialect{})
	dirs, err := filepath.Glob(filepath.Join(rewritetest.Root(t), "testdata", "rewrite", "postgres", "*"))
	if err != nil || len(dirs) == 0 {
		t.Fatalf("no golden inputs (%v)", err)
	}
	for _, dir := range dirs {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			input, err := os.ReadFile(filepath.Join(dir, "input.sql"))
			if err != nil {
				t.Fatal(err)
			}
			scopeText, _ := os.ReadFile(filepath.Join(dir, "scope"))
			scope, err := rewritetest.ParseScope(string(scopeText))
			if err != nil {
				t.Fatal(err)
			}
			pl, err := rw.Plan(string(input), scope)
			if err != nil {
				t.Fatal(err)
			}
			all, ok := pl.RewrittenFor(func(*rewrite.Action) bool { return true })
			if !ok {
				t.Fatal("RewrittenFor(all) reports overlapping edits")
			}
			if diff := cmp.Diff(pl.Rewritten(), all); diff != "" {
				t.Errorf("RewrittenFor(all) (-Rewritten +got):\n%s", diff)
			}
			none, _ := pl.RewrittenFor(func(*rewrite.Action) bool { return false })
			if none != string(input) {
				t.Errorf("RewrittenFor(none) = %q, want the input", none)
			}
			for i, a := range pl.Actions {
				if a.Predicate == "" {
					continue
				}
				out, ok := pl.RewrittenFor(func(b *rewrite.Action) bool { return b != a })
				if !ok {
					t.Errorf("action %d: overlapping edits", i)
					continue
				}
				if strings.Count(out, a.Predicate) >= strings.Count(all, a.Predicate) {
					t.Errorf("action %d: leaving it out kept its predicate %q:\n%s", i, a.Predicate, out)
				}
			}
		})
	}
}

func TestRewrittenForSharedClause(t *testing.T) {
	rw := rewrite.New(rewritetest.Policy(t), postgres.Dialect{})
	sql := "SELECT * FROM customers c, orders o WHERE c.id = o.customer_id"
	pl, err := rw.Plan(sql, rewrite.Scope{})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name  string
		table string
		want  string
	}{
		{"both", "", "SELECT * FROM customers c, orders o WHERE c.deleted_at IS NULL AND o.is_deleted IS NOT TRUE AND (c.id = o.customer_id)"},
		{"without customers", "customers", "SELECT * FROM customers c, orders o WHERE o.is_deleted IS NOT TRUE AND (c.id = o.customer_id)"},
		{"without orders", "orders", "SELECT * FROM customers c, orders o WHERE c.deleted_at IS NULL AND (c.id = o.customer_id)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := pl.RewrittenFor(func(a *rewrite.Action) bool { return a.Table.Name != tt.table })
			if !ok {
				t.Fatal("overlapping edits")
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}
