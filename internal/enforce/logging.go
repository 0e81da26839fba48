package enforce

import (
	"context"
	"log/slog"
	"sync"
	"sync/atomic"
)

// maxWidened bounds the (statement, scope) pairs a wrapper remembers
// having logged at INFO; when it is full it starts afresh, so a pair is
// logged at INFO again at most once per that many new pairs.
const maxWidened = 4096

// widenedLog remembers which (statement fingerprint, scope) pairs a
// wrapper has logged at INFO; a pair seen before costs one lock-free
// lookup.
type widenedLog struct {
	seen sync.Map // widenedKey → struct{}
	n    atomic.Int64
}

type widenedKey struct{ fingerprint, scope string }

// first reports whether the pair is new, and remembers it.
func (l *widenedLog) first(fp, scope string) bool {
	k := widenedKey{fp, scope}
	if _, ok := l.seen.Load(k); ok {
		return false
	}
	if _, loaded := l.seen.LoadOrStore(k, struct{}{}); loaded {
		return false
	}
	if l.n.Add(1) > maxWidened {
		l.seen.Clear()
		l.n.Store(0)
	}
	return true
}

// logWidened logs a statement sent in a widened scope (tombstones shown,
// a DELETE that really deletes): at INFO the first time the wrapper sends
// that statement in that scope, at DEBUG every time after, so a production
// log at INFO carries one line per statement and scope, not one per
// execution. Refusals are logged apart, at WARN, every time.
func (w *Wrapper) logWidened(ctx context.Context, st *state, fp string) {
	if !w.log.Enabled(ctx, slog.LevelInfo) && !w.log.Enabled(ctx, slog.LevelDebug) {
		return
	}
	level := slog.LevelDebug
	if w.widened.first(fp, st.key) {
		level = slog.LevelInfo
	}
	if !w.log.Enabled(ctx, level) {
		return
	}
	w.log.LogAttrs(ctx, level, "tombstone widened scope", w.attrs(st, fp, nil, nil)...)
}
