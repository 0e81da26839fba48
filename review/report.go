package review

import (
	"context"
	"database/sql"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/tombstone-sql/tombstone/lifecycle"
	"github.com/tombstone-sql/tombstone/policy"
	"github.com/tombstone-sql/tombstone/rewrite"
	"github.com/tombstone-sql/tombstone/schema"
)

// DefaultMonths is the review period when none is given: the "two or
// three months" after which the article asks a team to look again.
const DefaultMonths = 3

// Report is the storage and restore review of one database.
type Report struct {
	Policy  string `json:"policy"`
	Dialect string `json:"dialect"`
	// Months is the review period; Period lists its months, oldest first,
	// as YYYY-MM on the database's clock, the current month last.
	Months int      `json:"months"`
	Period []string `json:"period"`
	Tables []*Table `json:"tables"`
	// Audited is false when the policy has no audit trail; the monthly
	// counts and restore times are then empty.
	Audited bool `json:"audited"`
	// Monthly holds the audit trail's counts per month over every table.
	Monthly []Month `json:"monthly"`
}

// Table is one governed table's figures.
type Table struct {
	Name string `json:"name"`
	Rule string `json:"rule"`
	// Rows counts every row; Live and Tombstones split them (a hard or
	// retain table has no tombstones).
	Rows       int64 `json:"rows"`
	Live       int64 `json:"live"`
	Tombstones int64 `json:"tombstones"`
	// Share is Tombstones / Rows, 0 for an empty table.
	Share float64 `json:"share"`
	// Space estimates the bytes the tombstones take, from the server's
	// statistics; nil for a table without tombstones.
	Space *Space `json:"space,omitempty"`
	// OldestDays is the age in whole days of the oldest tombstone; nil when
	// there is none or the marker (a flag) holds no time.
	OldestDays *int64 `json:"oldest_tombstone_days,omitempty"`
	// Timed is the table's timed rule and how many rows are past it; nil
	// when the table has none.
	Timed *Timed `json:"timed,omitempty"`
	// Monthly holds this table's audit counts per month of the period.
	Monthly []Month `json:"monthly"`
	// Restores is how soon after deletion the period's restores came.
	Restores *Restores `json:"restores,omitempty"`
}

// Space is an estimate of the bytes tombstones take.
type Space struct {
	Bytes int64 `json:"bytes"`
	// Method says which of the server's statistics the estimate comes
	// from, or why there is none (Bytes is then 0).
	Method string `json:"method"`
}

// Timed is a table's timed rule and the rows past it.
type Timed struct {
	// Rule says the rule, e.g. "restore window of 30 days ended".
	Rule string `json:"rule"`
	// Action is what tombstone expire does to the rows past it (purge,
	// anonymize, expire), or "keep" when the policy keeps them.
	Action string `json:"action"`
	// Past counts the rows past the rule that expire would still change
	// (or, for keep, that stay by policy).
	Past int64 `json:"past"`
	// Overdue is Past for a rule expire acts on: rows no expire run has
	// handled — a sign the job is not scheduled.
	Overdue bool `json:"overdue"`
}

// Month is the audit trail's count of each action in one month.
type Month struct {
	Month          string `json:"month"`
	Deletes        int64  `json:"deletes"` // tombstoned or hard-deleted by the application
	Restores       int64  `json:"restores"`
	Purges         int64  `json:"purges"`
	Anonymizations int64  `json:"anonymizations"`
	Expirations    int64  `json:"expirations"`
	Erasures       int64  `json:"erasures"`
	Refusals       int64  `json:"refusals"`
}

// Restores says how soon after their deletion a table's restores came.
type Restores struct {
	// Window is the table's restore window in words, "" for none.
	Window string `json:"window"`
	// Count is the restores of the period; Matched those whose deletion
	// the audit trail holds (the others were deleted before it began).
	Count   int64 `json:"count"`
	Matched int64 `json:"matched"`
	// MaxDays and MedianDays are the longest and the median time from
	// deletion to restore, in days, over the matched restores (the median
	// to the minute).
	MaxDays    float64 `json:"max_days"`
	MedianDays float64 `json:"median_days"`
	// Late counts matched restores that came after the window.
	Late int64 `json:"late"`
	// Summary says it in a sentence.
	Summary string `json:"summary"`
}

// Option configures Gather.
type Option func(*config)

type config struct{ months int }

// WithMonths sets the review period in months, the current one included
// (default DefaultMonths).
func WithMonths(n int) Option { return func(c *config) { c.months = n } }

// Gather reads the review of policy p from db, a plain connection (not
// opened through tombstone) to a database of the named dialect.
func Gather(ctx context.Context, db *sql.DB, p *policy.Policy, dialect string, opts ...Option) (*Report, error) {
	cfg := &config{months: DefaultMonths}
	for _, o := range opts {
		o(cfg)
	}
	if cfg.months < 1 || cfg.months > 120 {
		return nil, fmt.Errorf("%w: %d months; use 1 to 120", ErrMonths, cfg.months)
	}
	if err := plain(db); err != nil {
		return nil, err
	}
	d, err := newDialect(dialect)
	if err != nil {
		return nil, err
	}
	g := &gatherer{db: db, d: d, p: p}
	r := &Report{Policy: p.Source, Dialect: d.name, Months: cfg.months, Audited: p.Audit != nil}
	var now string
	if err := db.QueryRowContext(ctx, d.thisMonth()).Scan(&now); err != nil {
		return nil, fmt.Errorf("review: reading the database's clock: %w", err)
	}
	if r.Period, err = period(now, cfg.months); err != nil {
		return nil, err
	}
	due, err := lifecycle.DueRules(p, d.name)
	if err != nil {
		return nil, err
	}
	byTable := map[string]*Table{}
	for _, t := range p.Tables {
		rt, err := g.table(ctx, t)
		if err != nil {
			return nil, fmt.Errorf("review: %s: %w", t.Name, err)
		}
		rt.Monthly = emptyMonths(r.Period)
		byTable[t.Name] = rt
		r.Tables = append(r.Tables, rt)
	}
	for _, u := range due {
		var n int64
		if err := db.QueryRowContext(ctx, u.Count, u.Args...).Scan(&n); err != nil {
			return nil, fmt.Errorf("review: %s: counting rows past %q: %w", u.Table.Name, u.Rule, err)
		}
		action := string(u.Action)
		if action == "" {
			action = "keep"
		}
		byTable[u.Table.Name].Timed = &Timed{Rule: u.Rule, Action: action, Past: n, Overdue: u.Action != "" && n > 0}
	}
	r.Monthly = emptyMonths(r.Period)
	if p.Audit == nil {
		return r, nil
	}
	if err := g.monthly(ctx, r, byTable, cfg.months); err != nil {
		return nil, err
	}
	if err := g.restores(ctx, r, byTable, cfg.months); err != nil {
		return nil, err
	}
	return r, nil
}

// period lists the months months-1 before now up to now, oldest first.
func period(now string, months int) ([]string, error) {
	y, m, ok := strings.Cut(now, "-")
	year, err1 := strconv.Atoi(y)
	month, err2 := strconv.Atoi(m)
	if !ok || err1 != nil || err2 != nil {
		return nil, fmt.Errorf("review: the database's clock gave month %q", now)
	}
	out := make([]string, months)
	for i := months - 1; i >= 0; i-- {
		out[i] = fmt.Sprintf("%04d-%02d", year, month)
		month--
		if month == 0 {
			year, month = year-1, 12
		}
	}
	return out, nil
}

func emptyMonths(period []string) []Month {
	out := make([]Month, len(period))
	for i, m := range period {
		out[i].Month = m
	}
	return out
}

type gatherer struct {
	db *sql.DB
	d  *dialect
	p  *policy.Policy
}

// table counts one table's rows, tombstones and oldest tombstone, and
// estimates their space.
func (g *gatherer) table(ctx context.Context, t *policy.Table) (*Table, error) {
	rt := &Table{Name: t.Name, Rule: t.Rule.String()}
	name := g.d.table(t.Name)
	if t.Rule != policy.Soft {
		if err := g.db.QueryRowContext(ctx, "SELECT count(*) FROM "+name).Scan(&rt.Rows); err != nil {
			return nil, err
		}
		rt.Live = rt.Rows
		return rt, nil
	}
	col := g.d.Quote(t.Column)
	dead := rewrite.Predicate(t.Marker, col, false)
	oldest := "NULL"
	if t.Marker != policy.Flag {
		oldest = g.d.ageDays("min(CASE WHEN "+dead+" THEN "+col+" END)", t.Marker)
	}
	var age sql.NullFloat64
	q := "SELECT count(*), count(CASE WHEN " + dead + " THEN 1 END), " + oldest + " FROM " + name
	if err := g.db.QueryRowContext(ctx, q).Scan(&rt.Rows, &rt.Tombstones, &age); err != nil {
		return nil, err
	}
	rt.Live = rt.Rows - rt.Tombstones
	if rt.Rows > 0 {
		rt.Share = float64(rt.Tombstones) / float64(rt.Rows)
	}
	if age.Valid {
		days := int64(math.Floor(age.Float64))
		rt.OldestDays = &days
	}
	if rt.Tombstones > 0 {
		rt.Space = g.space(ctx, t, rt)
	}
	return rt, nil
}

// space estimates the bytes of a table's tombstones from the server's
// statistics, saying which.
func (g *gatherer) space(ctx context.Context, t *policy.Table, rt *Table) *Space {
	switch g.d.name {
	case "postgres":
		var size int64
		var width sql.NullInt64
		err := g.db.QueryRowContext(ctx, `SELECT pg_relation_size(c.oid), (SELECT sum(s.avg_width) FROM pg_stats s WHERE s.schemaname = n.nspname AND s.tablename = c.relname)
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.oid = to_regclass($1)`, g.d.table(t.Name)).Scan(&size, &width)
		if err != nil {
			return &Space{Method: "no estimate: " + err.Error()}
		}
		if width.Valid && width.Int64 > 0 {
			// 24 bytes of tuple header and a 4-byte line pointer per row.
			return &Space{Bytes: rt.Tombstones * (width.Int64 + 28), Method: "PostgreSQL pg_stats avg_width per row (+28 bytes row overhead) × tombstones"}
		}
		return &Space{Bytes: int64(float64(size) * rt.Share), Method: "PostgreSQL pg_relation_size × tombstone share (no pg_stats yet; ANALYZE the table for a per-row estimate)"}
	case "mysql":
		var avg, data sql.NullInt64
		err := g.db.QueryRowContext(ctx, "SELECT AVG_ROW_LENGTH, DATA_LENGTH FROM information_schema.TABLES WHERE TABLE_SCHEMA = COALESCE(NULLIF(?, ''), DATABASE()) AND TABLE_NAME = ?", t.Schema, t.Relation).Scan(&avg, &data)
		if err != nil {
			return &Space{Method: "no estimate: " + err.Error()}
		}
		if avg.Int64 > 0 {
			return &Space{Bytes: rt.Tombstones * avg.Int64, Method: "MariaDB/MySQL information_schema.TABLES AVG_ROW_LENGTH × tombstones"}
		}
		return &Space{Bytes: int64(float64(data.Int64) * rt.Share), Method: "MariaDB/MySQL information_schema.TABLES DATA_LENGTH × tombstone share"}
	}
	var size sql.NullInt64
	schemaName := t.Schema
	if schemaName == "" {
		schemaName = "main"
	}
	err := g.db.QueryRowContext(ctx, "SELECT sum(pgsize) FROM dbstat WHERE schema = ? AND name = ?", schemaName, t.Relation).Scan(&size)
	if err != nil {
		return &Space{Method: "no estimate: this SQLite has no dbstat table (SQLITE_ENABLE_DBSTAT_VTAB)"}
	}
	return &Space{Bytes: int64(float64(size.Int64) * rt.Share), Method: "SQLite dbstat pages × tombstone share"}
}

// auditAction maps an audit row's action to the counter it adds to.
func auditAction(m *Month, action string) *int64 {
	switch action {
	case "tombstone", "hard_delete":
		return &m.Deletes
	case "restore":
		return &m.Restores
	case schema.ActionPurge:
		return &m.Purges
	case schema.ActionAnonymize:
		return &m.Anonymizations
	case schema.ActionExpire:
		return &m.Expirations
	case schema.ActionErase:
		return &m.Erasures
	case schema.ActionRefused, schema.ActionRestoreRefused:
		return &m.Refusals
	}
	return nil
}

// monthly counts the audit rows of the period by month, table and action.
func (g *gatherer) monthly(ctx context.Context, r *Report, byTable map[string]*Table, months int) error {
	audit := g.d.table(g.p.Audit.Table)
	q := "SELECT " + g.d.month("at") + ", table_name, action, count(*) FROM " + audit +
		" WHERE at >= " + g.d.since(months) + " GROUP BY 1, 2, 3"
	rows, err := g.db.QueryContext(ctx, q)
	if err != nil {
		return fmt.Errorf("review: reading the audit trail %s: %w", g.p.Audit.Table, err)
	}
	defer rows.Close()
	index := map[string]int{}
	for i, m := range r.Period {
		index[m] = i
	}
	for rows.Next() {
		var month, table, action string
		var n int64
		if err := rows.Scan(&month, &table, &action, &n); err != nil {
			return err
		}
		i, ok := index[month]
		if !ok {
			continue // a row dated in the future of the database's clock
		}
		if c := auditAction(&r.Monthly[i], action); c != nil {
			*c += n
		}
		if t := byTable[table]; t != nil {
			if c := auditAction(&t.Monthly[i], action); c != nil {
				*c += n
			}
		}
	}
	return rows.Err()
}

// restores measures, for each restore of the period, the time since the
// row's latest tombstoning before it in the audit trail.
func (g *gatherer) restores(ctx context.Context, r *Report, byTable map[string]*Table, months int) error {
	audit := g.d.table(g.p.Audit.Table)
	deleted := "(SELECT max(d.at) FROM " + audit + " d WHERE d.table_name = r.table_name AND d.row_key = r.row_key AND d.action = 'tombstone' AND d.at <= r.at)"
	q := "SELECT r.table_name, " + g.d.daysBetween(deleted, "r.at") + " FROM " + audit + " r WHERE r.action = 'restore' AND r.at >= " + g.d.since(months)
	rows, err := g.db.QueryContext(ctx, q)
	if err != nil {
		return fmt.Errorf("review: reading the restores of the audit trail %s: %w", g.p.Audit.Table, err)
	}
	defer rows.Close()
	// Per table: the count, and the latencies by the minute, so memory
	// stays bounded by the distinct minutes, not the restores.
	lat := map[string]*latencies{}
	counts := map[string]int64{}
	for rows.Next() {
		var table string
		var days sql.NullFloat64
		if err := rows.Scan(&table, &days); err != nil {
			return err
		}
		counts[table]++
		if days.Valid {
			l := lat[table]
			if l == nil {
				l = &latencies{minutes: map[int64]int64{}}
				lat[table] = l
			}
			l.add(math.Max(days.Float64, 0))
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	for _, t := range g.p.Tables {
		if t.Rule != policy.Soft {
			continue
		}
		l := lat[t.Name]
		if l == nil {
			l = &latencies{}
		}
		byTable[t.Name].Restores = summarize(t, counts[t.Name], l, months)
	}
	return nil
}

// latencies holds restore times in days: the exact maximum, and counts by
// the minute for the median and the restores after the window.
type latencies struct {
	n       int64
	max     float64
	minutes map[int64]int64
}

func (l *latencies) add(days float64) {
	l.n++
	l.max = math.Max(l.max, days)
	l.minutes[int64(math.Round(days*24*60))]++
}

// median returns the median in days, to the minute.
func (l *latencies) median() float64 {
	keys := make([]int64, 0, len(l.minutes))
	for k := range l.minutes {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	at := func(i int64) int64 { // the i-th smallest (0-based)
		for _, k := range keys {
			if i < l.minutes[k] {
				return k
			}
			i -= l.minutes[k]
		}
		return keys[len(keys)-1]
	}
	if l.n%2 == 0 {
		return float64(at(l.n/2-1)+at(l.n/2)) / 2 / (24 * 60)
	}
	return float64(at(l.n/2)) / (24 * 60)
}

// after counts the latencies longer than limit days.
func (l *latencies) after(limit float64) int64 {
	var n int64
	for k, c := range l.minutes {
		if float64(k)/(24*60) > limit {
			n += c
		}
	}
	return n
}

func summarize(t *policy.Table, count int64, l *latencies, months int) *Restores {
	rs := &Restores{Window: t.RestoreWindow.Words(), Count: count, Matched: l.n}
	if l.n > 0 {
		rs.MaxDays = l.max
		rs.MedianDays = l.median()
		if !t.RestoreWindow.IsZero() {
			rs.Late = l.after(float64(t.RestoreWindow.Hours()) / 24)
		}
	}
	rs.Summary = restoreSentence(rs, months)
	return rs
}

// restoreSentence says how soon restores came, e.g. "restore window 30
// days: every restore in the last 3 months came within 4 days".
func restoreSentence(rs *Restores, months int) string {
	head := "no restore window"
	if rs.Window != "" {
		head = "restore window " + rs.Window
	}
	span := "the last " + plural(int64(months), "month")
	if months == 1 {
		span = "this month"
	}
	if rs.Count == 0 {
		return head + ": no restore in " + span
	}
	var s string
	switch {
	case rs.Matched == 0:
		s = fmt.Sprintf("%s: %s in %s, none with its deletion in the audit trail", head, plural(rs.Count, "restore"), span)
	case rs.Matched == rs.Count && rs.Count == 1:
		s = fmt.Sprintf("%s: the one restore in %s came within %s", head, span, within(rs.MaxDays))
	case rs.Matched == rs.Count:
		s = fmt.Sprintf("%s: every restore in %s (%d) came within %s", head, span, rs.Count, within(rs.MaxDays))
	default:
		verb := "have"
		if rs.Count-rs.Matched == 1 {
			verb = "has"
		}
		s = fmt.Sprintf("%s: %d of %s in %s came within %s; %d %s no deletion in the audit trail", head, rs.Matched, plural(rs.Count, "restore"), span, within(rs.MaxDays), rs.Count-rs.Matched, verb)
	}
	if rs.Late > 0 {
		s += fmt.Sprintf("; %d came after the window", rs.Late)
	}
	return s
}

// within renders a time in days as the whole days it lies within.
func within(days float64) string {
	if days < 1.0/24 {
		return "an hour"
	}
	if days < 1 {
		return plural(int64(math.Ceil(days*24)), "hour")
	}
	return plural(int64(math.Ceil(days)), "day")
}

func plural(n int64, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return strconv.FormatInt(n, 10) + " " + word + "s"
}
