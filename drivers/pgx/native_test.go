package pgx_test

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/tombstone-sql/tombstone"
	tpgx "github.com/tombstone-sql/tombstone/drivers/pgx"
	"github.com/tombstone-sql/tombstone/examples/store"
	"github.com/tombstone-sql/tombstone/internal/testdb"
	"github.com/tombstone-sql/tombstone/schema"
)

// sqlc's pgx/v5 DBTX, with CopyFrom and SendBatch: what generated code
// takes.
type dbtx interface {
	Exec(context.Context, string, ...interface{}) (pgconn.CommandTag, error)
	Query(context.Context, string, ...interface{}) (pgx.Rows, error)
	QueryRow(context.Context, string, ...interface{}) pgx.Row
	CopyFrom(ctx context.Context, tableName pgx.Identifier, columnNames []string, rowSrc pgx.CopyFromSource) (int64, error)
	SendBatch(context.Context, *pgx.Batch) pgx.BatchResults
}

var (
	_ dbtx   = (*tpgx.Pool)(nil)
	_ dbtx   = (*tpgx.Conn)(nil)
	_ dbtx   = (*tpgx.PoolConn)(nil)
	_ pgx.Tx = (*tpgx.Tx)(nil)
)

// storeEnv is the store on a scratch schema: raw bypasses tombstone, pool
// is tombstone's.
type storeEnv struct {
	raw  *pgxpool.Pool
	pool *tpgx.Pool
	cfg  *pgxpool.Config
	p    *tombstone.Policy
}

func newStore(t *testing.T, opts ...tombstone.Option) *storeEnv {
	t.Helper()
	ctx := context.Background()
	dsn, _ := testdb.PostgresSchema(t)
	p, err := tombstone.ParsePolicy("store.yaml", store.Policy)
	if err != nil {
		t.Fatal(err)
	}
	raw, err := pgxpool.New(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(raw.Close)
	stmts, err := store.Schema("postgres")
	if err != nil {
		t.Fatal(err)
	}
	ddl, err := schema.Migrate(p, "postgres")
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range ddl {
		stmts = append(stmts, s.SQL)
	}
	for _, s := range append(stmts, store.Seed()...) {
		if _, err := raw.Exec(ctx, s); err != nil {
			t.Fatalf("%s: %v", s, err)
		}
	}
	cfg, err := pgxpool.ParseConfig(dsn)
	if err != nil {
		t.Fatal(err)
	}
	pool, err := tpgx.NewPool(ctx, cfg, p, append([]tombstone.Option{tombstone.WithLogger(slog.New(slog.DiscardHandler))}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(pool.Close)
	return &storeEnv{raw: raw, pool: pool, cfg: cfg, p: p}
}

// strs returns one text column of a query.
func strs(t *testing.T, ctx context.Context, db interface {
	Query(context.Context, string, ...any) (pgx.Rows, error)
}, q string, args ...any) []string {
	t.Helper()
	rows, err := db.Query(ctx, q, args...)
	if err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	out, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return out
}

func (e *storeEnv) audit(t *testing.T) []string {
	t.Helper()
	return strs(t, context.Background(), e.raw, "SELECT COALESCE(actor, '') || '|' || action || '|' || table_name || '|' || COALESCE(REPLACE(row_key, ' ', ''), '') FROM tombstone_audit ORDER BY id")
}

// TestBatch: every queued statement is rewritten; a refused one fails the
// batch before any of it is sent, and its audit row is written.
func TestBatch(t *testing.T) {
	e := newStore(t)
	ctx := tombstone.WithActor(context.Background(), "alex", "batch")
	b := &pgx.Batch{}
	b.Queue("DELETE FROM customers WHERE id = $1", 1)
	b.Queue("SELECT name FROM customers ORDER BY id")
	if err := e.pool.SendBatch(ctx, b).Close(); err != nil {
		t.Fatal(err)
	}
	if got := strs(t, ctx, e.raw, "SELECT name FROM customers WHERE deleted_at IS NOT NULL"); !cmp.Equal(got, []string{"Maya"}) {
		t.Errorf("tombstones = %v, want [Maya]", got)
	}
	// The caller's batch is left as queued: sent again, it is decided again.
	if b.QueuedQueries[0].SQL != "DELETE FROM customers WHERE id = $1" {
		t.Errorf("the batch was changed: %q", b.QueuedQueries[0].SQL)
	}

	b = &pgx.Batch{}
	var names []string
	b.Queue("SELECT name FROM customers ORDER BY id").Query(func(rows pgx.Rows) error {
		var err error
		names, err = pgx.CollectRows(rows, pgx.RowTo[string])
		return err
	})
	b.Queue("DELETE FROM customers WHERE id = 2")
	if err := e.pool.SendBatch(ctx, b).Close(); err != nil {
		t.Fatal(err)
	}
	if !cmp.Equal(names, []string{"Sam", "Lee"}) {
		t.Errorf("batched read = %v, want [Sam Lee]", names)
	}

	b = &pgx.Batch{}
	b.Queue("DELETE FROM customers WHERE id = 3")
	b.Queue("DELETE FROM invoices WHERE id = 101")
	br := e.pool.SendBatch(ctx, b)
	if _, err := br.Exec(); !errors.Is(err, tombstone.ErrRetained) {
		t.Errorf("first result: err = %v, want ErrRetained", err)
	}
	if err := br.Close(); !errors.Is(err, tombstone.ErrRetained) {
		t.Errorf("Close: err = %v, want ErrRetained", err)
	}
	if got := strs(t, ctx, e.raw, "SELECT name FROM customers WHERE deleted_at IS NULL"); !cmp.Equal(got, []string{"Lee"}) {
		t.Errorf("live customers = %v: the refused batch's first statement ran", got)
	}
	want := []string{`alex|tombstone|customers|{"id":1}`, `alex|tombstone|customers|{"id":2}`, "alex|refused|invoices|"}
	if diff := cmp.Diff(want, e.audit(t)); diff != "" {
		t.Errorf("audit trail (-want +got):\n%s", diff)
	}
}

// TestBatchBeginTx: a batch that begins a transaction hands out a
// transaction whose statements tombstone still rewrites.
func TestBatchBeginTx(t *testing.T) {
	e := newStore(t)
	ctx := tombstone.WithActor(context.Background(), "alex", "batch tx")
	b := &pgx.Batch{}
	b.BeginTx(pgx.TxOptions{})
	b.Queue("DELETE FROM customers WHERE id = 1")
	br := e.pool.SendBatch(ctx, b)
	if err := br.Close(); err != nil {
		t.Fatal(err)
	}
	tx := br.Tx()
	if _, ok := tx.(*tpgx.Tx); !ok {
		t.Fatalf("BatchResults.Tx() = %T, want *pgx.Tx of tombstone", tx)
	}
	if _, err := tx.Exec(ctx, "DELETE FROM customers WHERE id = 2"); err != nil {
		t.Fatal(err)
	}
	if got := strs(t, ctx, tx, "SELECT name FROM customers"); !cmp.Equal(got, []string{"Lee"}) {
		t.Errorf("in the transaction: %v", got)
	}
	if err := tx.Commit(ctx); err != nil {
		t.Fatal(err)
	}
	if got := strs(t, ctx, e.raw, "SELECT name FROM customers WHERE deleted_at IS NULL"); !cmp.Equal(got, []string{"Lee"}) {
		t.Errorf("live customers = %v", got)
	}
	if n := e.pool.Stat().AcquiredConns(); n != 0 {
		t.Errorf("%d connections still acquired after the transaction", n)
	}
}

// TestCopyFrom: COPY into a governed table is decided as the INSERT it
// amounts to: allowed where the INSERT is, refused for a role the policy
// does not know, and nothing is copied then.
func TestCopyFrom(t *testing.T) {
	e := newStore(t)
	bg := context.Background()
	rows := [][]any{{4, "Ana", "ana@example.com"}, {5, "Bo", "bo@example.com"}}
	cols := []string{"id", "name", "email"}
	// created_at is NOT NULL: give it a default for the copy.
	if _, err := e.raw.Exec(bg, "ALTER TABLE customers ALTER COLUMN created_at SET DEFAULT now()"); err != nil {
		t.Fatal(err)
	}
	if _, err := e.pool.CopyFrom(tombstone.WithRole(bg, "intern"), pgx.Identifier{"customers"}, cols, pgx.CopyFromRows(rows)); !errors.Is(err, tombstone.ErrForbidden) {
		t.Errorf("unknown role: err = %v, want ErrForbidden", err)
	}
	if _, err := e.pool.CopyFrom(tombstone.HardDelete(tombstone.WithRole(bg, "agent")), pgx.Identifier{"customers"}, cols, pgx.CopyFromRows(rows)); !errors.Is(err, tombstone.ErrForbidden) {
		t.Errorf("forbidden scope: err = %v, want ErrForbidden", err)
	}
	if got := strs(t, bg, e.raw, "SELECT name FROM customers ORDER BY id"); len(got) != 3 {
		t.Errorf("refused copies wrote %v", got)
	}
	n, err := e.pool.CopyFrom(tombstone.WithRole(bg, "agent"), pgx.Identifier{"customers"}, cols, pgx.CopyFromRows(rows))
	if err != nil || n != 2 {
		t.Fatalf("copy: %d rows, %v", n, err)
	}
	if got := strs(t, bg, e.pool, "SELECT name FROM customers ORDER BY id"); !cmp.Equal(got, []string{"Maya", "Sam", "Lee", "Ana", "Bo"}) {
		t.Errorf("customers = %v", got)
	}
}

// TestNamedArgs: pgx.NamedArgs and other QueryRewriters run first and
// tombstone decides what they produce; pgx.ErrNoRows comes back as pgx
// returns it.
func TestNamedArgs(t *testing.T) {
	e := newStore(t)
	ctx := tombstone.WithActor(context.Background(), "alex", "named")
	if _, err := e.pool.Exec(ctx, "DELETE FROM customers WHERE id = @id", pgx.NamedArgs{"id": 1}); err != nil {
		t.Fatal(err)
	}
	var name string
	err := e.pool.QueryRow(ctx, "SELECT name FROM customers WHERE id = @id", pgx.NamedArgs{"id": 1}).Scan(&name)
	if err != pgx.ErrNoRows { //nolint:errorlint // pgx returns it unwrapped; so must tombstone
		t.Errorf("QueryRow of a tombstone: err = %v, want pgx.ErrNoRows itself", err)
	}
	if err := e.pool.QueryRow(ctx, "SELECT name FROM customers WHERE id = @id", pgx.QueryExecModeExec, pgx.NamedArgs{"id": 2}).Scan(&name); err != nil || name != "Sam" {
		t.Errorf("QueryRow = %q, %v", name, err)
	}
	// A rewriter that turns the statement into something else is decided
	// on what it produced.
	sneaky := rewriterFunc(func(string, []any) (string, []any) { return "DELETE FROM invoices WHERE id = 101", nil })
	if _, err := e.pool.Exec(ctx, "SELECT 1", sneaky); !errors.Is(err, tombstone.ErrRetained) {
		t.Errorf("rewritten into a retained delete: err = %v, want ErrRetained", err)
	}
	if got := strs(t, ctx, e.raw, "SELECT billing_name FROM invoices WHERE id = 101"); len(got) != 1 {
		t.Errorf("invoice 101 gone")
	}
	rows, err := e.pool.Query(ctx, "SELECT id, name FROM customers WHERE id > @min ORDER BY id", pgx.NamedArgs{"min": 0})
	if err != nil {
		t.Fatal(err)
	}
	type customer struct {
		ID   int32
		Name string
	}
	got, err := pgx.CollectRows(rows, pgx.RowToStructByName[customer])
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]customer{{2, "Sam"}, {3, "Lee"}}, got); diff != "" {
		t.Errorf("CollectRows (-want +got):\n%s", diff)
	}
}

type rewriterFunc func(sql string, args []any) (string, []any)

func (f rewriterFunc) RewriteQuery(_ context.Context, _ *pgx.Conn, sql string, args []any) (string, []any, error) {
	s, a := f(sql, args)
	return s, a, nil
}

// TestStatementCacheScopes: on one connection, pgx's statement cache
// keys statements by text, and the rewritten text differs per scope: each
// scope gets its own rows, in every order; a statement prepared by name
// in one scope is rewritten for the scope it runs in.
func TestStatementCacheScopes(t *testing.T) {
	e := newStore(t)
	bg := context.Background()
	c, err := e.pool.Acquire(bg)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Release()
	if _, err := c.Exec(tombstone.WithActor(bg, "alex", "cache"), "DELETE FROM customers WHERE id = $1", 1); err != nil {
		t.Fatal(err)
	}
	manager := tombstone.WithRole(bg, "manager")
	q := "SELECT name FROM customers WHERE id < $1 ORDER BY id"
	for i, step := range []struct {
		ctx  context.Context
		want []string
	}{
		{bg, []string{"Sam", "Lee"}},
		{tombstone.WithDeleted(manager, "customers"), []string{"Maya", "Sam", "Lee"}},
		{tombstone.OnlyDeleted(manager, "customers"), []string{"Maya"}},
		{bg, []string{"Sam", "Lee"}},
	} {
		if got := strs(t, step.ctx, c, q, 10); !cmp.Equal(got, step.want) {
			t.Errorf("step %d: %v, want %v", i, got, step.want)
		}
	}
	if _, err := c.Prepare(bg, "names", q); err != nil {
		t.Fatal(err)
	}
	if got := strs(t, tombstone.OnlyDeleted(manager, "customers"), c, "names", 10); !cmp.Equal(got, []string{"Maya"}) {
		t.Errorf("prepared, run only-deleted: %v", got)
	}
	if got := strs(t, bg, c, "names", 10); !cmp.Equal(got, []string{"Sam", "Lee"}) {
		t.Errorf("prepared, run by default: %v", got)
	}
	if _, err := c.Prepare(bg, "purge", "DELETE FROM invoices WHERE id = $1"); !errors.Is(err, tombstone.ErrRetained) {
		t.Errorf("preparing a retained delete: err = %v, want ErrRetained", err)
	}
}

// TestSavepoints: Begin on a Tx is a savepoint; a rolled back savepoint
// takes its tombstone and audit row with it.
func TestSavepoints(t *testing.T) {
	e := newStore(t)
	ctx := tombstone.WithActor(context.Background(), "alex", "savepoints")
	err := pgx.BeginFunc(ctx, e.pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, "DELETE FROM customers WHERE id = 1"); err != nil {
			return err
		}
		sp, err := tx.Begin(ctx)
		if err != nil {
			return err
		}
		if _, err := sp.Exec(ctx, "DELETE FROM customers WHERE id = 2"); err != nil {
			return err
		}
		if got := strs(t, ctx, sp, "SELECT name FROM customers"); !cmp.Equal(got, []string{"Lee"}) {
			t.Errorf("in the savepoint: %v", got)
		}
		if err := sp.Rollback(ctx); err != nil {
			return err
		}
		_, err = tx.Exec(ctx, "DELETE FROM invoices WHERE id = 102")
		if !errors.Is(err, tombstone.ErrRetained) {
			t.Errorf("retained delete in a transaction: %v", err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if got := strs(t, ctx, e.raw, "SELECT name FROM customers WHERE deleted_at IS NULL ORDER BY id"); !cmp.Equal(got, []string{"Sam", "Lee"}) {
		t.Errorf("live customers = %v", got)
	}
	want := []string{`alex|tombstone|customers|{"id":1}`, "alex|refused|invoices|"}
	if diff := cmp.Diff(want, e.audit(t)); diff != "" {
		t.Errorf("audit trail (-want +got):\n%s", diff)
	}
	if n := e.pool.Stat().AcquiredConns(); n != 0 {
		t.Errorf("%d connections still acquired", n)
	}
}

// TestActorPerConnection: callers sharing a small pool each have their
// own actor in the audit rows of their own deletes, whichever connection
// ran them.
func TestActorPerConnection(t *testing.T) {
	e := newStore(t)
	bg := context.Background()
	if _, err := e.raw.Exec(bg, "INSERT INTO customers (id, name, email, created_at) SELECT g, 'c', 'c' || g || '@example.com', now() FROM generate_series(1000, 1063) g"); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for g := 0; g < 64; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			ctx := tombstone.WithActor(bg, fmt.Sprintf("w%d", g), "")
			if g%2 == 0 {
				ctx = bg // no actor: must not inherit another caller's
			}
			if _, err := e.pool.Exec(ctx, "DELETE FROM customers WHERE id = $1", 1000+g); err != nil {
				t.Error(err)
			}
		}(g)
	}
	wg.Wait()
	rows := strs(t, bg, e.raw, "SELECT COALESCE(actor, '') || '|' || row_key FROM tombstone_audit ORDER BY id")
	if len(rows) != 64 {
		t.Fatalf("%d audit rows, want 64", len(rows))
	}
	for _, r := range rows {
		actor, key, _ := strings.Cut(r, "|")
		var id int
		fmt.Sscanf(strings.ReplaceAll(key, " ", ""), `{"id":%d}`, &id)
		want := fmt.Sprintf("w%d", id-1000)
		if (id-1000)%2 == 0 {
			want = ""
		}
		if actor != want {
			t.Errorf("row %d deleted by %q, audit says %q", id, want, actor)
		}
	}
}

// TestEscapeHatches: the base pool, connection and transaction bypass
// tombstone, and say so.
func TestEscapeHatches(t *testing.T) {
	e := newStore(t)
	ctx := tombstone.WithActor(context.Background(), "alex", "hatch")
	if _, err := e.pool.Exec(ctx, "DELETE FROM customers WHERE id = 1"); err != nil {
		t.Fatal(err)
	}
	if got := strs(t, ctx, e.pool.Base(), "SELECT name FROM customers ORDER BY id"); len(got) != 3 {
		t.Errorf("Base() filtered: %v", got)
	}
	tx, err := e.pool.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback(ctx)
	if got := strs(t, ctx, tx.Conn(), "SELECT name FROM customers ORDER BY id"); len(got) != 3 {
		t.Errorf("Tx.Conn() filtered: %v", got)
	}
	if got := strs(t, ctx, tx, "SELECT name FROM customers ORDER BY id"); len(got) != 2 {
		t.Errorf("Tx did not filter: %v", got)
	}
}

// TestConn: a single wrapped *pgx.Conn behaves as the pool does.
func TestConn(t *testing.T) {
	e := newStore(t)
	ctx := tombstone.WithActor(context.Background(), "alex", "conn")
	c, err := tpgx.Connect(ctx, e.cfg.ConnConfig, e.p, tombstone.WithLogger(slog.New(slog.DiscardHandler)))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close(ctx)
	if _, err := c.Exec(ctx, "DELETE FROM customers WHERE id = 1"); err != nil {
		t.Fatal(err)
	}
	if got := strs(t, ctx, c, "SELECT name FROM customers ORDER BY id"); !cmp.Equal(got, []string{"Sam", "Lee"}) {
		t.Errorf("customers = %v", got)
	}
	if _, err := c.Exec(ctx, "DELETE FROM invoices"); !errors.Is(err, tombstone.ErrRetained) {
		t.Errorf("err = %v, want ErrRetained", err)
	}
	want := []string{`alex|tombstone|customers|{"id":1}`, "alex|refused|invoices|"}
	if diff := cmp.Diff(want, e.audit(t)); diff != "" {
		t.Errorf("audit trail (-want +got):\n%s", diff)
	}
	if _, err := tpgx.WrapPool(e.pool.Base(), e.p, tombstone.WithDialect("mysql")); err == nil {
		t.Error("WrapPool took the mysql dialect")
	}
}

// TestRefusedBatchBeginTx: a refused batch that would have begun a
// transaction fails whole, its transaction is closed, and the pool's
// connection goes back.
func TestRefusedBatchBeginTx(t *testing.T) {
	e := newStore(t)
	ctx := tombstone.WithActor(context.Background(), "alex", "batch tx")
	b := &pgx.Batch{}
	b.BeginTx(pgx.TxOptions{})
	b.Queue("DELETE FROM invoices WHERE id = 101")
	br := e.pool.SendBatch(ctx, b)
	if err := br.Close(); !errors.Is(err, tombstone.ErrRetained) {
		t.Errorf("Close: err = %v, want ErrRetained", err)
	}
	if tx := br.Tx(); tx != nil {
		if err := tx.Rollback(ctx); !errors.Is(err, pgx.ErrTxClosed) {
			t.Errorf("Rollback: err = %v, want pgx.ErrTxClosed", err)
		}
	}
	if n := e.pool.Stat().AcquiredConns(); n != 0 {
		t.Errorf("%d connections still acquired", n)
	}
}

// TestEncodingChecked: a pooled connection whose server reads statements
// in a client-only encoding (SJIS) is refused before its first statement,
// as on database/sql; a UTF8 one works.
func TestEncodingChecked(t *testing.T) {
	e := newStore(t)
	ctx := context.Background()
	cfg := e.cfg.Copy()
	cfg.ConnConfig.RuntimeParams["client_encoding"] = "SJIS"
	pool, err := tpgx.NewPool(ctx, cfg, e.p, tombstone.WithLogger(slog.New(slog.DiscardHandler)))
	if err != nil {
		t.Fatal(err)
	}
	defer pool.Close()
	if _, err := pool.Exec(ctx, "SELECT 1"); !errors.Is(err, tombstone.ErrEncoding) {
		t.Errorf("SJIS connection: err = %v, want ErrEncoding", err)
	}
	if got := strs(t, ctx, e.pool, "SELECT current_setting('client_encoding')"); len(got) != 1 || got[0] != "UTF8" {
		t.Errorf("client_encoding = %v, want UTF8", got)
	}
}

// TestColumnTypesNative: rows come from pgx itself, field descriptions and
// decoded Go types alike, through the native pool as on a plain pool.
func TestColumnTypesNative(t *testing.T) {
	e := newStore(t)
	ctx := context.Background()
	const q = "SELECT c.id, c.name, c.phone, c.created_at, i.amount, c.deleted_at FROM customers c JOIN invoices i ON i.customer_id = c.id ORDER BY i.id"
	type shape struct {
		Fields []pgconn.FieldDescription
		Types  [][]string
	}
	read := func(db interface {
		Query(context.Context, string, ...any) (pgx.Rows, error)
	}) shape {
		rows, err := db.Query(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		s := shape{Fields: rows.FieldDescriptions()}
		for rows.Next() {
			vals, err := rows.Values()
			if err != nil {
				t.Fatal(err)
			}
			var types []string
			for _, v := range vals {
				types = append(types, fmt.Sprintf("%T", v))
			}
			s.Types = append(s.Types, types)
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
		return s
	}
	want, got := read(e.raw), read(e.pool)
	if len(got.Types) == 0 || len(want.Fields) == 0 {
		t.Fatalf("no rows (%d) or fields (%d): the test proves nothing", len(got.Types), len(want.Fields))
	}
	if diff := cmp.Diff(want.Fields, got.Fields); diff != "" {
		t.Errorf("field descriptions (-pgxpool +tombstone):\n%s", diff)
	}
	if diff := cmp.Diff(want.Types[:1], got.Types[:1]); diff != "" {
		t.Errorf("decoded Go types (-pgxpool +tombstone):\n%s", diff)
	}
}
