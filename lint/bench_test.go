package lint_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/tombstone-sql/tombstone/internal/dialects"
	"github.com/tombstone-sql/tombstone/lint"
)

// reportQueries returns n report queries of the kinds a reporting
// directory holds: joins, CTEs, subqueries, some with live predicates,
// some without, each with an sqlc annotation.
func reportQueries(n int) string {
	shapes := []string{
		"SELECT c.id, c.name, count(o.id) AS orders\nFROM customers c\nLEFT JOIN orders o ON o.customer_id = c.id AND NOT o.is_deleted\nWHERE c.deleted_at IS NULL AND c.created_at > now() - interval '%d days'\nGROUP BY c.id, c.name\nORDER BY orders DESC\nLIMIT 50",
		"SELECT date_trunc('month', t.opened_at) AS month, count(*)\nFROM support_tickets t\nWHERE t.customer_id IN (SELECT id FROM customers WHERE email LIKE '%%@example.com')\nAND t.priority > %d\nGROUP BY 1",
		"WITH recent AS (\n  SELECT * FROM orders WHERE created_at > now() - interval '%d days'\n)\nSELECT r.id, i.total FROM recent r JOIN order_items i ON i.order_id = r.id",
		"SELECT * FROM leads WHERE created_at < now() - interval '%d days' ORDER BY created_at",
		"SELECT sum(total) FROM invoices i JOIN customers c ON c.id = i.customer_id WHERE c.deleted_at IS NULL AND i.year = %d",
	}
	var b strings.Builder
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "-- name: Report%d :many\n", i)
		fmt.Fprintf(&b, shapes[i%len(shapes)], i%90+1)
		b.WriteString(";\n\n")
	}
	return b.String()
}

// BenchmarkLintReports lints a directory's worth of report queries and
// reports statements linted per second.
func BenchmarkLintReports(b *testing.B) {
	l := fuzzLinter
	d, _ := dialects.Lookup("postgres")
	const n = 1000
	src := []byte(reportQueries(n))
	b.SetBytes(int64(len(src)))
	b.ResetTimer()
	start, cpu := time.Now(), cpuTime()
	for i := 0; i < b.N; i++ {
		res, err := l.File("reports.sql", src, d)
		if err != nil || res.Statements != n {
			b.Fatalf("%v, %d statements", err, res.Statements)
		}
	}
	b.ReportMetric(float64(n*b.N)/time.Since(start).Seconds(), "stmts/s")
	// CPU time does not count the time other processes hold the cores: on
	// a shared machine it is the steadier number.
	b.ReportMetric(float64(n*b.N)/(cpuTime()-cpu).Seconds(), "stmts/cpu-s")
}

// cpuTime returns the CPU time this process has used, user and system.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkSQLCProject lints a 1,000-query sqlc project end to end:
// reading sqlc.yaml, globbing, reading the files, linting.
func BenchmarkSQLCProject(b *testing.B) {
	dir := b.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "queries"), 0o755); err != nil {
		b.Fatal(err)
	}
	const files, perFile = 50, 20
	for f := 0; f < files; f++ {
		src := strings.ReplaceAll(reportQueries(perFile), "Report", fmt.Sprintf("F%dReport", f))
		if err := os.WriteFile(filepath.Join(dir, "queries", fmt.Sprintf("q%02d.sql", f)), []byte(src), 0o644); err != nil {
			b.Fatal(err)
		}
	}
	cfg := "version: \"2\"\nsql:\n  - engine: postgresql\n    schema: queries/\n    queries: queries/\n    gen:\n      go: {package: db, out: db}\n"
	if err := os.WriteFile(filepath.Join(dir, "sqlc.yaml"), []byte(cfg), 0o644); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	cpu := cpuTime()
	for i := 0; i < b.N; i++ {
		c, err := lint.LoadSQLC(filepath.Join(dir, "sqlc.yaml"))
		if err != nil {
			b.Fatal(err)
		}
		stmts := 0
		for _, p := range c.Packages {
			for _, f := range p.Files {
				src, err := os.ReadFile(f)
				if err != nil {
					b.Fatal(err)
				}
				res, err := fuzzLinter.File(f, src, p.Dialect)
				if err != nil {
					b.Fatal(err)
				}
				stmts += res.Statements
			}
		}
		if stmts != files*perFile {
			b.Fatalf("%d statements", stmts)
		}
	}
	b.ReportMetric((cpuTime()-cpu).Seconds()/float64(b.N), "cpu-s/op")
}
