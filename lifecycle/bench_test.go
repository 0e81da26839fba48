package lifecycle

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"os"
	"runtime"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/tombstone-sql/tombstone"
	"github.com/tombstone-sql/tombstone/internal/testdb"
	"github.com/tombstone-sql/tombstone/policy"
	"github.com/tombstone-sql/tombstone/schema"
)

const benchPolicy = `version: 1
audit: {table: tombstone_audit}
tables:
  tickets: {delete: soft, column: deleted_at, restore_window: 14d, after_window: purge}
`

// BenchmarkPurge compares, side by side on PostgreSQL over loopback,
// tombstone expire purging N tombstones past their window with the one
// hand-written DELETE a team would otherwise run; both fire the same audit
// trigger. It reports the longest single batch and the peak heap, which
// stays flat as N grows. N is 100,000; set TOMBSTONE_BENCH_ROWS=1000000
// for the run recorded in BENCHMARKS.md:
//
//	CI=true TOMBSTONE_BENCH_ROWS=1000000 go test -run '^$' -bench BenchmarkPurge -benchtime 1x -benchmem ./lifecycle/
func BenchmarkPurge(b *testing.B) {
	n := 100_000
	if v := os.Getenv("TOMBSTONE_BENCH_ROWS"); v != "" {
		var err error
		if n, err = strconv.Atoi(v); err != nil || n < 1 {
			b.Fatalf("TOMBSTONE_BENCH_ROWS=%q: want a positive number of rows", v)
		}
	}
	p, err := policy.Parse("bench.yaml", []byte(benchPolicy))
	if err != nil {
		b.Fatal(err)
	}
	dsn, _ := testdb.PostgresSchema(b)
	plain, err := sql.Open("pgx", dsn)
	if err != nil {
		b.Fatal(err)
	}
	defer plain.Close()
	db, err := tombstone.OpenDB("pgx", dsn, p, tombstone.WithDialect("postgres"), tombstone.WithLogger(slog.New(slog.DiscardHandler)))
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	testdb.MustExec(b, plain, "CREATE TABLE tickets (id bigint PRIMARY KEY, subject text NOT NULL)")
	ddl, err := schema.Migrate(p, "postgres")
	if err != nil {
		b.Fatal(err)
	}
	for _, s := range ddl {
		testdb.MustExec(b, plain, s.SQL)
	}
	fill := func(b *testing.B) {
		b.StopTimer()
		testdb.MustExec(b, plain, "TRUNCATE tickets, tombstone_audit",
			fmt.Sprintf("INSERT INTO tickets (id, subject, deleted_at) SELECT i, 'ticket ' || i, now() - interval '30 days' FROM generate_series(1, %d) i", n),
			"VACUUM ANALYZE tickets")
		b.StartTimer()
	}
	check := func(b *testing.B) {
		b.StopTimer()
		var left, audited int
		if err := plain.QueryRow("SELECT (SELECT count(*) FROM tickets), (SELECT count(*) FROM tombstone_audit)").Scan(&left, &audited); err != nil {
			b.Fatal(err)
		}
		if left != 0 || audited != n {
			b.Fatalf("%d rows left, %d audit rows; want 0 and %d", left, audited, n)
		}
		b.StartTimer()
	}
	b.Run(fmt.Sprintf("expire/rows=%d", n), func(b *testing.B) {
		var longest time.Duration
		peak := heapPeak(func() {
			for range b.N {
				fill(b)
				rep, err := Expire(context.Background(), db, p, "postgres")
				if err != nil {
					b.Fatal(err)
				}
				longest = max(longest, rep.LongestBatch)
				check(b)
			}
		})
		b.ReportMetric(float64(longest.Microseconds())/1000, "ms-longest-batch")
		b.ReportMetric(float64(peak)/(1<<20), "MiB-peak-heap")
	})
	b.Run(fmt.Sprintf("delete/rows=%d", n), func(b *testing.B) {
		peak := heapPeak(func() {
			for range b.N {
				fill(b)
				if _, err := plain.Exec("DELETE FROM tickets WHERE deleted_at < now() - interval '14 days'"); err != nil {
					b.Fatal(err)
				}
				check(b)
			}
		})
		b.ReportMetric(float64(peak)/(1<<20), "MiB-peak-heap")
	})
}

// heapPeak runs f and returns the largest heap in use seen while it ran.
func heapPeak(f func()) uint64 {
	runtime.GC()
	var peak uint64
	var mu sync.Mutex
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		tick := time.NewTicker(20 * time.Millisecond)
		defer tick.Stop()
		var m runtime.MemStats
		for {
			select {
			case <-done:
				return
			case <-tick.C:
				runtime.ReadMemStats(&m)
				mu.Lock()
				peak = max(peak, m.HeapInuse)
				mu.Unlock()
			}
		}
	}()
	f()
	close(done)
	wg.Wait()
	return peak
}
