//go:build !unix

package sqlctool

// lock is a no-op without flock: concurrent packages may each build sqlc,
// and the rename keeps every binary whole.
func lock(string) (func(), error) { return func() {}, nil }
