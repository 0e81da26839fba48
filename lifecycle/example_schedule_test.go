package lifecycle_test

import (
	"context"
	"database/sql"
	"log/slog"
	"time"

	"github.com/tombstone-sql/tombstone"
	"github.com/tombstone-sql/tombstone/lifecycle"
)

// docs/lifecycle.md shows this function (an excerpt): a scheduler of the
// application's own, which the compiler checks here; ExampleExpire runs
// the call it makes.
var _ = expireNightly

func expireNightly(ctx context.Context, db *sql.DB, p *tombstone.Policy, log *slog.Logger) {
	for {
		next := time.Now().Truncate(24 * time.Hour).Add(24*time.Hour + 3*time.Hour + 15*time.Minute)
		select {
		case <-ctx.Done():
			return
		case <-time.After(time.Until(next)):
		}
		rep, err := lifecycle.Expire(ctx, db, p, "postgres",
			lifecycle.WithActor("app scheduler"), lifecycle.WithRole("expire_job"))
		if err != nil {
			log.Error("tombstone expire stopped", "error", err) // committed batches stay; the next run carries on
		}
		if rep != nil {
			for _, s := range rep.Steps {
				log.Info("tombstone expire", "table", s.Table, "action", s.Action, "rows", s.Rows, "skipped", s.Skipped)
			}
		}
	}
}
