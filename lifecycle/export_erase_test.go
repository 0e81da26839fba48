package lifecycle

import (
	"bytes"
	"errors"
	"testing"
)

// SetEraseHook makes f run inside every erasure's transaction after each
// table's change, until the returned func is called.
func SetEraseHook(f func(table string) error) (reset func()) {
	eraseHook = f
	return func() { eraseHook = nil }
}

// FuzzReadLog: whatever a log file holds, reading it returns entries or an
// ErrBadLog, never a panic, and every entry it returns is well formed.
func FuzzReadLog(f *testing.F) {
	f.Add([]byte(`{"kind":"customer","id":"42","at":"2026-12-01T09:00:00Z"}` + "\n"))
	f.Add([]byte("\n\n{}\n"))
	f.Add([]byte(`{"kind":"customer","id":"4\u00002","at":"2026-12-01T09:00:00Z"}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		entries, err := readLog("f.log", bytes.NewReader(data))
		if err != nil {
			if !errors.Is(err, ErrBadLog) {
				t.Fatalf("error %v is not ErrBadLog", err)
			}
			return
		}
		for _, e := range entries {
			if e.Kind == "" || e.At.IsZero() || (Subject{Kind: e.Kind, ID: e.ID}).check() != nil {
				t.Fatalf("entry %+v is not well formed", e)
			}
		}
	})
}
