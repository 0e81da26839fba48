package lint_test

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/tombstone-sql/tombstone/internal/dialects"
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
