package tombstone_test

import (
	"bytes"
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"log/slog"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"

	"github.com/tombstone-sql/tombstone"
	_ "github.com/tombstone-sql/tombstone/drivers/pgx"
	_ "github.com/tombstone-sql/tombstone/drivers/sqlite"
	"github.com/tombstone-sql/tombstone/examples/store"
	"github.com/tombstone-sql/tombstone/internal/testdb"
)

type columnInfo struct {
	Name, DatabaseType, ScanType string
	Nullable, NullableOK         bool
	Length                       int64
	LengthOK                     bool
	Precision, Scale             int64
	DecimalOK                    bool
}

func columns(t *testing.T, db *sql.DB, q string) []columnInfo {
	t.Helper()
	rows, err := db.Query(q)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	cts, err := rows.ColumnTypes()
	if err != nil {
		t.Fatal(err)
	}
	var out []columnInfo
	for _, ct := range cts {
		c := columnInfo{Name: ct.Name(), DatabaseType: ct.DatabaseTypeName(), ScanType: ct.ScanType().String()}
		c.Nullable, c.NullableOK = ct.Nullable()
		c.Length, c.LengthOK = ct.Length()
		c.Precision, c.Scale, c.DecimalOK = ct.DecimalSize()
		out = append(out, c)
	}
	return out
}

// TestColumnTypes: rows come from the base driver, column metadata and all.
func TestColumnTypes(t *testing.T) {
	forEach(t, func(t *testing.T, d string) {
		e := newEnv(t, d, envOptions{})
		q := "SELECT c.id, c.name, c.phone, c.created_at, i.amount FROM customers c JOIN invoices i ON i.customer_id = c.id"
		want, got := columns(t, e.raw, q), columns(t, e.sql, q)
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("column types (-raw +wrapped):\n%s", diff)
		}
		if want[0].DatabaseType == "" {
			t.Errorf("the base driver reported no type names; the test proves nothing")
		}
	})
}

// TestRawReachesBase: sql.Conn.Raw hands out tombstone's connection;
// tombstone.Unwrap reaches the base driver's.
func TestRawReachesBase(t *testing.T) {
	e := newEnv(t, "postgres", envOptions{})
	ctx := context.Background()
	c, err := e.sql.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	err = c.Raw(func(dc any) error {
		pc, ok := tombstone.Unwrap(dc).(*stdlib.Conn)
		if !ok {
			return errors.New("Unwrap did not reach *stdlib.Conn")
		}
		var n int
		return pc.Conn().QueryRow(ctx, "SELECT count(*) FROM customers").Scan(&n)
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := e.sql.Driver().(*tombstone.Driver); !ok {
		t.Errorf("db.Driver() = %T, want *tombstone.Driver", e.sql.Driver())
	}
}

// TestArgumentCheckers: pgx's checker accepts slices, MySQL's uint64 with
// the high bit; both must reach the base driver.
func TestArgumentCheckers(t *testing.T) {
	t.Run("postgres", func(t *testing.T) {
		e := newEnv(t, "postgres", envOptions{})
		got := names(t, context.Background(), e.db, "SELECT name FROM customers WHERE id = ANY($1) ORDER BY id", []int64{1, 3})
		if !cmp.Equal(got, []string{"Maya", "Lee"}) {
			t.Errorf("got %v", got)
		}
	})
	t.Run("postgres-exec-mode", func(t *testing.T) {
		// pgx peels leading QueryExecMode arguments off: they are not
		// parameters, and tombstone leaves them alone.
		e := newEnv(t, "postgres", envOptions{})
		if _, err := e.raw.Exec("UPDATE customers SET deleted_at = now() WHERE id = 3"); err != nil {
			t.Fatal(err)
		}
		got := names(t, context.Background(), e.db, "SELECT name FROM customers WHERE id > $1 ORDER BY id", pgx.QueryExecModeSimpleProtocol, 1)
		if !cmp.Equal(got, []string{"Sam"}) {
			t.Errorf("got %v", got)
		}
	})
	t.Run("mysql-interpolated", func(t *testing.T) {
		e := newEnv(t, "mysql", envOptions{params: "interpolateParams=true"})
		ctx := tombstone.WithActor(context.Background(), "alex", "interpolated")
		if res, err := e.db.ExecContext(ctx, "DELETE FROM customers WHERE id = ?", 1); err != nil {
			t.Fatal(err)
		} else if n, _ := res.RowsAffected(); n != 1 {
			t.Errorf("affected %d", n)
		}
		if got := names(t, ctx, e.db, "SELECT name FROM customers WHERE id <= ? ORDER BY id", 2); !cmp.Equal(got, []string{"Sam"}) {
			t.Errorf("got %v", got)
		}
	})
	t.Run("mysql", func(t *testing.T) {
		e := newEnv(t, "mysql", envOptions{})
		var v uint64
		if err := e.sql.QueryRow("SELECT CAST(? AS UNSIGNED) FROM customers WHERE id = 1", uint64(1<<63)).Scan(&v); err != nil {
			t.Fatal(err)
		}
		if v != 1<<63 {
			t.Errorf("got %d", v)
		}
	})
}

// TestNextResultSet: MySQL multi-statement results all come through.
func TestNextResultSet(t *testing.T) {
	e := newEnv(t, "mysql", envOptions{params: "multiStatements=true"})
	rows, err := e.sql.Query("SELECT name FROM customers WHERE id = 1; SELECT name FROM customers WHERE id = 2")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var got []string
	for {
		for rows.Next() {
			var s string
			if err := rows.Scan(&s); err != nil {
				t.Fatal(err)
			}
			got = append(got, s)
		}
		if !rows.NextResultSet() {
			break
		}
	}
	if !cmp.Equal(got, []string{"Maya", "Sam"}) {
		t.Errorf("got %v", got)
	}
}

// TestErrSkipOnce: go-sql-driver/mysql without interpolateParams answers
// ErrSkip to every statement with arguments, and database/sql prepares it
// instead; the statement is logged once and runs once.
func TestErrSkipOnce(t *testing.T) {
	var logs bytes.Buffer
	// At DEBUG: a repeated widened-scope record goes there (docs/logging.md).
	e := newEnv(t, "mysql", envOptions{opts: []tombstone.Option{tombstone.WithLogger(slog.New(slog.NewJSONHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug})))}})
	ctx := tombstone.WithActor(tombstone.WithRole(context.Background(), "privacy"), "pat", "purge")
	res, err := e.db.ExecContext(tombstone.HardDelete(tombstone.OnlyDeleted(ctx, "customers")), "DELETE FROM customers WHERE id = ?", 2)
	if err != nil {
		t.Fatal(err)
	}
	if n, _ := res.RowsAffected(); n != 0 {
		t.Errorf("purged %d live rows, want 0", n)
	}
	if n := strings.Count(logs.String(), "tombstone widened scope"); n != 1 {
		t.Errorf("logged %d times, want once:\n%s", n, logs.String())
	}
}

// TestTransactions: deletes inside a transaction and a savepoint behave as
// without tombstone.
func TestTransactions(t *testing.T) {
	forEachDoor(t, func(t *testing.T, d string) {
		e := newEnv(t, d, envOptions{})
		ctx := tombstone.WithActor(context.Background(), "alex", "tx")
		tx, err := e.db.BeginTx(ctx, nil)
		if err != nil {
			t.Fatal(err)
		}
		for _, q := range []string{"DELETE FROM customers WHERE id = 1", "SAVEPOINT s1", "DELETE FROM customers WHERE id = 2", "ROLLBACK TO SAVEPOINT s1"} {
			if _, err := tx.ExecContext(ctx, q); err != nil {
				t.Fatalf("%s: %v", q, err)
			}
		}
		var inTx []string
		rows, err := tx.QueryContext(ctx, "SELECT name FROM customers ORDER BY id")
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var s string
			rows.Scan(&s)
			inTx = append(inTx, s)
		}
		rows.Close()
		if err := tx.Commit(); err != nil {
			t.Fatal(err)
		}
		if !cmp.Equal(inTx, []string{"Sam", "Lee"}) {
			t.Errorf("inside the transaction: %v", inTx)
		}
		if got := names(t, ctx, e.db, "SELECT name FROM customers ORDER BY id"); !cmp.Equal(got, []string{"Sam", "Lee"}) {
			t.Errorf("after commit: %v", got)
		}
	})
}

// TestCancel: cancelling the context stops the statement as it would
// without the wrapper.
func TestCancel(t *testing.T) {
	e := newEnv(t, "postgres", envOptions{})
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	_, err := e.db.ExecContext(ctx, "SELECT pg_sleep(30) FROM customers WHERE id = 1")
	if !errors.Is(err, context.DeadlineExceeded) && (err == nil || !strings.Contains(err.Error(), "canceling statement")) {
		t.Fatalf("err = %v, want the context's deadline", err)
	}
}

// TestBadConnRetry: a connection the server dropped is found by pgx's
// session reset (forwarded by the wrapper), and database/sql moves to a
// new one instead of failing.
func TestBadConnRetry(t *testing.T) {
	e := newEnv(t, "postgres", envOptions{})
	e.db.SetMaxOpenConns(1)
	var pid1, pid2 int
	if err := e.sql.QueryRow("SELECT pg_backend_pid()").Scan(&pid1); err != nil {
		t.Fatal(err)
	}
	if _, err := e.raw.Exec("SELECT pg_terminate_backend($1)", pid1); err != nil {
		t.Fatal(err)
	}
	time.Sleep(1100 * time.Millisecond) // pgx pings a connection idle for more than a second
	if err := e.sql.QueryRow("SELECT pg_backend_pid() FROM customers WHERE id = 1").Scan(&pid2); err != nil {
		t.Fatalf("query after the backend was terminated: %v", err)
	}
	if pid2 == pid1 {
		t.Errorf("still on backend %d", pid1)
	}
}

// TestShadow: shadow mode sends statements unchanged and logs what enforce
// mode would have done.
func TestShadow(t *testing.T) { onSQLiteAndNative(t, testShadow) }

// onSQLiteAndNative runs f on SQLite through database/sql, and on
// PostgreSQL through the pgx-native pool.
func onSQLiteAndNative(t *testing.T, f func(t *testing.T, dialect string)) {
	t.Run("sqlite", func(t *testing.T) { f(t, "sqlite") })
	t.Run("pgx-native", func(t *testing.T) { asNative(t, func(t *testing.T) { f(t, "postgres") }) })
}

func testShadow(t *testing.T, dialect string) {
	var logs bytes.Buffer
	e := newEnv(t, dialect, envOptions{opts: []tombstone.Option{tombstone.WithMode(tombstone.Shadow), tombstone.WithLogger(slog.New(slog.NewJSONHandler(&logs, nil)))}})
	if _, err := e.raw.Exec("UPDATE customers SET deleted_at = '2026-11-01' WHERE id = 3"); err != nil {
		t.Fatal(err)
	}
	if got := names(t, context.Background(), e.db, "SELECT name FROM customers ORDER BY id"); !cmp.Equal(got, []string{"Maya", "Sam", "Lee"}) {
		t.Errorf("shadow mode changed the result: %v", got)
	}
	if _, err := e.db.ExecContext(context.Background(), "DELETE FROM invoices WHERE id = 101"); err != nil {
		t.Errorf("shadow mode refused: %v", err)
	}
	if _, err := e.db.ExecContext(context.Background(), "DELETE FROM customers WHERE email = 'nobody@example.com'"); err != nil {
		t.Errorf("shadow mode refused: %v", err)
	}
	out := logs.String()
	for _, want := range []string{`would rewrite it: filter customers`, `would refuse: tombstone: DELETE on invoices refused`, `would rewrite it: tombstone customers instead of deleting`} {
		if !strings.Contains(out, want) {
			t.Errorf("log lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "nobody@example.com") {
		t.Errorf("the log quotes a literal of the statement:\n%s", out)
	}
}

// TestShadowLoggedOnce: in shadow mode a statement is reported once, also
// when go-sql-driver/mysql answers ErrSkip and it comes back through
// Prepare.
func TestShadowLoggedOnce(t *testing.T) {
	var logs bytes.Buffer
	e := newEnv(t, "mysql", envOptions{opts: []tombstone.Option{tombstone.WithMode(tombstone.Shadow), tombstone.WithLogger(slog.New(slog.NewJSONHandler(&logs, nil)))}})
	ctx := tombstone.WithActor(tombstone.WithRole(context.Background(), "agent"), "al", "shadow")
	if _, err := e.db.ExecContext(ctx, "DELETE FROM support_tickets WHERE id = ?", 999); err != nil {
		t.Fatal(err)
	}
	names(t, tombstone.WithDeleted(ctx, "customers"), e.db, "SELECT name FROM customers WHERE id = ?", 1)
	out := logs.String()
	for _, want := range []string{"would rewrite it: tombstone support_tickets instead of deleting", "would refuse: tombstone: forbidden"} {
		if n := strings.Count(out, want); n != 1 {
			t.Errorf("%q logged %d times, want once:\n%s", want, n, out)
		}
	}
}

// TestLogs: widened scopes and refusals are logged with actor, role,
// table and the statement's fingerprint, never argument values.
func TestLogs(t *testing.T) { onSQLiteAndNative(t, testLogs) }

func testLogs(t *testing.T, dialect string) {
	var logs bytes.Buffer
	e := newEnv(t, dialect, envOptions{opts: []tombstone.Option{tombstone.WithLogger(slog.New(slog.NewJSONHandler(&logs, nil)))}})
	ph := "?"
	if dialect == "postgres" {
		ph = "$1"
	}
	ctx := tombstone.WithActor(tombstone.WithRole(context.Background(), "manager"), "mo", "review")
	names(t, tombstone.OnlyDeleted(ctx, "customers"), e.db, "SELECT name FROM customers WHERE email = "+ph, "secret-value@example.com")
	if _, err := e.db.ExecContext(ctx, "DELETE FROM invoices WHERE billing_name = "+ph, "Secret Name"); !errors.Is(err, tombstone.ErrRetained) {
		t.Fatal(err)
	}
	out := logs.String()
	for _, want := range []string{`"msg":"tombstone widened scope"`, `"actor":"mo"`, `"role":"manager"`, `"scope":"only-deleted=customers"`, `"msg":"tombstone refused a statement"`, `"table":"invoices"`, `"statement":"`} {
		if !strings.Contains(out, want) {
			t.Errorf("log lacks %s:\n%s", want, out)
		}
	}
	for _, secret := range []string{"secret-value", "Secret Name"} {
		if strings.Contains(out, secret) {
			t.Errorf("log holds the argument value %q", secret)
		}
	}
}

// TestRegisteredDriver: sql.Open("tombstone-sqlite", …) takes its policy
// from the DSN parameter or TOMBSTONE_POLICY.
func TestRegisteredDriver(t *testing.T) {
	dir := t.TempDir()
	policyPath := filepath.Join(dir, "tombstone.yaml")
	if err := os.WriteFile(policyPath, store.Policy, 0o644); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(dir, "store.db")
	raw := open(t, "sqlite", "file:"+file)
	setup(t, "sqlite", raw, storePolicy(t, nil), false)
	if _, err := raw.Exec("UPDATE customers SET deleted_at = '2026-11-01' WHERE id = 3"); err != nil {
		t.Fatal(err)
	}
	check := func(t *testing.T, dsn string) {
		db := open(t, "tombstone-sqlite", dsn)
		if got := names(t, context.Background(), db, "SELECT name FROM customers ORDER BY id"); !cmp.Equal(got, []string{"Maya", "Sam"}) {
			t.Errorf("got %v", got)
		}
	}
	t.Run("dsn", func(t *testing.T) { check(t, "file:"+file+"?_pragma=busy_timeout(1000)&tombstone_policy="+policyPath) })
	t.Run("env", func(t *testing.T) {
		t.Setenv("TOMBSTONE_POLICY", policyPath)
		check(t, "file:"+file)
	})
	t.Run("none", func(t *testing.T) {
		t.Setenv("TOMBSTONE_POLICY", "")
		db, err := sql.Open("tombstone-sqlite", "file:"+file)
		if err == nil {
			defer db.Close()
			err = db.Ping()
		}
		if err == nil || !strings.Contains(err.Error(), "tombstone_policy") {
			t.Errorf("err = %v, want a message naming tombstone_policy", err)
		}
	})
	t.Run("pgx", func(t *testing.T) {
		dsn, _ := testdb.PostgresSchema(t)
		raw := open(t, "pgx", dsn)
		setup(t, "postgres", raw, storePolicy(t, nil), false)
		if _, err := raw.Exec("UPDATE customers SET deleted_at = now() WHERE id = 3"); err != nil {
			t.Fatal(err)
		}
		db := open(t, "tombstone-pgx", dsn+"&tombstone_policy="+policyPath)
		if got := names(t, context.Background(), db, "SELECT name FROM customers ORDER BY id"); !cmp.Equal(got, []string{"Maya", "Sam"}) {
			t.Errorf("got %v", got)
		}
		if reflect.TypeOf(db.Driver()).String() != "*tombstone.Driver" {
			t.Errorf("driver %T", db.Driver())
		}
	})
}

// TestClaimsOnlyWhatTheBaseHas: the wrapped connection is a
// SessionResetter or Validator exactly when the base connection is
// (pgx's has no IsValid; MySQL's and modernc's have both).
func TestClaimsOnlyWhatTheBaseHas(t *testing.T) {
	forEach(t, func(t *testing.T, d string) {
		e := newEnv(t, d, envOptions{uncounted: true})
		c, err := e.sql.Conn(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		err = c.Raw(func(dc any) error {
			base := tombstone.Unwrap(dc)
			for _, check := range []struct {
				name       string
				wrap, base bool
			}{
				{"SessionResetter", is[driver.SessionResetter](dc), is[driver.SessionResetter](base)},
				{"Validator", is[driver.Validator](dc), is[driver.Validator](base)},
			} {
				if check.wrap != check.base {
					t.Errorf("%s: wrapped %v, base %v", check.name, check.wrap, check.base)
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	})
}

func is[T any](v any) bool { _, ok := v.(T); return ok }
