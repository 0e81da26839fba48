package tombstone

import "database/sql/driver"

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
func (t *tx) end() { t.c.ec.EndTx() }
