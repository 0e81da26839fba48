package tombstone

import (
	"context"

	"github.com/tombstone-sql/tombstone/internal/enforce"
)

// WithDeleted returns a context in which statements also see the
// tombstones of the named tables: policy names of soft tables, or "*" — or
// no name at all — for every soft table. A name the policy does not govern
// as a soft table (a typo) makes every statement in the context fail with
// ErrScope, whatever tables it touches.
func WithDeleted(ctx context.Context, tables ...string) context.Context {
	return enforce.WithDeleted(ctx, tables...)
}

// OnlyDeleted returns a context in which statements see only the
// tombstones of the named tables — policy names of soft tables, or "*", or
// no name at all, for every soft table: listing them, or restoring them
// with UPDATE. A name the policy does not govern as a soft table makes
// every statement in the context fail with ErrScope.
func OnlyDeleted(ctx context.Context, tables ...string) context.Context {
	return enforce.OnlyDeleted(ctx, tables...)
}

// HardDelete returns a context in which DELETE on a soft table really
// deletes, which with OnlyDeleted purges tombstones.
func HardDelete(ctx context.Context) context.Context { return enforce.HardDelete(ctx) }

// WithActor returns a context naming who asks for changes and why; both go
// to the audit trail.
func WithActor(ctx context.Context, actor, reason string) context.Context {
	return enforce.WithActor(ctx, actor, reason)
}

// WithRole returns a context acting as the named policy role. When the
// policy has roles, a scope the role may not use fails with ErrForbidden
// before any SQL is sent.
func WithRole(ctx context.Context, role string) context.Context {
	return enforce.WithRole(ctx, role)
}

// AllowSchemaChanges returns a context in which DDL may drop or rename
// governed tables, the schemas that hold them, and their tombstone and key
// columns: the scope of a migration run through tombstone. Outside it such
// DDL fails with ErrSchemaChange. When the policy has roles, the context's
// role needs change_schema; each change is logged and recorded in the
// audit trail (action schema_change).
func AllowSchemaChanges(ctx context.Context) context.Context {
	return enforce.AllowSchemaChanges(ctx)
}
