package lifecycle_test

import (
	"context"
	"errors"
	"log/slog"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/tombstone-sql/tombstone"
	tombstonepgx "github.com/tombstone-sql/tombstone/drivers/pgx"
	"github.com/tombstone-sql/tombstone/lifecycle"
)

// TestErasePgxPool erases Maya from the store on PostgreSQL through the
// pgx native pool, the other front door: the tables and the audit trail
// must be those of the erasure done by hand (eraseByHand, as for
// database/sql), a failure on the last table rolls every table back, and
// a second erasure changes nothing.
func TestErasePgxPool(t *testing.T) {
	for _, e := range storeDBs(t, moreRows) {
		if e.dialect != "postgres" {
			continue
		}
		ctx := context.Background()
		cfg, err := pgxpool.ParseConfig(e.url)
		if err != nil {
			t.Fatal(err)
		}
		pool, err := tombstonepgx.NewPool(ctx, cfg, e.p, tombstone.WithLogger(slog.New(slog.DiscardHandler)))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(pool.Close)

		backup := e.dump(t)
		before := backup.cells()
		trailBefore := len(backup["tombstone_audit"].rows)
		want, wantTrail := eraseByHand(before, maya.ID)
		state := func() map[string]table {
			got := e.dump(t).cells()
			settle(want, got)
			return got
		}

		reset := lifecycle.SetEraseHook(func(table string) error {
			if table == "support_tickets" {
				return errors.New("injected failure")
			}
			return nil
		})
		_, err = lifecycle.Erase(ctx, pool, e.p, "", maya, privacy()...)
		reset()
		if err == nil || !strings.Contains(err.Error(), "injected failure") {
			t.Fatalf("erase with a failing last table: %v", err)
		}
		if diff := cmp.Diff(before, state()); diff != "" {
			t.Fatalf("a failed erasure changed the tables (-before +after):\n%s", diff)
		}

		// Without the erase permission the pool refuses, and nothing
		// changes.
		_, err = lifecycle.Erase(ctx, pool, e.p, "", maya, lifecycle.WithRole("agent"), lifecycle.WithActor("mallory"), lifecycle.WithReason("no"))
		if !errors.Is(err, tombstone.ErrForbidden) {
			t.Errorf("erase as agent: %v, want ErrForbidden", err)
		}

		rec, err := lifecycle.Erase(ctx, pool, e.p, "", maya, privacy()...)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(want, state()); diff != "" {
			t.Errorf("tables after the erasure through the pgx pool (-by hand +erase):\n%s", diff)
		}
		if diff := cmp.Diff(wantTrail, e.trail(t, trailBefore)); diff != "" {
			t.Errorf("audit rows of the erasure through the pgx pool (-want +got):\n%s", diff)
		}
		var n int64
		for _, tb := range rec.Tables {
			n += tb.Rows
		}
		if n != int64(len(wantTrail)) {
			t.Errorf("the receipt counts %d rows, want %d", n, len(wantTrail))
		}
		trailErased := len(e.dump(t)["tombstone_audit"].rows)
		if _, err := lifecycle.Erase(ctx, pool, e.p, "", maya, privacy()...); err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(want, state()); diff != "" {
			t.Errorf("a second erasure changed the tables (-want +got):\n%s", diff)
		}
		if got := e.trail(t, trailErased); len(got) != 0 {
			t.Errorf("a second erasure wrote audit rows: %v", got)
		}
		// The erased row stays erased for the pool's restore too.
		err = lifecycle.Restore(manager("mallory"), pool, "", e.p.Table("customers"), lifecycle.Key{"id": 1})
		if !errors.Is(err, lifecycle.ErrErased) {
			t.Errorf("restore through the pool of an erased row: %v, want ErrErased", err)
		}

		// The erasure log replayed through the pool after the backup is
		// restored erases Maya again, with the same tables and audit rows.
		log := filepath.Join(t.TempDir(), "erasures.log")
		e.restore(t, backup)
		if _, err := lifecycle.Erase(ctx, pool, e.p, "", maya, append(privacy(), lifecycle.WithLog(log))...); err != nil {
			t.Fatal(err)
		}
		e.restore(t, backup)
		if _, err := lifecycle.Replay(ctx, pool, e.p, "", log, time.Time{}, privacy()...); err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(want, state()); diff != "" {
			t.Errorf("tables after the replay through the pgx pool (-by hand +replay):\n%s", diff)
		}
		if diff := cmp.Diff(wantTrail, e.trail(t, trailBefore)); diff != "" {
			t.Errorf("audit rows of the replay through the pgx pool (-want +got):\n%s", diff)
		}
	}
}
