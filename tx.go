package tombstone

import (
	"context"
	"database/sql/driver"
	"log/slog"
)

// tx is a transaction begun through the wrapper: the base one, and the
// connection told when it ends.
type tx struct {
	c    *conn
	base driver.Tx
}

var _ driver.Tx = (*tx)(nil)

func (t *tx) Commit() error {
	err := t.base.Commit()
	t.end()
	return err
}

func (t *tx) Rollback() error {
	err := t.base.Rollback()
	t.end()
	return err
}

// end records the refused deletes the transaction held back, now that the
// connection is out of it.
func (t *tx) end() {
	c := t.c
	c.inTx = false
	pending := c.pending
	c.pending = nil
	for _, r := range pending {
		if err := c.exec(context.Background(), c.w.refused, r.actor, r.reason, r.table); err != nil {
			c.w.log.LogAttrs(context.Background(), slog.LevelError, "tombstone could not record a refused delete in the audit trail", slog.String("table", r.table), slog.String("error", err.Error()))
		}
	}
}
