package enforce

import (
	"context"
	"fmt"
	"log/slog"

	"github.com/tombstone-sql/tombstone/policy"
	"github.com/tombstone-sql/tombstone/rewrite"
)

// CheckEncoding asks a new connection which character set the server reads
// its statements in, once, and refuses the connection when tombstone does
// not read statements the way the server then does (MySQL's GBK, BIG5,
// latin1 …; PostgreSQL's client-only encodings SJIS, BIG5, GBK …): a byte
// that is half of a character to the server, or a space, could end a
// quoted name, a string or a comment where tombstone sees none end. In
// shadow mode, which sends every statement as it is, the mismatch is
// logged instead. A front door calls it once per base connection, when the
// connection is made.
func (w *Wrapper) CheckEncoding(ctx context.Context, s Session) error {
	enc, ok := w.rw.Dialect().(rewrite.Encodings)
	if !ok {
		return nil
	}
	rows, err := s.Strings(ctx, enc.EncodingQuery())
	if err != nil {
		return fmt.Errorf("tombstone: reading the connection's character set: %w", err)
	}
	if len(rows) != 1 || len(rows[0]) != 1 {
		return fmt.Errorf("tombstone: reading the connection's character set: %s returned %d rows", enc.EncodingQuery(), len(rows))
	}
	name := rows[0][0]
	if enc.SafeEncoding(name) {
		return nil
	}
	err = fmt.Errorf("%w: the server reads this connection's statements as %s, whose bytes tombstone reads differently, so a quote or a comment could end where tombstone does not see it end; %s", ErrEncoding, name, enc.EncodingAdvice())
	if w.mode == policy.Shadow {
		w.log.LogAttrs(ctx, slog.LevelWarn, "tombstone would refuse the connection", slog.String("error", err.Error()))
		return nil
	}
	return err
}
