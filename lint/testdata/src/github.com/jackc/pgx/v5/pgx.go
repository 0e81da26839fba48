// Package pgx is a stub of github.com/jackc/pgx/v5 for the analyzer's tests.
package pgx

import "context"

type Conn struct{}

type Rows interface{ Close() }

type Row interface{ Scan(dest ...any) error }

type CommandTag struct{}

type StatementDescription struct{}

func (c *Conn) Query(ctx context.Context, sql string, args ...any) (Rows, error) { return nil, nil }

func (c *Conn) QueryRow(ctx context.Context, sql string, args ...any) Row { return nil }

func (c *Conn) Exec(ctx context.Context, sql string, args ...any) (CommandTag, error) {
	return CommandTag{}, nil
}

func (c *Conn) Prepare(ctx context.Context, name, sql string) (*StatementDescription, error) {
	return nil, nil
}

// Tx is an interface in pgx; its methods are checked too.
type Tx interface {
	Exec(ctx context.Context, sql string, arguments ...any) (CommandTag, error)
}
