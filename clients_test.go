package tombstone_test

import (
	"context"
	"database/sql"
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/jmoiron/sqlx"
	gormpg "gorm.io/driver/postgres"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"

	"github.com/tombstone-sql/tombstone"
)

// DBTX is the interface sqlc generates for database/sql.
type DBTX interface {
	ExecContext(context.Context, string, ...interface{}) (sql.Result, error)
	PrepareContext(context.Context, string) (*sql.Stmt, error)
	QueryContext(context.Context, string, ...interface{}) (*sql.Rows, error)
	QueryRowContext(context.Context, string, ...interface{}) *sql.Row
}

// Queries is shaped like sqlc's generated code, prepared statements
// included.
type Queries struct {
	db            DBTX
	deleteStmt    *sql.Stmt
	getStmt       *sql.Stmt
	listStmt      *sql.Stmt
	countTickets  *sql.Stmt
	deleteTickets *sql.Stmt
}

const (
	deleteCustomer = `-- name: DeleteCustomer :execrows
DELETE FROM customers WHERE id = $1`
	getCustomer = `-- name: GetCustomer :one
SELECT id, name, email FROM customers WHERE id = $1`
	listCustomers = `-- name: ListCustomers :many
SELECT id, name, email FROM customers ORDER BY id`
	countTickets = `-- name: CountTickets :one
SELECT count(*) FROM support_tickets t JOIN customers c ON c.id = t.customer_id WHERE c.email LIKE $1`
	deleteTicketsOf = `-- name: DeleteTicketsOf :execrows
DELETE FROM support_tickets WHERE customer_id = $1`
)

func Prepare(ctx context.Context, db DBTX) (*Queries, error) {
	q := &Queries{db: db}
	var err error
	for _, p := range []struct {
		stmt **sql.Stmt
		sql  string
	}{{&q.deleteStmt, deleteCustomer}, {&q.getStmt, getCustomer}, {&q.listStmt, listCustomers}, {&q.countTickets, countTickets}, {&q.deleteTickets, deleteTicketsOf}} {
		if *p.stmt, err = db.PrepareContext(ctx, p.sql); err != nil {
			return nil, err
		}
	}
	return q, nil
}

type Customer struct {
	ID          int64
	Name, Email string
}

func (q *Queries) DeleteCustomer(ctx context.Context, id int64) (int64, error) {
	res, err := q.deleteStmt.ExecContext(ctx, id)
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

func (q *Queries) GetCustomer(ctx context.Context, id int64) (Customer, error) {
	var c Customer
	err := q.getStmt.QueryRowContext(ctx, id).Scan(&c.ID, &c.Name, &c.Email)
	return c, err
}

func (q *Queries) ListCustomers(ctx context.Context) ([]Customer, error) {
	rows, err := q.listStmt.QueryContext(ctx)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Customer
	for rows.Next() {
		var c Customer
		if err := rows.Scan(&c.ID, &c.Name, &c.Email); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// TestSqlcShaped: generated-code usage, prepared once at startup in the
// default scope and executed in other scopes later.
func TestSqlcShaped(t *testing.T) {
	e := newEnv(t, "postgres", envOptions{})
	bg := context.Background()
	q, err := Prepare(bg, e.sql)
	if err != nil {
		t.Fatal(err)
	}
	alex := tombstone.WithActor(bg, "alex", "sqlc")
	if n, err := q.DeleteCustomer(alex, 1); err != nil || n != 1 {
		t.Fatalf("DeleteCustomer = %d, %v", n, err)
	}
	if _, err := q.GetCustomer(bg, 1); !errors.Is(err, sql.ErrNoRows) {
		t.Errorf("GetCustomer(1) err = %v, want sql.ErrNoRows", err)
	}
	list, err := q.ListCustomers(bg)
	if err != nil || len(list) != 2 {
		t.Errorf("ListCustomers = %v, %v", list, err)
	}
	// The statement prepared in the default scope runs in a manager's.
	manager := tombstone.OnlyDeleted(tombstone.WithRole(bg, "manager"), "customers")
	c, err := q.GetCustomer(manager, 1)
	if err != nil || c.Name != "Maya" {
		t.Errorf("manager GetCustomer(1) = %v, %v", c, err)
	}
	var n int
	if err := q.countTickets.QueryRowContext(bg, "%@example.com").Scan(&n); err != nil || n != 1 {
		t.Errorf("CountTickets = %d, %v (Maya's ticket must not count)", n, err)
	}
	// In a transaction, as sqlc's WithTx does.
	tx, err := e.sql.BeginTx(alex, nil)
	if err != nil {
		t.Fatal(err)
	}
	res, err := tx.StmtContext(alex, q.deleteTickets).ExecContext(alex, 3)
	if err != nil {
		t.Fatal(err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		t.Errorf("DeleteTicketsOf(3) = %d", n)
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	if got := names(t, bg, e.raw, "SELECT subject FROM support_tickets WHERE deleted_at IS NOT NULL"); len(got) != 1 {
		t.Errorf("tombstoned tickets = %v", got)
	}
}

// TestSqlx: sqlx on the wrapped *sql.DB.
func TestSqlx(t *testing.T) {
	e := newEnv(t, "postgres", envOptions{})
	db := sqlx.NewDb(e.sql, "pgx")
	bg := context.Background()
	ctx := tombstone.WithActor(bg, "alex", "sqlx")
	if _, err := db.NamedExecContext(ctx, "DELETE FROM customers WHERE email = :email", map[string]any{"email": "maya@example.com"}); err != nil {
		t.Fatal(err)
	}
	var got []Customer
	if err := db.SelectContext(bg, &got, "SELECT id, name, email FROM customers ORDER BY id"); err != nil {
		t.Fatal(err)
	}
	if want := []Customer{{2, "Sam", "sam@example.com"}, {3, "Lee", "lee@example.com"}}; !cmp.Equal(want, got) {
		t.Errorf("Select = %v", got)
	}
	var c Customer
	if err := db.GetContext(bg, &c, "SELECT id, name, email FROM customers WHERE id = $1", 1); !errors.Is(err, sql.ErrNoRows) {
		t.Errorf("Get deleted = %v, %v", c, err)
	}
	query, args, err := sqlx.In("SELECT name FROM customers WHERE id IN (?) ORDER BY id", []int{1, 2, 3})
	if err != nil {
		t.Fatal(err)
	}
	var ns []string
	if err := db.SelectContext(bg, &ns, db.Rebind(query), args...); err != nil || !cmp.Equal(ns, []string{"Sam", "Lee"}) {
		t.Errorf("In = %v, %v", ns, err)
	}
}

// GORM models on the store's tables; GORM's own soft delete is off (no
// gorm.DeletedAt field): tombstone does it.
type gormCustomer struct {
	ID        int64 `gorm:"primaryKey"`
	Name      string
	Email     string
	Phone     *string
	CreatedAt time.Time
	Tickets   []gormTicket `gorm:"foreignKey:CustomerID"`
}

func (gormCustomer) TableName() string { return "customers" }

type gormTicket struct {
	ID         int64 `gorm:"primaryKey"`
	CustomerID int64
	Subject    string
	CreatedAt  time.Time
}

func (gormTicket) TableName() string { return "support_tickets" }

// TestGORM: GORM as a plain client of the wrapped *sql.DB: create, find,
// joins, preloads, deletes.
func TestGORM(t *testing.T) {
	e := newEnv(t, "postgres", envOptions{})
	g, err := gorm.Open(gormpg.New(gormpg.Config{Conn: e.sql}), &gorm.Config{Logger: logger.Discard})
	if err != nil {
		t.Fatal(err)
	}
	ctx := tombstone.WithActor(context.Background(), "alex", "gorm")
	db := g.WithContext(ctx)
	if err := db.Create(&gormCustomer{ID: 4, Name: "Kim", Email: "kim@example.com", Tickets: []gormTicket{{ID: 203, Subject: "hello"}}}).Error; err != nil {
		t.Fatal(err)
	}
	if err := db.Delete(&gormCustomer{ID: 1}).Error; err != nil {
		t.Fatal(err)
	}
	if err := db.Where("subject = ?", "hello").Delete(&gormTicket{}).Error; err != nil {
		t.Fatal(err)
	}
	var all []gormCustomer
	if err := db.Preload("Tickets").Order("id").Find(&all).Error; err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, c := range all {
		got = append(got, c.Name)
		for _, tk := range c.Tickets {
			got = append(got, "  "+tk.Subject)
		}
	}
	if want := []string{"Sam", "Lee", "  Where is my order?", "Kim"}; !cmp.Equal(want, got) {
		t.Errorf("customers with tickets (-want +got):\n%s", cmp.Diff(want, got))
	}
	var c gormCustomer
	if err := db.First(&c, 1).Error; !errors.Is(err, gorm.ErrRecordNotFound) {
		t.Errorf("First(1) = %v, %v", c, err)
	}
	var joined []string
	if err := db.Table("support_tickets").Select("customers.name").Joins("JOIN customers ON customers.id = support_tickets.customer_id").Order("support_tickets.id").Pluck("customers.name", &joined).Error; err != nil {
		t.Fatal(err)
	}
	if !cmp.Equal(joined, []string{"Lee"}) {
		t.Errorf("joined = %v", joined)
	}
	var count int64
	if err := db.Model(&gormCustomer{}).Count(&count).Error; err != nil || count != 3 {
		t.Errorf("Count = %d, %v", count, err)
	}
	// The rows are tombstones, not gone.
	if got := names(t, ctx, e.raw, "SELECT name FROM customers WHERE deleted_at IS NOT NULL"); !cmp.Equal(got, []string{"Maya"}) {
		t.Errorf("tombstoned = %v", got)
	}
}
