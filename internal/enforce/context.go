package enforce

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/tombstone-sql/tombstone/rewrite"
)

// state is what a context tells tombstone: scopes, actor and role. It is
// immutable; each With… function returns a context holding a copy.
type state struct {
	with, only []string
	hard       bool
	schema     bool // the schema-changes scope
	actor      string
	reason     string
	role       string
	hasRole    bool
	// key identifies the scope in the rewrite cache; "" is the default.
	key string
}

type stateKey struct{}

func stateFrom(ctx context.Context) *state {
	s, _ := ctx.Value(stateKey{}).(*state)
	return s
}

func derive(ctx context.Context, f func(s *state)) context.Context {
	n := &state{}
	if s := stateFrom(ctx); s != nil {
		*n = *s
		n.with = append([]string(nil), s.with...)
		n.only = append([]string(nil), s.only...)
	}
	f(n)
	n.key = n.scopeKey()
	return context.WithValue(ctx, stateKey{}, n)
}

// WithDeleted returns a context in which statements also see the
// tombstones of the named tables (policy names of soft tables; "*", or no
// name at all, for every soft table).
func WithDeleted(ctx context.Context, tables ...string) context.Context {
	return derive(ctx, func(s *state) { s.with = append(s.with, everyIfNone(tables)...) })
}

// OnlyDeleted returns a context in which statements see only the
// tombstones of the named tables (policy names of soft tables; "*", or no
// name at all, for every soft table): listing them, or restoring them with
// UPDATE.
func OnlyDeleted(ctx context.Context, tables ...string) context.Context {
	return derive(ctx, func(s *state) { s.only = append(s.only, everyIfNone(tables)...) })
}

// everyIfNone reads no table names as every soft table ("*"), as GORM's
// Unscoped() does, rather than as none.
func everyIfNone(tables []string) []string {
	if len(tables) == 0 {
		return []string{"*"}
	}
	return tables
}

// HardDelete returns a context in which DELETE on a soft table really
// deletes, which with OnlyDeleted purges tombstones.
func HardDelete(ctx context.Context) context.Context {
	return derive(ctx, func(s *state) { s.hard = true })
}

// WithActor returns a context naming who asks for changes and why; both go
// to the audit trail.
func WithActor(ctx context.Context, actor, reason string) context.Context {
	return derive(ctx, func(s *state) { s.actor, s.reason = actor, reason })
}

// WithRole returns a context acting as the named policy role. When the
// policy has roles, a scope the role may not use fails with ErrForbidden
// before any SQL is sent.
func WithRole(ctx context.Context, role string) context.Context {
	return derive(ctx, func(s *state) { s.role, s.hasRole = role, true })
}

// ScopeKey identifies ctx's scope: statements prepared for one key are
// rewritten the same way; "" is the default scope.
func ScopeKey(ctx context.Context) string {
	if st := stateFrom(ctx); st != nil {
		return st.key
	}
	return ""
}

func (s *state) scope() rewrite.Scope {
	if s == nil {
		return rewrite.Scope{}
	}
	return rewrite.Scope{WithDeleted: s.with, OnlyDeleted: s.only, HardDelete: s.hard, SchemaChanges: s.schema}
}

func (s *state) widened() bool {
	return s != nil && (len(s.with) > 0 || len(s.only) > 0 || s.hard)
}

// scopeKey renders the scope canonically and unambiguously: the same
// scope, however it was built, shares cache entries, and two different
// scopes never do (each name is length-prefixed, whatever it holds).
func (s *state) scopeKey() string {
	if !s.widened() && !s.schema {
		return ""
	}
	var b strings.Builder
	list := func(tag string, names []string) {
		c := make([]string, len(names))
		for i, n := range names {
			c[i] = strings.ToLower(n)
		}
		sort.Strings(c)
		c = slices.Compact(c)
		fmt.Fprintf(&b, "%s%d", tag, len(c))
		for _, n := range c {
			fmt.Fprintf(&b, ":%d:%s", len(n), n)
		}
	}
	list("w", s.with)
	list("o", s.only)
	if s.hard {
		b.WriteString("h")
	}
	if s.schema {
		b.WriteString("s")
	}
	return b.String()
}

// describe renders the scope for people: with-deleted=customers hard-delete.
func (s *state) describe() string {
	var parts []string
	if len(s.with) > 0 {
		parts = append(parts, "with-deleted="+strings.Join(s.with, ","))
	}
	if len(s.only) > 0 {
		parts = append(parts, "only-deleted="+strings.Join(s.only, ","))
	}
	if s.hard {
		parts = append(parts, "hard-delete")
	}
	if s.schema {
		parts = append(parts, "schema-changes")
	}
	return strings.Join(parts, " ")
}
