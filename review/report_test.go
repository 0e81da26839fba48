package review_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	_ "modernc.org/sqlite"

	"github.com/tombstone-sql/tombstone"
	"github.com/tombstone-sql/tombstone/internal/testdb"
	"github.com/tombstone-sql/tombstone/lifecycle"
	"github.com/tombstone-sql/tombstone/policy"
	"github.com/tombstone-sql/tombstone/review"
	"github.com/tombstone-sql/tombstone/schema"
)

// reviewPolicy governs one table of each kind of timed rule.
const reviewPolicy = `version: 1
audit:
  table: tombstone_audit
tables:
  accounts:
    delete: soft
    column: deleted_at
    key: [id]
    restore_window: 30d
    after_window: purge
  notes:
    delete: soft
    column: removed
    marker: unix
    key: [id]
    restore_window: 7d
    after_window: keep
  events:
    delete: hard
    expire_after: 90d
    age_column: created_at
    key: [id]
  ledgers:
    delete: retain
    retention: 1y
    key: [id]
`

// server is one database under test, opened with the plain driver.
type server struct {
	dialect string
	db      *sql.DB
}

func servers(t *testing.T) []server {
	t.Helper()
	var out []server
	t.Run("open", func(t *testing.T) {}) // keeps subtest names stable
	pg := testdb.Postgres(t)
	out = append(out, server{"postgres", pg})
	my := testdb.MySQL(t, "")
	out = append(out, server{"mysql", my})
	lite, err := sql.Open("sqlite", "file:"+filepath.Join(t.TempDir(), "review.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { lite.Close() })
	out = append(out, server{"sqlite", lite})
	return out
}

// ago is the database clock's time days days ago, as the dialect's
// timestamp (Timestamp) or seconds since the epoch (Unix).
func ago(dialect string, days float64, unix bool) string {
	secs := strconv.FormatInt(int64(days*86400), 10)
	if unix {
		switch dialect {
		case "postgres":
			return "(extract(epoch FROM now())::bigint - " + secs + ")"
		case "mysql":
			return "(UNIX_TIMESTAMP() - " + secs + ")"
		}
		return "(CAST(strftime('%s','now') AS INTEGER) - " + secs + ")"
	}
	switch dialect {
	case "postgres":
		return "now() - interval '" + secs + " seconds'"
	case "mysql":
		return "NOW(6) - INTERVAL " + secs + " SECOND"
	}
	return "strftime('%Y-%m-%d %H:%M:%f', 'now', '-" + secs + " seconds')"
}

func tablesDDL(dialect string) []string {
	ts := map[string]string{"postgres": "timestamptz", "mysql": "DATETIME(6)", "sqlite": "TEXT"}[dialect]
	return []string{
		// tombstone migrate adds the tombstone columns.
		"CREATE TABLE accounts (id INTEGER PRIMARY KEY, email VARCHAR(100) NOT NULL)",
		"CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)",
		"CREATE TABLE events (id INTEGER PRIMARY KEY, created_at " + ts + " NOT NULL)",
		"CREATE TABLE ledgers (id INTEGER PRIMARY KEY, created_at " + ts + " NOT NULL)",
	}
}

// The rows' ages in days; nil is a live row. The expected figures below
// are computed from these lists alone.
var (
	// Ages stay clear of whole days, so a clock rounding to the second
	// cannot move them across a boundary.
	accountAges = []*float64{nil, nil, nil, f(1.2), f(12.5), f(29.5), f(31.5), f(45.2), f(200.5)}
	noteAges    = []*float64{nil, f(2.2), f(8.4), f(9.3), nil}
	eventAges   = []float64{1.3, 80.2, 91.5, 120.1, 400.4}
	ledgerAges  = []float64{10.5, 364.5, 366.5, 800.5}
)

func f(v float64) *float64 { return &v }

// auditEvent is one audit row the test writes: months back from the
// database's current month, day of that month, hour.
type auditEvent struct {
	months, day, hour int
	action, table     string
	key               string
}

var auditEvents = []auditEvent{
	{0, 1, 8, "tombstone", "accounts", `{"id": 1}`},
	{0, 3, 20, "restore", "accounts", `{"id": 1}`}, // 2.5 days
	{1, 10, 8, "tombstone", "accounts", `{"id": 2}`},
	{1, 10, 20, "restore", "accounts", `{"id": 2}`}, // 0.5 days
	{1, 11, 8, "restore", "accounts", `{"id": 99}`}, // no deletion recorded
	{1, 5, 8, "tombstone", "notes", `{"id": 7}`},
	{1, 6, 8, "purge", "accounts", `{"id": 5}`},
	{1, 6, 9, "purge", "accounts", `{"id": 6}`},
	{2, 2, 8, "hard_delete", "events", `{"id": 9}`},
	{2, 2, 9, "expire", "events", `{"id": 10}`},
	{2, 3, 9, "anonymize", "accounts", `{"id": 11}`},
	{2, 4, 9, "refused", "ledgers", ""},
	{1, 12, 9, "restore_refused", "accounts", `{"id": 3}`}, // a restore past the window
	{2, 4, 10, "erase", "accounts", `{"id": 12}`},
	{2, 5, 8, "tombstone", "accounts", `{"id": 21}`},
	{1, 20, 8, "restore", "accounts", `{"id": 21}`},   // after the 30-day window
	{4, 4, 10, "tombstone", "accounts", `{"id": 13}`}, // before the period
	{4, 5, 10, "restore", "accounts", `{"id": 13}`},   // before the period
}

// month returns the label of the month back months before now (YYYY-MM).
func month(now string, back int) string {
	y, _ := strconv.Atoi(now[:4])
	m, _ := strconv.Atoi(now[5:7])
	m -= back
	for m < 1 {
		m += 12
		y--
	}
	return fmt.Sprintf("%04d-%02d", y, m)
}

func setup(t *testing.T, s server) *policy.Policy {
	t.Helper()
	p, err := policy.Parse("review.yaml", []byte(reviewPolicy))
	if err != nil {
		t.Fatal(err)
	}
	stmts := tablesDDL(s.dialect)
	ddl, err := schema.Migrate(p, s.dialect)
	if err != nil {
		t.Fatal(err)
	}
	for _, st := range ddl {
		stmts = append(stmts, st.SQL)
	}
	for i, a := range accountAges {
		del := "NULL"
		if a != nil {
			del = ago(s.dialect, *a, false)
		}
		stmts = append(stmts, fmt.Sprintf("INSERT INTO accounts (id, email, deleted_at) VALUES (%d, 'a%d@example.com', %s)", i+1, i+1, del))
	}
	for i, a := range noteAges {
		del := "0"
		if a != nil {
			del = ago(s.dialect, *a, true)
		}
		stmts = append(stmts, fmt.Sprintf("INSERT INTO notes (id, body, removed) VALUES (%d, 'note', %s)", i+1, del))
	}
	for i, a := range eventAges {
		stmts = append(stmts, fmt.Sprintf("INSERT INTO events (id, created_at) VALUES (%d, %s)", i+1, ago(s.dialect, a, false)))
	}
	for i, a := range ledgerAges {
		stmts = append(stmts, fmt.Sprintf("INSERT INTO ledgers (id, created_at) VALUES (%d, %s)", i+1, ago(s.dialect, a, false)))
	}
	now := dbMonth(t, s)
	for _, e := range auditEvents {
		at := fmt.Sprintf("%s-%02d %02d:00:00.000", month(now, e.months), e.day, e.hour)
		key := "NULL"
		if e.key != "" {
			key = "'" + e.key + "'"
		}
		stmts = append(stmts, fmt.Sprintf("INSERT INTO tombstone_audit (at, actor, action, table_name, row_key) VALUES ('%s', 'test', '%s', '%s', %s)", at, e.action, e.table, key))
	}
	testdb.MustExec(t, s.db, stmts...)
	return p
}

func dbMonth(t *testing.T, s server) string {
	t.Helper()
	q := map[string]string{
		"postgres": "SELECT substr(CAST(now() AS text), 1, 7)",
		"mysql":    "SELECT LEFT(CAST(NOW() AS CHAR), 7)",
		"sqlite":   "SELECT substr(datetime('now'), 1, 7)",
	}[s.dialect]
	var now string
	if err := s.db.QueryRow(q).Scan(&now); err != nil {
		t.Fatal(err)
	}
	return now
}

// expected computes the report's figures from the test's own lists.
func expected(now string, months int) *review.Report {
	r := &review.Report{Policy: "review.yaml", Months: months, Audited: true}
	for i := months - 1; i >= 0; i-- {
		r.Period = append(r.Period, month(now, i))
	}
	empty := func() []review.Month {
		ms := make([]review.Month, months)
		for i := range ms {
			ms[i].Month = r.Period[i]
		}
		return ms
	}
	soft := func(name string, ages []*float64, window float64, action string) *review.Table {
		t := &review.Table{Name: name, Rule: "soft", Rows: int64(len(ages)), Monthly: empty()}
		oldest := -1.0
		past := int64(0)
		for _, a := range ages {
			if a == nil {
				continue
			}
			t.Tombstones++
			oldest = max(oldest, *a)
			if *a > window {
				past++
			}
		}
		t.Live = t.Rows - t.Tombstones
		t.Share = float64(t.Tombstones) / float64(t.Rows)
		days := int64(oldest)
		t.OldestDays = &days
		t.Timed = &review.Timed{Action: action, Past: past, Overdue: action != "keep" && past > 0}
		return t
	}
	aged := func(name, rule string, ages []float64, limit float64, action string) *review.Table {
		t := &review.Table{Name: name, Rule: rule, Rows: int64(len(ages)), Live: int64(len(ages)), Monthly: empty()}
		past := int64(0)
		for _, a := range ages {
			if a > limit {
				past++
			}
		}
		t.Timed = &review.Timed{Action: action, Past: past, Overdue: action != "keep" && past > 0}
		return t
	}
	r.Tables = []*review.Table{
		soft("accounts", accountAges, 30, "purge"),
		soft("notes", noteAges, 7, "keep"),
		aged("events", "hard", eventAges, 90, "expire"),
		aged("ledgers", "retain", ledgerAges, 365, "keep"),
	}
	r.Monthly = empty()
	byName := map[string]*review.Table{}
	for _, t := range r.Tables {
		byName[t.Name] = t
	}
	for _, e := range auditEvents {
		if e.months >= months {
			continue
		}
		i := months - 1 - e.months
		for _, m := range []*review.Month{&r.Monthly[i], &byName[e.table].Monthly[i]} {
			switch e.action {
			case "tombstone", "hard_delete":
				m.Deletes++
			case "restore":
				m.Restores++
			case "purge":
				m.Purges++
			case "anonymize":
				m.Anonymizations++
			case "expire":
				m.Expirations++
			case "erase":
				m.Erasures++
			case "refused", "restore_refused":
				m.Refusals++
			}
		}
	}
	// Restore times: each restore of the period against the latest
	// tombstoning of its row before it, on the calendar (the servers'
	// clocks are UTC).
	at := func(e auditEvent) time.Time {
		m, _ := time.Parse("2006-01", month(now, e.months))
		return m.AddDate(0, 0, e.day-1).Add(time.Duration(e.hour) * time.Hour)
	}
	lat := map[string][]float64{}
	count := map[string]int64{}
	for _, e := range auditEvents {
		if e.action != "restore" || e.months >= months {
			continue
		}
		count[e.table]++
		var best time.Time
		for _, d := range auditEvents {
			if d.action == "tombstone" && d.table == e.table && d.key == e.key && !at(d).After(at(e)) && at(d).After(best) {
				best = at(d)
			}
		}
		if !best.IsZero() {
			lat[e.table] = append(lat[e.table], at(e).Sub(best).Hours()/24)
		}
	}
	for _, t := range r.Tables {
		if t.Rule != "soft" {
			continue
		}
		ds := lat[t.Name]
		sort.Float64s(ds)
		rs := &review.Restores{Count: count[t.Name], Matched: int64(len(ds))}
		window := map[string]float64{"accounts": 30, "notes": 7}[t.Name]
		for _, d := range ds {
			if d > window {
				rs.Late++
			}
		}
		if n := len(ds); n > 0 {
			rs.MaxDays = ds[n-1]
			rs.MedianDays = ds[n/2]
			if n%2 == 0 {
				rs.MedianDays = (ds[n/2-1] + ds[n/2]) / 2
			}
		}
		t.Restores = rs
	}
	return r
}

func TestGatherAgainstHandCounts(t *testing.T) {
	for _, s := range servers(t) {
		t.Run(s.dialect, func(t *testing.T) {
			p := setup(t, s)
			now := dbMonth(t, s)
			for _, months := range []int{3, 1} {
				got, err := review.Gather(context.Background(), s.db, p, s.dialect, review.WithMonths(months))
				if err != nil {
					t.Fatal(err)
				}
				want := expected(now, months)
				want.Dialect = s.dialect
				opts := cmp.Options{
					cmp.Comparer(func(a, b float64) bool { d := a - b; return d < 1e-6 && d > -1e-6 }),
					// Compared on their own below.
					cmp.FilterPath(func(p cmp.Path) bool {
						n := p.Last().String()
						return n == ".Space" || n == ".Rule" && strings.Contains(p.GoString(), "Timed") || n == ".Summary" || n == ".Window"
					}, cmp.Ignore()),
				}
				if diff := cmp.Diff(want, got, opts); diff != "" {
					t.Errorf("%d months: report (-want +got):\n%s", months, diff)
				}
				for _, tb := range got.Tables {
					if tb.Tombstones > 0 && (tb.Space == nil || tb.Space.Method == "" || tb.Space.Bytes <= 0) {
						t.Errorf("%s: no space estimate: %+v", tb.Name, tb.Space)
					}
				}
			}
			got, err := review.Gather(context.Background(), s.db, p, s.dialect)
			if err != nil {
				t.Fatal(err)
			}
			if s := got.Tables[0].Restores.Summary; s != "restore window 30 days: 3 of 4 restores in the last 3 months came within 46 days; 1 has no deletion in the audit trail; 1 came after the window" {
				t.Errorf("accounts restores: %q", s)
			}
		})
	}
}

func TestGatherRefuses(t *testing.T) {
	p, err := policy.Parse("review.yaml", []byte(reviewPolicy))
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "x.db")
	enforced, err := tombstone.OpenDB("sqlite", "file:"+path, p, tombstone.WithDialect("sqlite"))
	if err != nil {
		t.Fatal(err)
	}
	defer enforced.Close()
	if _, err := review.Gather(context.Background(), enforced, p, "sqlite"); !errors.Is(err, review.ErrEnforced) {
		t.Errorf("through tombstone: %v; want ErrEnforced", err)
	}
	if _, err := review.Doctor(context.Background(), enforced, p, "sqlite"); !errors.Is(err, review.ErrEnforced) {
		t.Errorf("doctor through tombstone: %v; want ErrEnforced", err)
	}
	plainDB, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	defer plainDB.Close()
	for _, n := range []int{0, 121} {
		if _, err := review.Gather(context.Background(), plainDB, p, "sqlite", review.WithMonths(n)); !errors.Is(err, review.ErrMonths) {
			t.Errorf("%d months: %v; want ErrMonths", n, err)
		}
	}
	if _, err := review.Gather(context.Background(), plainDB, p, "oracle"); !errors.Is(err, review.ErrDialect) {
		t.Errorf("dialect oracle: %v; want ErrDialect", err)
	}
	// An empty database: the first governed table is missing, and the
	// error names it.
	_, err = review.Gather(context.Background(), plainDB, p, "sqlite")
	if err == nil || !strings.Contains(err.Error(), "review: accounts:") {
		t.Errorf("empty database: %v; want an error naming accounts", err)
	}
}

// TestGatherWithoutAudit: a policy without an audit trail has table
// figures and no monthly counts.
func TestGatherWithoutAudit(t *testing.T) {
	s := servers(t)[2]
	setup(t, s)
	noAudit, err := policy.Parse("review.yaml", []byte(strings.Replace(reviewPolicy, "audit:\n  table: tombstone_audit\n", "", 1)))
	if err != nil {
		t.Fatal(err)
	}
	got, err := review.Gather(context.Background(), s.db, noAudit, s.dialect)
	if err != nil {
		t.Fatal(err)
	}
	want := expected(dbMonth(t, s), review.DefaultMonths)
	if got.Audited || got.Tables[0].Restores != nil || total(got.Monthly) != 0 {
		t.Errorf("audited %v, restores %+v, monthly %+v; want no audit figures", got.Audited, got.Tables[0].Restores, got.Monthly)
	}
	if got.Tables[0].Tombstones != want.Tables[0].Tombstones || got.Tables[0].Timed.Past != want.Tables[0].Timed.Past {
		t.Errorf("accounts: %+v; want %d tombstones, %d past", got.Tables[0], want.Tables[0].Tombstones, want.Tables[0].Timed.Past)
	}
}

func total(ms []review.Month) int64 {
	var n int64
	for _, m := range ms {
		n += m.Deletes + m.Restores + m.Purges + m.Anonymizations + m.Expirations + m.Erasures + m.Refusals
	}
	return n
}

// TestGatherAfterExpire: once tombstone expire has run, nothing is
// overdue, and the audit rows it wrote are this month's purges and
// expirations.
func TestGatherAfterExpire(t *testing.T) {
	path := filepath.Join(t.TempDir(), "expire.db")
	plainDB, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	defer plainDB.Close()
	s := server{"sqlite", plainDB}
	p := setup(t, s)
	enforced, err := tombstone.OpenDB("sqlite", "file:"+path, p, tombstone.WithDialect("sqlite"), tombstone.WithLogger(slog.New(slog.DiscardHandler)))
	if err != nil {
		t.Fatal(err)
	}
	defer enforced.Close()
	rep, err := lifecycle.Expire(context.Background(), enforced, p, "sqlite")
	if err != nil {
		t.Fatal(err)
	}
	got, err := review.Gather(context.Background(), plainDB, p, "sqlite")
	if err != nil {
		t.Fatal(err)
	}
	want := expected(dbMonth(t, s), review.DefaultMonths)
	last := len(want.Period) - 1
	for _, tb := range want.Tables {
		if tb.Timed.Action == "keep" {
			continue
		}
		// Expire removed exactly the rows the report called overdue.
		n := rep.Total(lifecycle.Action(tb.Timed.Action))
		tb.Rows -= tb.Timed.Past
		if tb.Rule == "soft" {
			tb.Tombstones -= tb.Timed.Past
		} else {
			tb.Live -= tb.Timed.Past
		}
		switch tb.Timed.Action {
		case "purge":
			tb.Monthly[last].Purges += tb.Timed.Past
			want.Monthly[last].Purges += tb.Timed.Past
			if n != tb.Timed.Past {
				t.Errorf("expire purged %d rows; the report called %d overdue", n, tb.Timed.Past)
			}
		case "expire":
			tb.Monthly[last].Expirations += tb.Timed.Past
			want.Monthly[last].Expirations += tb.Timed.Past
			if n != tb.Timed.Past {
				t.Errorf("expire expired %d rows; the report called %d overdue", n, tb.Timed.Past)
			}
		}
		tb.Timed.Past, tb.Timed.Overdue = 0, false
	}
	for i, tb := range got.Tables {
		w := want.Tables[i]
		gotFig := []int64{tb.Rows, tb.Live, tb.Tombstones, tb.Timed.Past, tb.Monthly[last].Purges, tb.Monthly[last].Expirations}
		wantFig := []int64{w.Rows, w.Live, w.Tombstones, w.Timed.Past, w.Monthly[last].Purges, w.Monthly[last].Expirations}
		if diff := cmp.Diff(wantFig, gotFig); diff != "" {
			t.Errorf("%s: rows, live, tombstones, past, purges, expirations this month (-want +got):\n%s", tb.Name, diff)
		}
		if tb.Timed.Overdue {
			t.Errorf("%s: still overdue after expire", tb.Name)
		}
	}
	if diff := cmp.Diff(want.Monthly, got.Monthly); diff != "" {
		t.Errorf("monthly (-want +got):\n%s", diff)
	}
}
