package lifecycle

import (
	"context"
	"database/sql"
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
	// latest tombstoning in the audit trail: its latest tombstone row, or
	// the erase row of a privacy erasure after it (an erasure of a live row
	// tombstones it and records only erase). Both are empty when the policy
	// has no audit trail or the trail has no row for it.
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
// The audit trail is read in the same transaction, in one query restricted
// to the listed keys, for each key's latest tombstoning (a tombstone row, or
// the erase row of a privacy erasure that tombstoned it); work and memory
// are bounded by the limit, whatever the trail's size. A tombstone the
// trail has no row for (one made before the trail existed) lists with an
// empty DeletedBy and Reason.
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
	cols := []string{d.keyList(t), keyJSON(d, t) + " AS tombstone_row_key"}
	cols = append(cols, d.millis(col, t.Marker)+" AS tombstone_deleted_ms")
	q := "SELECT " + strings.Join(cols, ", ") + " FROM " + d.table(t.Name) + " ORDER BY " + d.keyList(t) + fmt.Sprintf(" LIMIT %d", cfg.limit)

	tx, err := begin(ctx, db, "tombstones")
	if err != nil {
		return nil, err
	}
	defer tx.rollback(context.WithoutCancel(ctx)) //nolint:errcheck // read-only
	var out []Tombstone[K]
	byKey := map[string]int{}
	var rowKeys []string
	err = tx.query(tombstone.OnlyDeleted(ctx, t.Name), q, nil, func(scan func(...any) error) (bool, error) {
		var ts Tombstone[K]
		dest := key(&ts.Key)
		if len(dest) != len(t.Key) {
			return false, fmt.Errorf("tombstone: tombstones %s: the key function gives %d destinations for the %d key columns (%s)", t.Name, len(dest), len(t.Key), strings.Join(t.Key, ", "))
		}
		var rowKey sql.NullString
		var ms sql.NullInt64
		dest = append(dest, &rowKey, &ms)
		if err := scan(dest...); err != nil {
			return false, fmt.Errorf("tombstone: tombstones %s: %w", t.Name, err)
		}
		if ms.Valid && t.Marker != policy.Flag {
			ts.DeletedAt = time.UnixMilli(ms.Int64).UTC()
		}
		if rowKey.Valid {
			byKey[rowKey.String] = len(out)
			rowKeys = append(rowKeys, rowKey.String)
		}
		out = append(out, ts)
		return true, nil
	})
	if err != nil {
		return nil, err
	}
	if p.Audit == nil || len(rowKeys) == 0 {
		return out, nil
	}
	aq, args := latestTombstonings(d, p.Audit.Table, t.Name, rowKeys)
	err = tx.query(ctx, aq, args, func(scan func(...any) error) (bool, error) {
		var actor, reason, rowKey string
		if err := scan(&actor, &reason, &rowKey); err != nil {
			return false, fmt.Errorf("tombstone: tombstones %s: reading %s: %w", t.Name, p.Audit.Table, err)
		}
		if i, ok := byKey[rowKey]; ok {
			out[i].DeletedBy, out[i].Reason = actor, reason
		}
		return true, nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// latestTombstonings is the one query that reads, from audit table audit,
// the latest tombstoning (a tombstone row, or the erase row of a privacy
// erasure that tombstoned it) of each of table's rows whose keys, rendered
// as the audit triggers render row_key, are rowKeys: at most one row per
// key, found through the trail's (table_name, row_key) index, so its work
// is bounded by the listed keys, not by the trail. It returns the query
// and the values it binds.
func latestTombstonings(d *dialect, audit, table string, rowKeys []string) (string, []any) {
	b := &builder{d: d}
	name := d.table(audit)
	where := "table_name = " + b.arg(table) + " AND action IN (" + b.arg("tombstone") + ", " + b.arg(schema.ActionErase) + ")"
	in := make([]string, len(rowKeys))
	for i, k := range rowKeys {
		in[i] = b.arg(k)
	}
	return "SELECT COALESCE(actor, ''), COALESCE(reason, ''), row_key FROM " + name +
		" WHERE id IN (SELECT MAX(id) FROM " + name + " WHERE " + where + " AND row_key IN (" + strings.Join(in, ", ") + ") GROUP BY row_key)", b.args
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
