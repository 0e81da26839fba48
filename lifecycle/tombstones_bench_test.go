package lifecycle_test

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"path/filepath"
	"testing"

	"github.com/tombstone-sql/tombstone"
	"github.com/tombstone-sql/tombstone/internal/testdb"
	"github.com/tombstone-sql/tombstone/lifecycle"
	"github.com/tombstone-sql/tombstone/policy"
	"github.com/tombstone-sql/tombstone/schema"
)

// benchPolicy is the listing benchmark's policy: one soft table and the
// audit trail.
const benchPolicy = `version: 1
audit: {table: tombstone_audit}
tables:
  customers:
    delete: soft
    column: deleted_at
    restore_window: 30d
`

// The listing benchmark's rows: listed customers, of which every second
// was tombstoned beneath tombstone before the trail existed and so has no
// audit row.
const benchListed = 100

// BenchmarkTombstones lists 100 tombstones, half of them without an audit
// row, beside an audit trail of 10,000 and of 100,000 other rows of the
// same table, on SQLite, PostgreSQL and MySQL/MariaDB. The listing reads only the listed
// keys' audit rows, so its cost does not grow with the trail.
func BenchmarkTombstones(b *testing.B) {
	p, err := policy.Parse("bench.yaml", []byte(benchPolicy))
	if err != nil {
		b.Fatal(err)
	}
	for _, dialect := range []string{"sqlite", "postgres", "mysql"} {
		for _, trail := range []int{10_000, 100_000} {
			db := benchDB(b, p, dialect, trail)
			ctx := context.Background()
			b.Run(fmt.Sprintf("%s/trail=%dk", dialect, trail/1000), func(b *testing.B) {
				for b.Loop() {
					got, err := lifecycle.Tombstones(ctx, db, dialect, p, "customers", func(k *int) []any { return []any{k} })
					if err != nil {
						b.Fatal(err)
					}
					named := 0
					for _, ts := range got {
						if ts.DeletedBy != "" {
							named++
						}
					}
					if len(got) != benchListed || named != benchListed/2 {
						b.Fatalf("listed %d tombstones, %d with a deleter; want %d, %d", len(got), named, benchListed, benchListed/2)
					}
				}
			})
		}
	}
}

// benchDB builds the benchmark's database on dialect: the customers, the
// migration, trail audit rows of long-purged customers, then the listed
// tombstones, every second one through tombstone (so its audit row is the
// newest), the others beneath it.
func benchDB(b *testing.B, p *policy.Policy, dialect string, trail int) *sql.DB {
	b.Helper()
	var driver, dsn, filler string
	switch dialect {
	case "sqlite":
		driver, dsn = "sqlite", "file:"+filepath.Join(b.TempDir(), "bench.db")+"?_pragma=busy_timeout(10000)"
		filler = fmt.Sprintf("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < %d) "+
			"INSERT INTO tombstone_audit (actor, reason, action, table_name, row_key) SELECT 'old', 'purged', 'tombstone', 'customers', json_object('id', 1000000 + i) FROM n", trail)
	case "mysql":
		driver = "mysql"
		dsn, _ = testdb.MySQLDatabase(b, "parseTime=true")
		// MariaDB stops a recursion at 1,000 rows: a square of two.
		filler = fmt.Sprintf("INSERT INTO tombstone_audit (actor, reason, action, table_name, row_key) WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 999) "+
			"SELECT 'old', 'purged', 'tombstone', 'customers', CAST(JSON_OBJECT('id', 1000000 + a.i * 1000 + b.i) AS CHAR) FROM n a CROSS JOIN n b WHERE a.i * 1000 + b.i < %d", trail)
	case "postgres":
		driver = "pgx"
		dsn, _ = testdb.PostgresSchema(b)
		filler = fmt.Sprintf("INSERT INTO tombstone_audit (actor, reason, action, table_name, row_key) "+
			"SELECT 'old', 'purged', 'tombstone', 'customers', CAST(jsonb_build_object('id', 1000000 + i) AS text) FROM generate_series(1, %d) AS i", trail)
	}
	plain, err := sql.Open(driver, dsn)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { plain.Close() })
	stmts := []string{"CREATE TABLE customers (id INT PRIMARY KEY, name VARCHAR(64) NOT NULL)"}
	ddl, err := schema.Migrate(p, dialect)
	if err != nil {
		b.Fatal(err)
	}
	for _, s := range ddl {
		stmts = append(stmts, s.SQL)
	}
	stmts = append(stmts, filler)
	// The even ones inserted as tombstones: an INSERT writes no audit row.
	for i := 1; i <= benchListed; i++ {
		deleted := "NULL"
		if i%2 == 0 {
			deleted = "CURRENT_TIMESTAMP"
		}
		stmts = append(stmts, fmt.Sprintf("INSERT INTO customers (id, name, deleted_at) VALUES (%d, 'c%d', %s)", i, i, deleted))
	}
	for _, s := range stmts {
		if _, err := plain.Exec(s); err != nil {
			b.Fatalf("%s: %s: %v", dialect, s, err)
		}
	}
	if _, err := plain.Exec(map[string]string{"sqlite": "ANALYZE", "postgres": "ANALYZE tombstone_audit", "mysql": "ANALYZE TABLE tombstone_audit"}[dialect]); err != nil {
		b.Fatal(err)
	}
	db, err := tombstone.OpenDB(driver, dsn, p, tombstone.WithDialect(dialect), tombstone.WithLogger(slog.New(slog.DiscardHandler)))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	ctx := tombstone.WithActor(context.Background(), "alex", "gone")
	if _, err := db.ExecContext(ctx, "DELETE FROM customers WHERE id % 2 = 1"); err != nil {
		b.Fatal(err)
	}
	var n int
	if err := plain.QueryRow("SELECT count(*) FROM tombstone_audit").Scan(&n); err != nil {
		b.Fatal(err)
	}
	if n != trail+benchListed/2 {
		b.Fatalf("%s: the trail holds %d rows, want %d", dialect, n, trail+benchListed/2)
	}
	return db
}
