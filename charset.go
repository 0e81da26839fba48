package tombstone

import (
	"context"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"log/slog"

	"github.com/tombstone-sql/tombstone/rewrite"
)

// checkEncoding asks a new connection which character set the server reads
// its statements in, once, and refuses the connection when tombstone does
// not read statements the way the server then does (MySQL's GBK, BIG5,
// latin1 …; PostgreSQL's client-only encodings SJIS, BIG5, GBK …): a byte
// that is half of a character to the server, or a space, could end a
// quoted name, a string or a comment where tombstone sees none end. In
// shadow mode, which sends every statement as it is, the mismatch is
// logged instead.
func (w *wrapper) checkEncoding(ctx context.Context, c *conn) error {
	enc, ok := w.rw.Dialect().(rewrite.Encodings)
	if !ok {
		return nil
	}
	name, err := c.text(ctx, enc.EncodingQuery())
	if err != nil {
		return fmt.Errorf("tombstone: reading the connection's character set: %w", err)
	}
	if enc.SafeEncoding(name) {
		return nil
	}
	err = fmt.Errorf("%w: the server reads this connection's statements as %s, whose bytes tombstone reads differently, so a quote or a comment could end where tombstone does not see it end; %s", ErrEncoding, name, enc.EncodingAdvice())
	if w.mode == Shadow {
		w.log.LogAttrs(ctx, slog.LevelWarn, "tombstone would refuse the connection", slog.String("error", err.Error()))
		return nil
	}
	return err
}

// text runs a query of tombstone's own that returns one text value.
func (c *conn) text(ctx context.Context, sql string) (string, error) {
	rows, err := c.baseQuery(ctx, sql, nil)
	if err == driver.ErrSkip {
		var s driver.Stmt
		if s, err = c.prepare(ctx, sql); err != nil {
			return "", err
		}
		defer s.Close()
		rows, err = stmtQuery(ctx, s, nil)
	}
	if err != nil {
		return "", err
	}
	defer rows.Close()
	dest := make([]driver.Value, len(rows.Columns()))
	if err := rows.Next(dest); err != nil {
		if err == io.EOF {
			return "", errors.New("no row")
		}
		return "", err
	}
	switch v := dest[0].(type) {
	case string:
		return v, nil
	case []byte:
		return string(v), nil
	}
	return "", fmt.Errorf("not text: %T", dest[0])
}
