package lifecycle

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/tombstone-sql/tombstone"
	"github.com/tombstone-sql/tombstone/policy"
	"github.com/tombstone-sql/tombstone/schema"
)

// Tombstone is one tombstone of a soft table, as Tombstones lists it; K
// is the type its key is scanned into.
type Tombstone[K any] struct {
	Key K
	// DeletedAt is when the row was tombstoned, read from its marker, in
	// UTC and to the millisecond; zero for a flag marker, which holds no
	// time.
	DeletedAt time.Time
	// DeletedBy and Reason are the actor and the reason of the row's
	// latest tombstoning in the audit trail; both are empty when the
	// policy has no audit trail or the trail has no row for it.
	DeletedBy, Reason string
}

// ListOption configures Tombstones.
type ListOption func(*listConfig)

type listConfig struct{ limit int }

// Limit lists at most n tombstones (1 to 10,000; the default is
// DefaultBatch), the first in key order.
func Limit(n int) ListOption { return func(c *listConfig) { c.limit = n } }

// Tombstones lists the tombstones of soft table table of policy p, in key
// order: each row's key, scanned into the destinations key returns for a
// *K (one per key column, in the order of the policy's key), when it was
// deleted and, from the audit trail, by whom and why. The rows are read
// through db in the only-deleted scope, so with roles in the policy the
// context's role needs see_deleted, or the error is tombstone.ErrForbidden.
// The audit trail is read in the same transaction, newest row first, until
// every listed key has its tombstoning (a tombstone row, or the erase row
// of a privacy erasure that tombstoned it); memory is bounded by the limit.
func Tombstones[K any, D Database](ctx context.Context, db D, dialect string, p *policy.Policy, table string, key func(*K) []any, opts ...ListOption) ([]Tombstone[K], error) {
	cfg := listConfig{limit: DefaultBatch}
	for _, o := range opts {
		o(&cfg)
	}
	if cfg.limit < 1 || cfg.limit > 10000 {
		return nil, fmt.Errorf("tombstone: tombstones: limit %d; use 1 to 10000 rows", cfg.limit)
	}
	if p == nil {
		return nil, fmt.Errorf("tombstone: tombstones: no policy")
	}
	t := p.Table(table)
	if t == nil {
		return nil, fmt.Errorf("%w: %s is not governed by %s; name one of its soft tables", ErrUnknownTable, table, p.Source)
	}
	if t.Rule != policy.Soft {
		return nil, fmt.Errorf("tombstone: tombstones: %s is a %s table; only soft tables have tombstones", t.Name, t.Rule)
	}
	d, err := newDialect(dialectOf(db, dialect))
	if err != nil {
		return nil, fmt.Errorf("tombstone: tombstones: %w", err)
	}
	col := d.Quote(t.Column)
	cols := []string{d.keyList(t)}
	for i, k := range t.Key {
		cols = append(cols, d.text(d.Quote(k))+" AS "+d.Quote(fmt.Sprintf("tombstone_key_%d", i)))
	}
	cols = append(cols, d.millis(col, t.Marker)+" AS tombstone_deleted_ms")
	q := "SELECT " + strings.Join(cols, ", ") + " FROM " + d.table(t.Name) + " ORDER BY " + d.keyList(t) + fmt.Sprintf(" LIMIT %d", cfg.limit)

	tx, err := begin(ctx, db, "tombstones")
	if err != nil {
		return nil, err
	}
	defer tx.rollback(context.WithoutCancel(ctx)) //nolint:errcheck // read-only
	var out []Tombstone[K]
	byKey := map[string]int{}
	err = tx.query(tombstone.OnlyDeleted(ctx, t.Name), q, nil, func(scan func(...any) error) (bool, error) {
		var ts Tombstone[K]
		dest := key(&ts.Key)
		if len(dest) != len(t.Key) {
			return false, fmt.Errorf("tombstone: tombstones %s: the key function gives %d destinations for the %d key columns (%s)", t.Name, len(dest), len(t.Key), strings.Join(t.Key, ", "))
		}
		texts := make([]sql.NullString, len(t.Key))
		for i := range texts {
			dest = append(dest, &texts[i])
		}
		var ms sql.NullInt64
		dest = append(dest, &ms)
		if err := scan(dest...); err != nil {
			return false, fmt.Errorf("tombstone: tombstones %s: %w", t.Name, err)
		}
		if ms.Valid && t.Marker != policy.Flag {
			ts.DeletedAt = time.UnixMilli(ms.Int64).UTC()
		}
		byKey[textKey(texts)] = len(out)
		out = append(out, ts)
		return true, nil
	})
	if err != nil {
		return nil, err
	}
	if p.Audit == nil || len(out) == 0 {
		return out, nil
	}
	b := &builder{d: d}
	aq := "SELECT COALESCE(actor, ''), COALESCE(reason, ''), COALESCE(row_key, '') FROM " + d.table(p.Audit.Table) +
		" WHERE table_name = " + b.arg(t.Name) + " AND action IN (" + b.arg("tombstone") + ", " + b.arg(schema.ActionErase) + ") ORDER BY id DESC"
	left := len(byKey)
	err = tx.query(ctx, aq, b.args, func(scan func(...any) error) (bool, error) {
		var actor, reason, rowKey string
		if err := scan(&actor, &reason, &rowKey); err != nil {
			return false, fmt.Errorf("tombstone: tombstones %s: reading %s: %w", t.Name, p.Audit.Table, err)
		}
		k, ok := auditKey(t, rowKey)
		if !ok {
			return true, nil
		}
		i, ok := byKey[k]
		if !ok {
			return true, nil
		}
		delete(byKey, k)
		out[i].DeletedBy, out[i].Reason = actor, reason
		left--
		return left > 0, nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// textKey joins a key's values as text, the form both the listing and the
// audit trail's row keys are compared in.
func textKey(texts []sql.NullString) string {
	parts := make([]string, len(texts))
	for i, s := range texts {
		parts[i] = s.String
	}
	return strings.Join(parts, "\x00")
}

// auditKey reads an audit row's key ({"id": 7}, as the triggers write it)
// into textKey's form, in the order of t's key.
func auditKey(t *policy.Table, rowKey string) (string, bool) {
	var m map[string]json.RawMessage
	if err := json.Unmarshal([]byte(rowKey), &m); err != nil {
		return "", false
	}
	parts := make([]string, len(t.Key))
	for i, k := range t.Key {
		raw, ok := m[k]
		if !ok {
			return "", false
		}
		var s string
		if err := json.Unmarshal(raw, &s); err != nil {
			s = string(raw) // a number, as written
		}
		parts[i] = s
	}
	return strings.Join(parts, "\x00"), true
}

// millis renders a tombstone's deletion time in milliseconds since the
// Unix epoch, from its marker column col; NULL for a flag.
func (d *dialect) millis(col string, m policy.Marker) string {
	switch m {
	case policy.Flag:
		return "NULL"
	case policy.Unix:
		return col + " * 1000"
	}
	switch d.name {
	case "postgres":
		return "CAST(round(extract(epoch FROM " + col + ") * 1000) AS bigint)"
	case "mysql":
		return "CAST(ROUND(UNIX_TIMESTAMP(" + col + ") * 1000) AS SIGNED)"
	}
	return "CAST(round((julianday(" + col + ") - 2440587.5) * 86400000) AS INTEGER)"
}
