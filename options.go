package tombstone

import (
	"log/slog"

	"github.com/tombstone-sql/tombstone/internal/enforce"
	"github.com/tombstone-sql/tombstone/policy"
)

// Mode says whether the wrapper changes SQL or only reports what it would
// have done.
type Mode = policy.Mode

// The modes; a policy file chooses with `mode:`, code with WithMode.
const (
	Enforce = policy.Enforce
	Shadow  = policy.Shadow
)

// Option configures a wrapped driver, connector or pgx pool.
type Option func(*config)

type config = enforce.Config

// Default cache bounds: rewrites of 4096 distinct statements and scopes,
// at most 32 MiB of SQL.
const (
	DefaultCacheEntries = 4096
	DefaultCacheBytes   = 32 << 20
)

func newConfig(opts []Option) *config {
	c := &config{CacheEntries: DefaultCacheEntries, CacheBytes: DefaultCacheBytes}
	for _, o := range opts {
		o(c)
	}
	if c.Logger == nil {
		c.Logger = slog.Default()
	}
	return c
}

// WithDialect names the SQL dialect (postgres, mysql or sqlite) when it
// cannot be told from the base driver.
func WithDialect(name string) Option { return func(c *config) { c.Dialect = name } }

// WithMode overrides the policy's mode: Enforce, or Shadow to send every
// statement unchanged and log what would have been rewritten or refused.
func WithMode(m Mode) Option { return func(c *config) { c.Mode = &m } }

// WithLogger sets where refusals, widened scopes and shadow-mode reports
// go; the default is slog.Default().
func WithLogger(l *slog.Logger) Option { return func(c *config) { c.Logger = l } }

// WithCache bounds the rewrite cache by entries and by bytes of SQL.
func WithCache(entries, bytes int) Option {
	return func(c *config) { c.CacheEntries, c.CacheBytes = entries, bytes }
}
