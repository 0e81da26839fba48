package lint_test

import (
	"fmt"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/tombstone-sql/tombstone/internal/dialects"
	"github.com/tombstone-sql/tombstone/lint"
)

// TestLongStatement checks that a statement past lint.MaxStatement is a
// TS007 finding at its first line saying the limit, and that the
// statements around it are still linted.
func TestLongStatement(t *testing.T) {
	t.Chdir(root(t))
	for _, name := range []string{"postgres", "mysql", "sqlite"} {
		t.Run(name, func(t *testing.T) {
			d, _ := dialects.Lookup(name)
			values := strings.Repeat("1, ", lint.MaxStatement/3) + "1"
			src := "SELECT * FROM customers;\n\nSELECT name FROM customers\nWHERE id IN (" + values + ");\nDELETE FROM customers WHERE id = 1;\n"
			res, err := linter(t).File("long.sql", []byte(src), d)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, f := range res.Findings {
				got = append(got, fmt.Sprintf("%d:%d %s", f.Line, f.Column, f.Rule.Code))
				if f.Rule == lint.UnparsedStatement {
					if want := fmt.Sprintf("statement not checked: it is %d bytes long, and tombstone lint checks statements of at most 1048576 bytes (1 MiB); split it, e.g. a long IN list into a join with a table of the values", len(values)+41); f.Message != want {
						t.Errorf("TS007 message %q, want %q", f.Message, want)
					}
				}
			}
			want := []string{"1:15 TS001", "3:1 TS007", "5:1 TS004"}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("findings (-want +got):\n%s", diff)
			}
		})
	}
}

// TestFileMemoryFollowsStatement checks that linting a file of many
// statements holds one batch of analyses at a time, not the file's: the
// live heap stays far below what every statement's analysis would take.
func TestFileMemoryFollowsStatement(t *testing.T) {
	t.Chdir(root(t))
	d, _ := dialects.Lookup("postgres")
	stmt := "SELECT c.name, t.subject FROM customers c JOIN support_tickets t ON t.customer_id = c.id AND t.deleted_at IS NULL WHERE c.deleted_at IS NULL AND c.region = 'eu';\n"
	src := []byte(strings.Repeat(stmt, 8000)) // 1.2 MB, no findings
	l := linter(t)
	runtime.GC()
	var base runtime.MemStats
	runtime.ReadMemStats(&base)
	var peak atomic.Uint64
	done := make(chan struct{})
	sampled := make(chan struct{})
	go func() {
		defer close(sampled)
		var m runtime.MemStats
		for {
			select {
			case <-done:
				return
			case <-time.After(2 * time.Millisecond):
			}
			runtime.ReadMemStats(&m)
			if m.HeapInuse > peak.Load() {
				peak.Store(m.HeapInuse)
			}
		}
	}()
	res, err := l.File("many.sql", src, d)
	close(done)
	<-sampled
	if err != nil {
		t.Fatal(err)
	}
	if res.Statements != 8000 || len(res.Findings) != 0 {
		t.Fatalf("%d statements, %d findings; want 8000 and none", res.Statements, len(res.Findings))
	}
	grew := int64(peak.Load()) - int64(base.HeapInuse)
	t.Logf("the heap grew by %d bytes linting %d bytes", grew, len(src))
	if limit := int64(12 * len(src)); grew > limit {
		t.Errorf("the heap grew by %d bytes linting %d bytes of SQL, want at most %d (about 12 per byte: the text, its chunks and one batch of analyses)", grew, len(src), limit)
	}
}
