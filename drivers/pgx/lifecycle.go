package pgx

import (
	"context"

	"github.com/tombstone-sql/tombstone/internal/enforce"
)

// Enforcement runs f with the enforcement state of one connection of the
// pool, and gives the connection back: the seam through which lifecycle
// records a refusal (a restore past its window) as enforcement records a
// refused delete, on either front door.
func (p *Pool) Enforcement(ctx context.Context, f func(*enforce.Conn) error) error {
	l, release, err := p.acquire(ctx)
	if err != nil {
		return err
	}
	defer release()
	return f(l.ec)
}
