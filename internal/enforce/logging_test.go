package enforce

import (
	"context"
	"log/slog"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// levels records the level of each log record.
type levels struct{ got []slog.Level }

func (h *levels) Enabled(context.Context, slog.Level) bool { return true }
func (h *levels) Handle(_ context.Context, r slog.Record) error {
	h.got = append(h.got, r.Level)
	return nil
}
func (h *levels) WithAttrs([]slog.Attr) slog.Handler { return h }
func (h *levels) WithGroup(string) slog.Handler      { return h }

// TestWidenedLogOncePerDecision: a decision (one statement in one scope,
// as the cache holds it) is logged at INFO the first time it is sent and
// at DEBUG after; another decision is first again, and so is the same
// pair planned anew after the bounded cache evicted it — the wrapper keeps
// no other record of what it logged.
func TestWidenedLogOncePerDecision(t *testing.T) {
	h := &levels{}
	w := &Wrapper{log: slog.New(h)}
	st := &state{with: []string{"customers"}}
	ctx := context.Background()
	a, b, again := &Decision{fingerprint: "a"}, &Decision{fingerprint: "b"}, &Decision{fingerprint: "a"}
	for _, d := range []*Decision{a, a, b, a, b, again} {
		w.logWidened(ctx, st, d)
	}
	want := []slog.Level{slog.LevelInfo, slog.LevelDebug, slog.LevelInfo, slog.LevelDebug, slog.LevelDebug, slog.LevelInfo}
	if diff := cmp.Diff(want, h.got); diff != "" {
		t.Errorf("levels (-want +got):\n%s", diff)
	}
}
