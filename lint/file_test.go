package lint_test

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/tombstone-sql/tombstone/internal/dialects"
	"github.com/tombstone-sql/tombstone/lint"
)

// TestByteOrderMark checks that a leading U+FEFF is white space: the first
// statement parses, positions count its bytes, suggestions leave it out
// and the fixed text keeps it.
func TestByteOrderMark(t *testing.T) {
	t.Chdir(root(t))
	d, _ := dialects.Lookup("postgres")
	src := "\uFEFFSELECT * FROM customers;\n"
	res, err := linter(t).File("bom.sql", []byte(src), d)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range res.Findings {
		got = append(got, f.Rule.Code+" "+f.Suggestion)
		if f.Line != 1 || f.Column != 18 {
			t.Errorf("%s at %d:%d, want 1:18 (the mark is 3 bytes)", f.Rule.Code, f.Line, f.Column)
		}
	}
	want := []string{"TS001 SELECT * FROM customers WHERE customers.deleted_at IS NULL"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("findings (-want +got):\n%s", diff)
	}
	if wantFixed := "\uFEFFSELECT * FROM customers WHERE customers.deleted_at IS NULL;\n"; res.Fixed != wantFixed {
		t.Errorf("fixed %q, want %q", res.Fixed, wantFixed)
	}
	if strings.Count(res.Fixed, "\uFEFF") != 1 {
		t.Errorf("fixed text has %d marks", strings.Count(res.Fixed, "\uFEFF"))
	}
}

// TestBindvars lints SQL whose parameters sqlx rewrites: :name in named
// queries and ? for sqlx.In and Rebind, also on PostgreSQL. They are read
// as parameters, and the fix applies to the text as written.
func TestBindvars(t *testing.T) {
	t.Chdir(root(t))
	l := linter(t)
	tests := []struct {
		dialect, sql string
		b            lint.Bindvars
		want         []string // rules, then the fixed text
	}{
		{"postgres", "SELECT * FROM customers WHERE id = :id AND name = :first_name", lint.NamedBindvars,
			[]string{"TS001", "SELECT * FROM customers WHERE customers.deleted_at IS NULL AND (id = :id AND name = :first_name)"}},
		{"postgres", "SELECT * FROM customers WHERE id = :id", lint.DialectBindvars, []string{"TS007", "SELECT * FROM customers WHERE id = :id"}},
		{"postgres", "SELECT * FROM customers WHERE :first_name = name OR :ab = email", lint.NamedBindvars,
			[]string{"TS001", "SELECT * FROM customers WHERE customers.deleted_at IS NULL AND (:first_name = name OR :ab = email)"}},
		{"sqlite", "SELECT * FROM customers c WHERE c.id = :c.id", lint.NamedBindvars,
			[]string{"TS001", "SELECT * FROM customers c WHERE c.deleted_at IS NULL AND (c.id = :c.id)"}},
		// sqlx sends :: as one colon, so a cast is written ::::, and
		// '…'::date is a syntax error.
		{"postgres", "SELECT * FROM customers WHERE created_at > '2020-01-01'::::date AND id = :a", lint.NamedBindvars,
			[]string{"TS001", "SELECT * FROM customers WHERE customers.deleted_at IS NULL AND (created_at > '2020-01-01'::::date AND id = :a)"}},
		{"postgres", "SELECT * FROM customers WHERE created_at > '2020-01-01'::date", lint.NamedBindvars,
			[]string{"TS007", "SELECT * FROM customers WHERE created_at > '2020-01-01'::date"}},
		// := is an assignment, not a parameter.
		{"mysql", "SELECT @n := :n FROM customers", lint.NamedBindvars,
			[]string{"TS001", "SELECT @n := :n FROM customers WHERE customers.deleted_at IS NULL"}},
		{"mysql", "UPDATE customers SET name = :name WHERE id = :c.id", lint.NamedBindvars,
			[]string{"TS005", "UPDATE customers SET name = :name WHERE customers.deleted_at IS NULL AND (id = :c.id)"}},
		{"postgres", "SELECT * FROM customers WHERE id IN (?)", lint.QuestionBindvars,
			[]string{"TS001", "SELECT * FROM customers WHERE customers.deleted_at IS NULL AND (id IN (?))"}},
		// ? stands for no value a live test compares with.
		{"postgres", "SELECT * FROM orders o WHERE o.is_deleted = ?", lint.QuestionBindvars,
			[]string{"TS001", "SELECT * FROM orders o WHERE o.is_deleted IS NOT TRUE AND (o.is_deleted = ?)"}},
		{"postgres", "SELECT * FROM orders o WHERE o.is_deleted = ?", lint.DialectBindvars, []string{"TS007", "SELECT * FROM orders o WHERE o.is_deleted = ?"}},
		{"sqlite", "DELETE FROM customers WHERE id = ?", lint.QuestionBindvars,
			[]string{"TS004", "UPDATE customers SET deleted_at = CURRENT_TIMESTAMP WHERE customers.deleted_at IS NULL AND (id = ?)"}},
	}
	for _, tt := range tests {
		t.Run(tt.dialect+" "+tt.sql, func(t *testing.T) {
			d, _ := dialects.Lookup(tt.dialect)
			sts := l.TextBindvars(tt.sql, d, tt.b)
			if len(sts) != 1 {
				t.Fatalf("%d statements", len(sts))
			}
			var got []string
			for _, is := range sts[0].Issues {
				got = append(got, is.Rule.Code)
			}
			_, edits, _ := sts[0].Fix(func(*lint.Issue) bool { return true })
			fixed := tt.sql
			for k := len(edits) - 1; k >= 0; k-- {
				e := edits[k]
				fixed = fixed[:e.Start] + e.Text + fixed[e.End:]
			}
			got = append(got, fixed)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}
