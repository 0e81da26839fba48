package lifecycle

import (
	"context"
	"errors"
	"fmt"

	"github.com/tombstone-sql/tombstone"
	"github.com/tombstone-sql/tombstone/policy"
)

// Purge deletes for good the tombstone of soft table t whose key is key,
// inside its restore window or after it. It sends, through db, the DELETE
// any application could send in the only-deleted and hard-delete scopes,
// so it meets the same enforcement: with roles in the policy the
// context's role (tombstone.WithRole) needs see_deleted and purge, or the
// error is tombstone.ErrForbidden. The audit triggers write a purge row
// (ActionPurge, the expire job's name for a tombstone deleted for good)
// with the context's actor and reason (tombstone.WithActor), and a delete
// without an actor is refused under audit.require_actor.
//
// A live row is refused with tombstone.ErrNotDeleted (a live row is never
// purged: delete it first) and a key no row has with tombstone.ErrNoRow;
// nothing is changed then.
func Purge[D Database](ctx context.Context, db D, dialect string, t *policy.Table, key Key) error {
	if t == nil {
		return errors.New("tombstone: purge: no table")
	}
	if t.Rule != policy.Soft {
		return fmt.Errorf("tombstone: purge: %s is a %s table; only soft tables have tombstones", t.Name, t.Rule)
	}
	d, err := lookupDialect(dialectOf(db, dialect))
	if err != nil {
		return fmt.Errorf("tombstone: purge: %w", err)
	}
	args, err := keyArgs("purge", t, key)
	if err != nil {
		return err
	}
	name := quoteTable(d.Quote, t.Name)
	where := keyWhere(d, t)

	tx, err := begin(ctx, db, "purge")
	if err != nil {
		return err
	}
	defer tx.rollback(context.WithoutCancel(ctx)) //nolint:errcheck // a no-op after commit
	// The action goes beneath enforcement, as the expire job's does.
	if err := tx.setAction(ctx, d.Name(), string(ActionPurge)); err != nil {
		return fmt.Errorf("tombstone: purge %s %s: telling the audit triggers the action: %w", t.Name, describeKey(t, key), err)
	}
	n, err := tx.exec(tombstone.HardDelete(tombstone.OnlyDeleted(ctx, t.Name)), "DELETE FROM "+name+where, args...)
	if err != nil {
		return fmt.Errorf("tombstone: purge %s %s: %w", t.Name, describeKey(t, key), err)
	}
	switch {
	case n == 1:
		if d.Name() != "postgres" {
			// PostgreSQL's ends with the transaction; the others' is
			// session state.
			if err := tx.setAction(ctx, d.Name(), ""); err != nil {
				return fmt.Errorf("tombstone: purge %s %s: %w", t.Name, describeKey(t, key), err)
			}
		}
		return tx.commit(ctx)
	case n > 1:
		return fmt.Errorf("tombstone: purge %s %s: the key matches %d tombstones, so it is not the table's key; nothing was purged (fix `key` in the policy)", t.Name, describeKey(t, key), n)
	}
	var marker any
	err = queryRow(tombstone.WithDeleted(ctx, t.Name), tx, "SELECT "+d.Quote(t.Column)+" FROM "+name+where, args, &marker)
	switch {
	case errors.Is(err, errNoRows):
		return fmt.Errorf("%w: %s has no row %s", tombstone.ErrNoRow, t.Name, describeKey(t, key))
	case err != nil:
		return fmt.Errorf("tombstone: purge %s %s: %w", t.Name, describeKey(t, key), err)
	case live(t.Marker, marker):
		return fmt.Errorf("%w: %s %s is live; only tombstones are purged (delete the row first)", tombstone.ErrNotDeleted, t.Name, describeKey(t, key))
	}
	return fmt.Errorf("tombstone: purge %s %s: the tombstone changed while it was being purged; try again", t.Name, describeKey(t, key))
}
