package enforce

import (
	"fmt"
	"testing"
)

// TestWidenedLogBounded: a pair is first once; the set never holds more
// than maxWidened pairs, and when it starts afresh a pair is first again.
func TestWidenedLogBounded(t *testing.T) {
	var l widenedLog
	if !l.first("a", "s") || l.first("a", "s") {
		t.Fatal("a pair is not first exactly once")
	}
	if !l.first("a", "t") || !l.first("b", "s") {
		t.Fatal("another scope or statement is not first")
	}
	for i := 0; i < 3*maxWidened; i++ {
		l.first(fmt.Sprint(i), "s")
		if n := held(&l); n > maxWidened {
			t.Fatalf("%d pairs held, want at most %d", n, maxWidened)
		}
	}
	if !l.first("a", "s") {
		t.Error("after the set started afresh, a pair logged long ago is not first again")
	}
}

func held(l *widenedLog) int {
	n := 0
	l.seen.Range(func(any, any) bool { n++; return true })
	return n
}
