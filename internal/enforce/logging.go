package enforce

import (
	"context"
	"log/slog"
)

// logWidened logs a statement sent in a widened scope (tombstones shown,
// a DELETE that really deletes): at INFO the first time the wrapper sends
// that statement in that scope, at DEBUG every time after, so a production
// log at INFO carries one line per statement and scope, not one per
// execution. Decisions are cached per statement and scope, so the first
// send of a decision is the first send of its pair; a pair the cache
// evicted is logged at INFO again once. Refusals are logged apart, at
// WARN, every time.
func (w *Wrapper) logWidened(ctx context.Context, st *state, d *Decision) {
	if !w.log.Enabled(ctx, slog.LevelInfo) && !w.log.Enabled(ctx, slog.LevelDebug) {
		return
	}
	level := slog.LevelDebug
	if !d.loggedWidened.Swap(true) {
		level = slog.LevelInfo
	}
	if !w.log.Enabled(ctx, level) {
		return
	}
	w.log.LogAttrs(ctx, level, "tombstone widened scope", w.attrs(st, d.fingerprint, nil, nil)...)
}
