package oracle

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/tombstone-sql/tombstone"

	"github.com/tombstone-sql/tombstone/internal/rewritetest"
	"github.com/tombstone-sql/tombstone/policy"
	"github.com/tombstone-sql/tombstone/rewrite"
)

// Engine is what the oracle needs to know about one database engine.
type Engine struct {
	Dialect rewrite.Dialect
	// Open returns a pool on an empty scratch database, and its DSN.
	Open func(t testing.TB) (*sql.DB, string)
	// Type renders a neutral column type (int, bigint, text, timestamp,
	// bool).
	Type func(neutral string) string
	// Bool renders a boolean literal.
	Bool func(bool) string
	// CreateSchema returns the statements that create a schema; nil means
	// the engine has none, and schema-qualified tables are left out.
	CreateSchema func(name string) []string
	// UniqueLive returns the statements that make column unique among the
	// live rows of table; live is the table's live predicate.
	UniqueLive func(table, column, live string) []string
	// UniqueAll, when set, returns the statements that make column unique
	// among all rows: D' holds live rows only, and an application written
	// for it names a plain unique key (ON CONFLICT (column)).
	UniqueAll func(table, column string) []string
	// Unchecked runs in the expected side's transaction before tombstones
	// are removed, so foreign keys do not stop the removal; Checked runs
	// right after, so the statement itself meets the same checks on both
	// sides; Rechecked runs on the same connection once the transaction is
	// over, to undo settings that outlive it.
	Unchecked, Checked, Rechecked []string
	// Through, when set, sends the actual side through tombstone's driver
	// instead of rewriting it in the oracle: given Open's DSN, it returns a
	// pool on that database whose statements tombstone rewrites per the
	// shared policy; each case's scope travels in its context. It is called
	// after Open and Load.
	Through func(t testing.TB, dsn string) *sql.DB
	// Prepare runs the actual side as a prepared statement.
	Prepare bool
}

// Result is what one statement did.
type Result struct {
	Columns  []string
	Rows     [][]any
	Affected int64
}

// Stats counts a corpus run.
type Stats struct {
	Cases, Refused, Sensitive int
}

// Run loads the oracle schema into a scratch database and checks every
// case of the corpus file (relative to the repository root). It fails the
// test when fewer than minSensitive of the cases that run are sensitive:
// their result differs between D and D' without the rewrite.
func Run(t *testing.T, e Engine, corpus string, minSensitive float64) Stats {
	root := rewritetest.Root(t)
	cases, err := ParseCorpus(filepath.Join(root, corpus))
	if err != nil {
		t.Fatal(err)
	}
	pol := rewritetest.Policy(t)
	db, dsn := e.Open(t)
	tables := Load(t, e, db, pol)
	o := &oracle{e: e, db: db, pol: pol, rw: rewrite.New(pol, e.Dialect), tables: tables}
	if e.Through != nil {
		o.through = e.Through(t, dsn)
	}
	var st Stats
	var insensitive []string
	for _, c := range cases {
		t.Run(c.Name, func(t *testing.T) {
			st.Cases++
			switch sens := o.check(t, c); {
			case c.Refused != "":
				st.Refused++
			case sens:
				st.Sensitive++
			default:
				insensitive = append(insensitive, c.Name)
			}
		})
	}
	ran := st.Cases - st.Refused
	t.Logf("%s oracle: %d cases, %d refused as expected, %d of %d sensitive to tombstones", e.Dialect.Name(), st.Cases, st.Refused, st.Sensitive, ran)
	if ran > 0 && float64(st.Sensitive) < minSensitive*float64(ran) {
		t.Errorf("only %d of %d cases are sensitive (need %.0f%%); insensitive: %s", st.Sensitive, ran, 100*minSensitive, strings.Join(insensitive, ", "))
	}
	return st
}

type oracle struct {
	e      Engine
	db     *sql.DB
	pol    *policy.Policy
	rw     *rewrite.Rewriter
	tables []*Table
	// through is set when the actual side goes through the driver
	// (Engine.Through).
	through *sql.DB
	// frozen holds, per table, the condition for the tombstones the case
	// may not restore (see pastWindow), while a case runs.
	frozen map[*policy.Table]string
}

// pastWindow returns, for each table a case's UPDATE sets the marker of in
// a scope that shows tombstones, the condition that holds for its
// tombstones past the restore window, by the test's own clock: no
// statement may bring them back, so they are rows the statement cannot
// reach, like those its scope hides. D' leaves them out; on D they must
// be unchanged.
func (o *oracle) pastWindow(plan *rewrite.Plan) map[*policy.Table]string {
	out := map[*policy.Table]string{}
	for _, a := range plan.Actions {
		t := a.Table
		if a.Kind != rewrite.Restrict || !a.SetsMarker || a.Visibility == rewrite.Live || t.RestoreWindow.IsZero() {
			continue
		}
		cutoff := time.Now().UTC().Add(-time.Duration(t.RestoreWindow.Hours()) * time.Hour)
		col := o.e.Dialect.Quote(t.Column)
		if t.Marker == policy.Unix {
			out[t] = fmt.Sprintf("%s <> 0 AND %s <= %d", col, col, cutoff.Unix())
		} else {
			out[t] = fmt.Sprintf("%s IS NOT NULL AND %s <= '%s'", col, col, cutoff.Format("2006-01-02 15:04:05.999999"))
		}
	}
	return out
}

// outcome is everything compared between the two sides.
type outcome struct {
	Err      string
	Rows     []string
	Affected int64
	// After holds each table's rows visible in the scope after the
	// statement.
	After map[string][]string
}

func (o *oracle) check(t *testing.T, c *Case) (sensitive bool) {
	t.Helper()
	plan, err := o.rw.Plan(c.SQL, c.Scope)
	if err != nil {
		t.Fatalf("line %d: scope: %v", c.Line, err)
	}
	if c.Refused != "" {
		want := map[string]error{"retained": rewrite.ErrRetained, "refused": rewrite.ErrRefused, "unparsed": rewrite.ErrUnparsed}[c.Refused]
		if want == nil {
			t.Fatalf("line %d: unknown refusal %q", c.Line, c.Refused)
		}
		if err := plan.Err(); !errors.Is(err, want) {
			t.Fatalf("line %d: want refusal %v, got %v", c.Line, want, err)
		}
		if o.through != nil {
			ctx := scoped(context.Background(), c.Scope)
			if _, err := o.through.ExecContext(ctx, c.SQL, c.Args...); !errors.Is(err, want) {
				t.Fatalf("line %d: through the driver: want refusal %v, got %v", c.Line, want, err)
			}
		}
		return false
	}
	if err := plan.Err(); err != nil {
		t.Fatalf("line %d: refused: %v", c.Line, err)
	}
	markers := o.tombstonedMarkers(plan)
	o.frozen = o.pastWindow(plan)
	defer func() { o.frozen = nil }()
	actual := o.actual(t, c, plan.Rewritten(), markers)
	expected := o.expected(t, c, markers)
	if actual.Err != "" && expected.Err == "" || actual.Err == "" && expected.Err != "" {
		t.Fatalf("line %d: only one side failed:\nrewritten on D: %s\noriginal on D': %s\nrewritten SQL: %s", c.Line, actual.Err, expected.Err, plan.Rewritten())
	}
	if diff := cmp.Diff(expected, actual); diff != "" {
		t.Errorf("line %d: rewritten on D differs from original on D' (-D' +D):\n%s\nrewritten SQL: %s", c.Line, diff, plan.Rewritten())
	}
	unrewritten := o.run(t, c, c.SQL, sideRaw, markers)
	return !cmp.Equal(expected, unrewritten)
}

// tombstonedMarkers returns the marker columns of tables a DELETE in the
// plan tombstones: RETURNING shows their new value, which D' cannot.
func (o *oracle) tombstonedMarkers(plan *rewrite.Plan) map[string]bool {
	m := map[string]bool{}
	for _, a := range plan.Actions {
		if a.Kind == rewrite.Tombstone {
			m[strings.ToLower(a.Table.Column)] = true
		}
	}
	return m
}

type side int

const (
	sideActual   side = iota // the rewritten statement on D
	sideExpected             // the original statement on D'
	sideRaw                  // the original statement on D: the sensitivity check
)

func (o *oracle) actual(t *testing.T, c *Case, sql string, markers map[string]bool) outcome {
	return o.run(t, c, sql, sideActual, markers)
}

func (o *oracle) expected(t *testing.T, c *Case, markers map[string]bool) outcome {
	return o.run(t, c, c.SQL, sideExpected, markers)
}

// run runs one side of a case in a transaction that is rolled back.
func (o *oracle) run(t *testing.T, c *Case, text string, s side, markers map[string]bool) outcome {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	db, stmtCtx := o.db, ctx
	if s == sideActual && o.through != nil {
		// Through the driver: the oracle's own statements see every row
		// unchanged; the case's statement goes as written, in its scope.
		db, stmtCtx, text = o.through, scoped(ctx, c.Scope), c.SQL
		ctx = scoped(ctx, rewrite.Scope{WithDeleted: []string{"*"}})
	}
	// One connection for the whole side, so settings can be undone on it.
	cn, err := db.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	tx, err := cn.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer func() {
		if err := tx.Rollback(); err != nil {
			t.Fatal(err)
		}
		if s == sideExpected {
			for _, q := range o.e.Rechecked {
				if _, err := cn.ExecContext(ctx, q); err != nil {
					t.Fatalf("%s: %v", q, err)
				}
			}
		}
		cn.Close()
	}()
	if s == sideExpected {
		for _, q := range o.e.Unchecked {
			mustExec(t, ctx, tx, q)
		}
		for _, tb := range o.tables {
			pt := o.soft(tb)
			if pt == nil {
				continue
			}
			switch o.visibility(t, c, pt) {
			case rewrite.Live:
				mustExec(t, ctx, tx, "DELETE FROM "+o.name(tb)+" WHERE NOT ("+o.live(pt)+")")
			case rewrite.Deleted:
				mustExec(t, ctx, tx, "DELETE FROM "+o.name(tb)+" WHERE "+o.live(pt))
			}
			if f := o.frozen[pt]; f != "" {
				mustExec(t, ctx, tx, "DELETE FROM "+o.name(tb)+" WHERE "+f)
			}
		}
		for _, q := range o.e.Checked {
			mustExec(t, ctx, tx, q)
		}
		if o.e.UniqueAll != nil {
			for _, tb := range o.tables {
				if tb.UniqueLive != "" {
					for _, q := range o.e.UniqueAll(o.name(tb), o.e.Dialect.Quote(tb.UniqueLive)) {
						mustExec(t, ctx, tx, q)
					}
				}
			}
		}
	}
	var hidden map[string][]string
	var counts map[string]int
	if s == sideActual {
		hidden, counts = o.hidden(t, ctx, tx, c)
	}
	out := outcome{}
	var res Result
	res, err = execute(stmtCtx, tx, text, c, s == sideActual && o.e.Prepare && !c.Unprepared)
	if err != nil {
		out.Err = "error"
		t.Logf("line %d: side %d: %v", c.Line, s, err)
		return out
	}
	out.Affected = res.Affected
	out.Rows = rowStrings(res, markers)
	if !c.Ordered {
		sort.Strings(out.Rows)
	}
	out.After = map[string][]string{}
	for _, tb := range o.tables {
		out.After[tb.FullName()] = o.snapshot(t, ctx, tx, tb, o.visibleWhere(t, c, tb))
	}
	if s == sideActual {
		o.checkHidden(t, ctx, tx, c, hidden, counts)
	}
	return out
}

func mustExec(t *testing.T, ctx context.Context, tx *sql.Tx, q string) {
	t.Helper()
	if _, err := tx.ExecContext(ctx, q); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
}

// execute runs the statement, prepared or not, and collects what it
// returned.
func execute(ctx context.Context, tx *sql.Tx, text string, c *Case, prepare bool) (Result, error) {
	if prepare {
		st, err := tx.PrepareContext(ctx, text)
		if err != nil {
			return Result{}, err
		}
		defer st.Close()
		if c.Exec {
			r, err := st.ExecContext(ctx, c.Args...)
			if err != nil {
				return Result{}, err
			}
			n, err := r.RowsAffected()
			return Result{Affected: n}, err
		}
		rows, err := st.QueryContext(ctx, c.Args...)
		if err != nil {
			return Result{}, err
		}
		return Collect(rows)
	}
	if c.Exec {
		r, err := tx.ExecContext(ctx, text, c.Args...)
		if err != nil {
			return Result{}, err
		}
		n, err := r.RowsAffected()
		return Result{Affected: n}, err
	}
	rows, err := tx.QueryContext(ctx, text, c.Args...)
	if err != nil {
		return Result{}, err
	}
	return Collect(rows)
}

// Collect reads every row of rows and closes it.
func Collect(rows *sql.Rows) (Result, error) {
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return Result{}, err
	}
	res := Result{Columns: cols}
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			return res, err
		}
		res.Rows = append(res.Rows, vals)
	}
	return res, rows.Err()
}

func rowStrings(res Result, markers map[string]bool) []string {
	out := make([]string, 0, len(res.Rows))
	for _, r := range res.Rows {
		vals := make([]string, len(r))
		for i, v := range r {
			if i < len(res.Columns) && markers[strings.ToLower(res.Columns[i])] {
				vals[i] = "~marker"
				continue
			}
			vals[i] = Format(v)
		}
		out = append(out, strings.Join(vals, " | "))
	}
	return out
}

// Format renders a scanned value the same way whatever driver produced it.
func Format(v any) string {
	switch x := v.(type) {
	case nil:
		return "NULL"
	case []byte:
		return string(x)
	case time.Time:
		return x.UTC().Format("2006-01-02 15:04:05.999999")
	}
	return fmt.Sprint(v)
}

func (o *oracle) soft(tb *Table) *policy.Table {
	pt, _ := o.pol.Lookup(tb.Schema, tb.Name)
	if pt == nil || pt.Rule != policy.Soft {
		return nil
	}
	return pt
}

func (o *oracle) visibility(t *testing.T, c *Case, pt *policy.Table) rewrite.Visibility {
	v, err := o.rw.Visibility(c.Scope, pt)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func (o *oracle) name(tb *Table) string {
	q := o.e.Dialect.Quote
	if tb.Schema != "" {
		return q(tb.Schema) + "." + q(tb.Name)
	}
	return q(tb.Name)
}

func (o *oracle) live(pt *policy.Table) string {
	return rewrite.Predicate(pt.Marker, o.e.Dialect.Quote(pt.Column), true)
}

// visibleWhere returns the condition that keeps a table's rows visible in
// the case's scope, or "".
func (o *oracle) visibleWhere(t *testing.T, c *Case, tb *Table) string {
	pt := o.soft(tb)
	if pt == nil {
		return ""
	}
	var w string
	switch o.visibility(t, c, pt) {
	case rewrite.Live:
		w = o.live(pt)
	case rewrite.Deleted:
		w = "NOT (" + o.live(pt) + ")"
	}
	if f := o.frozen[pt]; f != "" {
		if w != "" {
			w += " AND "
		}
		w += "NOT (" + f + ")"
	}
	return w
}

func (o *oracle) snapshot(t *testing.T, ctx context.Context, tx *sql.Tx, tb *Table, where string) []string {
	t.Helper()
	q := "SELECT * FROM " + o.name(tb)
	if where != "" {
		q += " WHERE " + where
	}
	rows, err := tx.QueryContext(ctx, q)
	if err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	res, err := Collect(rows)
	if err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	out := rowStrings(res, nil)
	sort.Strings(out)
	return out
}

// hidden snapshots the rows the scope hides, and each soft table's row
// count, before the statement runs.
func (o *oracle) hidden(t *testing.T, ctx context.Context, tx *sql.Tx, c *Case) (map[string][]string, map[string]int) {
	hidden := map[string][]string{}
	counts := map[string]int{}
	for _, tb := range o.tables {
		pt := o.soft(tb)
		if pt == nil {
			continue
		}
		counts[tb.FullName()] = len(o.snapshot(t, ctx, tx, tb, ""))
		if w := o.visibleWhere(t, c, tb); w != "" {
			hidden[tb.FullName()] = o.snapshot(t, ctx, tx, tb, "NOT ("+w+")")
		}
	}
	return hidden, counts
}

// checkHidden fails the test when the rewritten statement changed a row its
// scope hides, or (outside the hard-delete scope) removed a soft table's
// row.
func (o *oracle) checkHidden(t *testing.T, ctx context.Context, tx *sql.Tx, c *Case, hidden map[string][]string, counts map[string]int) {
	t.Helper()
	for _, tb := range o.tables {
		name := tb.FullName()
		if o.soft(tb) == nil {
			continue
		}
		all := o.snapshot(t, ctx, tx, tb, "")
		if !c.Scope.HardDelete && len(all) < counts[name] {
			t.Errorf("line %d: %s lost rows: %d before, %d after (no row may leave a soft table)", c.Line, name, counts[name], len(all))
		}
		if c.Scope.HardDelete {
			continue
		}
		have := map[string]int{}
		for _, r := range all {
			have[r]++
		}
		for _, r := range hidden[name] {
			if have[r] == 0 {
				t.Errorf("line %d: %s: a row the scope hides was changed or removed: %s", c.Line, name, r)
			}
			have[r]--
		}
	}
}

// scoped returns ctx carrying scope s for tombstone's driver.
func scoped(ctx context.Context, s rewrite.Scope) context.Context {
	if len(s.WithDeleted) > 0 {
		ctx = tombstone.WithDeleted(ctx, s.WithDeleted...)
	}
	if len(s.OnlyDeleted) > 0 {
		ctx = tombstone.OnlyDeleted(ctx, s.OnlyDeleted...)
	}
	if s.HardDelete {
		ctx = tombstone.HardDelete(ctx)
	}
	return ctx
}
