package cli

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"modernc.org/sqlite"

	"github.com/tombstone-sql/tombstone"
	"github.com/tombstone-sql/tombstone/examples/store"
	storesqlite "github.com/tombstone-sql/tombstone/examples/store/sqlc/sqlite"
	"github.com/tombstone-sql/tombstone/lifecycle"
	"github.com/tombstone-sql/tombstone/policy"
	"github.com/tombstone-sql/tombstone/review"
	"github.com/tombstone-sql/tombstone/schema"
)

// runDemo walks through the online store from the article on an embedded
// SQLite database: what the application sends beside what the database
// receives.
func runDemo(e *env, args []string) int {
	fs := e.flags("demo", "")
	if code, ok := e.parse(fs, args); !ok {
		return code
	}
	if err := demo(e.stdout); err != nil {
		fmt.Fprintf(e.stderr, "tombstone demo: %v\n", err)
		return exitUsage
	}
	return exitOK
}

func demo(out io.Writer) error {
	p, err := policy.Parse("examples/store/tombstone.yaml", store.Policy)
	if err != nil {
		return err
	}
	dir, err := os.MkdirTemp("", "tombstone-demo-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	dsn := "file:" + filepath.Join(dir, "store.db") + "?_pragma=foreign_keys(1)"

	fmt.Fprintln(out, `tombstone demo: the online store from "Soft delete vs hard delete"`)
	fmt.Fprintln(out)
	fmt.Fprintln(out, "The store's policy (examples/store/tombstone.yaml):")
	var page strings.Builder
	if err := p.Explain(&page, "text"); err != nil {
		return err
	}
	for _, line := range strings.Split(strings.TrimSpace(page.String()), "\n") {
		fmt.Fprintln(out, "  "+line)
	}
	fmt.Fprintln(out)

	// The application's database, before tombstone: tables, then the DDL of
	// `tombstone migrate`, then the rows.
	raw, err := sql.Open("sqlite", dsn)
	if err != nil {
		return err
	}
	defer raw.Close()
	tables, err := store.Schema("sqlite")
	if err != nil {
		return err
	}
	ddl, err := schema.Migrate(p, "sqlite")
	if err != nil {
		return err
	}
	for _, s := range tables {
		if _, err := raw.Exec(s); err != nil {
			return err
		}
	}
	for _, s := range ddl {
		if _, err := raw.Exec(s.SQL); err != nil {
			return fmt.Errorf("%s: %w", s.SQL, err)
		}
	}
	for _, s := range store.Seed() {
		if _, err := raw.Exec(s); err != nil {
			return err
		}
	}
	fmt.Fprintf(out, "A SQLite database in a temporary directory: the store's tables, the %d statements\nof `tombstone migrate`, and Maya, Sam and Lee with their invoices, tickets and two leads.\n", len(ddl))
	fmt.Fprintf(out, "(Below, \"db receives\" leaves out the connection's own audit-trigger bookkeeping.)\n\n")

	rec := &recorder{}
	conn, err := tombstone.NewDriver(&recordingDriver{base: &sqlite.Driver{}, rec: rec}).Connector(dsn, p,
		tombstone.WithDialect("sqlite"), tombstone.WithLogger(slog.New(slog.DiscardHandler)))
	if err != nil {
		return err
	}
	db := sql.OpenDB(conn)
	defer db.Close()
	db.SetMaxOpenConns(1)
	if err := db.Ping(); err != nil {
		return err
	}

	bg := context.Background()
	alex := tombstone.WithRole(tombstone.WithActor(bg, "alex (support)", "Maya asked to close her account"), "agent")
	steps := []demoStep{
		{"The customer report", bg, "SELECT name FROM customers ORDER BY id", nil, false},
		{"Maya asks the store to remove her account; support deletes her profile", alex, "DELETE FROM customers WHERE id = ?", []any{1}, true},
		{"The customer report no longer counts her", bg, "SELECT name FROM customers ORDER BY id", nil, false},
		{"Finance's invoice list still has her invoice, but no live customer for it", bg,
			"SELECT i.id, i.amount, c.name FROM invoices i LEFT JOIN customers c ON c.id = i.customer_id ORDER BY i.id", nil, false},
		{"A support agent asks to see deleted customers", tombstone.WithDeleted(alex, "customers"), "SELECT name FROM customers", nil, false},
		{"A manager lists deleted customers", tombstone.OnlyDeleted(tombstone.WithRole(bg, "manager"), "customers"),
			"SELECT name FROM customers", nil, false},
		{"Someone deletes Maya's invoice", tombstone.WithActor(bg, "jo (finance)", "cleanup"), "DELETE FROM invoices WHERE customer_id = ?", []any{1}, true},
		{"Support deletes Maya's ticket", alex, "DELETE FROM support_tickets WHERE customer_id = ?", []any{1}, true},
		{"Lee closes his account; support deletes his profile", tombstone.WithActor(alex, "alex (support)", "Lee asked to close his account"),
			"DELETE FROM customers WHERE id = ?", []any{3}, true},
	}
	n, err := runSteps(out, db, rec, 1, steps[:len(steps)-1])
	if err != nil {
		return err
	}
	customers := p.Table("customers")
	// The restore screen calls the handle sqlc-gen-tombstone generated
	// for the store (examples/store/sqlc/sqlite).
	hs, err := storesqlite.NewTombstoneHandles(db, p)
	if err != nil {
		return err
	}
	kim := tombstone.WithRole(tombstone.WithActor(bg, "kim (manager)", "Maya changed her mind"), "manager")
	if err := restoreStep(out, db, rec, n, "Maya changes her mind; a manager restores her profile, well inside the 30-day window", kim, customers, hs.Customers, 1); err != nil {
		return err
	}
	if n, err = runSteps(out, db, rec, n+1, steps[len(steps)-1:]); err != nil {
		return err
	}

	// Time passes: the demo sets the rows' clocks itself, on the raw
	// database, relative to now so the story reads the same any day.
	aging := []string{
		"UPDATE customers SET deleted_at = datetime('now', '-40 days') WHERE id = 3",
		"UPDATE support_tickets SET deleted_at = datetime('now', '-20 days') WHERE id = 201",
		"UPDATE leads SET created_at = datetime('now', '-200 days') WHERE id = 301",
		"UPDATE leads SET created_at = datetime('now', '-10 days') WHERE id = 302",
	}
	fmt.Fprintf(out, "%d. Weeks pass. The demo ages the rows itself, on the raw database: Lee's profile was deleted\n   40 days ago, Maya's ticket 20 days ago; lead 301 is 200 days old, lead 302 ten days.\n", n)
	for _, q := range aging {
		if _, err := raw.Exec(q); err != nil {
			return err
		}
		fmt.Fprintf(out, "   %-13s %s\n", "", q)
	}
	fmt.Fprintln(out)
	n++

	fmt.Fprintf(out, "%d. The nightly job runs: tombstone expire --role expire_job (lifecycle.Expire)\n", n)
	rep, err := lifecycle.Expire(bg, db, p, "sqlite", lifecycle.WithRole("expire_job"), lifecycle.WithActor("nightly job"))
	if err != nil {
		return err
	}
	verb := map[lifecycle.Action]string{lifecycle.ActionPurge: "purged", lifecycle.ActionAnonymize: "anonymized", lifecycle.ActionExpire: "expired"}
	for _, st := range rep.Steps {
		fmt.Fprintf(out, "   %-15s %-10s %d row(s)  (%s)\n", st.Table, verb[st.Action], st.Rows, st.Rule)
	}
	fmt.Fprintln(out)
	n++

	after := []demoStep{
		{"A manager lists every customer, deleted ones too: Lee's personal data is gone, his row stays", tombstone.WithDeleted(tombstone.WithRole(bg, "manager"), "customers"),
			"SELECT id, name, email, coalesce(phone, '-') FROM customers ORDER BY id", nil, false},
		{"Support's ticket list, deleted ones too: Maya's old ticket is gone for good", tombstone.WithDeleted(tombstone.WithRole(bg, "manager"), "support_tickets"),
			"SELECT id, subject FROM support_tickets ORDER BY id", nil, false},
		{"The leads: the 200-day-old one expired", bg, "SELECT id, email FROM leads ORDER BY id", nil, false},
	}
	if n, err = runSteps(out, db, rec, n, after); err != nil {
		return err
	}
	lee := tombstone.WithRole(tombstone.WithActor(bg, "kim (manager)", "Lee wants his account back"), "manager")
	if err := restoreStep(out, db, rec, n, "Lee asks for his account back; a manager tries to restore it, 40 days after it was deleted", lee, customers, hs.Customers, 3); err != nil {
		return err
	}

	fmt.Fprintln(out, "The audit trail (tombstone_audit): who, why, what, and the row's key — no other values:")
	rows, err := raw.Query("SELECT actor, reason, action, table_name, coalesce(row_key, '') FROM tombstone_audit ORDER BY id")
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var actor, reason sql.NullString
		var action, table, key string
		if err := rows.Scan(&actor, &reason, &action, &table, &key); err != nil {
			return err
		}
		fmt.Fprintf(out, "  %-15s %-15s %-10s by %-15s %s\n", action, table, key, actor.String, reason.String)
	}
	if err := rows.Err(); err != nil {
		return err
	}
	fmt.Fprintln(out)
	if err := demoErasure(out, db, raw, rec, p, hs, n+1); err != nil {
		return err
	}
	return reviewStep(out, raw, p)
}

// reviewStep ends the demo with the review the article asks for after two
// or three months: tombstone report over the store. The report's months
// are named relative to now, so the story reads the same any day.
func reviewStep(out io.Writer, raw *sql.DB, p *policy.Policy) error {
	fmt.Fprintln(out)
	fmt.Fprintln(out, "Months later, the team reviews its windows: tombstone report (review.Gather) over the store:")
	r, err := review.Gather(context.Background(), raw, p, "sqlite")
	if err != nil {
		return err
	}
	names := []string{"2 months ago", "last month", "this month"}
	for i := range r.Period {
		name := names[len(names)-len(r.Period)+i]
		r.Period[i], r.Monthly[i].Month = name, name
		for _, t := range r.Tables {
			t.Monthly[i].Month = name
		}
	}
	var page strings.Builder
	if err := r.Write(&page, "text"); err != nil {
		return err
	}
	for _, line := range strings.Split(strings.TrimRight(page.String(), "\n"), "\n") {
		fmt.Fprintln(out, strings.TrimRight("  "+line, " "))
	}
	return nil
}

// restoreStep restores one customer with the generated handle h (which
// calls lifecycle.Restore) and prints what the database received; a
// restore past the window is refused.
func restoreStep(out io.Writer, db *sql.DB, rec *recorder, n int, title string, ctx context.Context, t *policy.Table, h *storesqlite.CustomersHandle, id int) error {
	fmt.Fprintf(out, "%d. %s\n", n, title)
	rec.reset()
	fmt.Fprintf(out, "   app calls     hs.Customers.Restore(ctx, %d)  (generated: lifecycle.Restore)\n", id)
	err := h.Restore(ctx, int64(id))
	for j, q := range rec.take() {
		label := "db receives"
		if j > 0 {
			label = ""
		}
		fmt.Fprintf(out, "   %-13s %s\n", label, q)
	}
	switch {
	case errors.Is(err, tombstone.ErrWindowClosed):
		// The error also says when the row was deleted, which differs
		// from run to run; the demo prints the rule.
		fmt.Fprintf(out, "   refused       tombstone.ErrWindowClosed: %s can be restored for %s after deletion; this one was deleted 40 days ago\n\n", t.Name, t.RestoreWindow.Words())
	case err != nil:
		return err
	default:
		fmt.Fprintf(out, "   result        restored\n\n")
	}
	return nil
}

// demoStep is one statement of the story, sent through tombstone.
type demoStep struct {
	title string
	ctx   context.Context
	sql   string
	args  []any
	exec  bool
}

// runSteps sends each step, numbered from first, and prints what the
// application sent beside what the database received; it returns the
// next step's number.
func runSteps(out io.Writer, db *sql.DB, rec *recorder, first int, steps []demoStep) (int, error) {
	var err error
	for i, s := range steps {
		fmt.Fprintf(out, "%d. %s\n", first+i, s.title)
		rec.reset()
		fmt.Fprintf(out, "   app sends     %s\n", s.sql)
		var result string
		if s.exec {
			var res sql.Result
			if res, err = db.ExecContext(s.ctx, s.sql, s.args...); err == nil {
				n, _ := res.RowsAffected()
				result = fmt.Sprintf("%d row(s) affected", n)
			}
		} else {
			var rows *sql.Rows
			if rows, err = db.QueryContext(s.ctx, s.sql, s.args...); err == nil {
				result, err = render(rows)
			}
		}
		got := rec.take()
		if len(got) == 0 {
			fmt.Fprintf(out, "   db receives   (nothing)\n")
		}
		for j, q := range got {
			label := "db receives"
			if j > 0 {
				label = ""
			}
			fmt.Fprintf(out, "   %-13s %s\n", label, q)
		}
		switch {
		case errors.Is(err, tombstone.ErrRetained), errors.Is(err, tombstone.ErrForbidden):
			fmt.Fprintf(out, "   refused       %v\n\n", err)
		case err != nil:
			return 0, err
		default:
			fmt.Fprintf(out, "   result        %s\n\n", result)
		}
	}
	return first + len(steps), nil
}

// render prints query results on one line.
func render(rows *sql.Rows) (string, error) {
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return "", err
	}
	var out []string
	for rows.Next() {
		vals := make([]sql.NullString, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			return "", err
		}
		var parts []string
		for _, v := range vals {
			if v.Valid {
				parts = append(parts, v.String)
			} else {
				parts = append(parts, "NULL")
			}
		}
		out = append(out, strings.Join(parts, " "))
	}
	if len(out) == 0 {
		return "(no rows)", rows.Err()
	}
	return strings.Join(out, "; "), rows.Err()
}

// recorder keeps the statements the database received.
type recorder struct {
	mu   sync.Mutex
	sqls []string
}

func (r *recorder) add(q string) {
	if strings.HasPrefix(q, "CREATE TEMP ") || strings.Contains(q, "sqlite_temp_master") {
		return // the connection's own audit triggers, checked and set up on use
	}
	r.mu.Lock()
	r.sqls = append(r.sqls, q)
	r.mu.Unlock()
}

func (r *recorder) reset() { r.take() }

func (r *recorder) take() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := r.sqls
	r.sqls = nil
	return out
}

// recordingDriver sits between tombstone and SQLite and writes down every
// statement the database receives.
type recordingDriver struct {
	base driver.Driver
	rec  *recorder
}

func (d *recordingDriver) Open(dsn string) (driver.Conn, error) {
	c, err := d.base.Open(dsn)
	if err != nil {
		return nil, err
	}
	return &recordingConn{Conn: c, rec: d.rec}, nil
}

type recordingConn struct {
	driver.Conn
	rec *recorder
}

func (c *recordingConn) PrepareContext(ctx context.Context, q string) (driver.Stmt, error) {
	c.rec.add(q)
	return c.Conn.(driver.ConnPrepareContext).PrepareContext(ctx, q)
}

func (c *recordingConn) ExecContext(ctx context.Context, q string, args []driver.NamedValue) (driver.Result, error) {
	c.rec.add(q)
	return c.Conn.(driver.ExecerContext).ExecContext(ctx, q, args)
}

func (c *recordingConn) QueryContext(ctx context.Context, q string, args []driver.NamedValue) (driver.Rows, error) {
	c.rec.add(q)
	return c.Conn.(driver.QueryerContext).QueryContext(ctx, q, args)
}

func (c *recordingConn) BeginTx(ctx context.Context, opts driver.TxOptions) (driver.Tx, error) {
	return c.Conn.(driver.ConnBeginTx).BeginTx(ctx, opts)
}
