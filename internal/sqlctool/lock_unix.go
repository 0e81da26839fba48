//go:build unix

package sqlctool

import (
	"os"
	"syscall"
)

// lock holds an exclusive lock on path until the returned func is called,
// so that concurrent test packages build sqlc once: the others wait, then
// find the binary.
func lock(path string) (func(), error) {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		return nil, err
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX); err != nil {
		f.Close()
		return nil, err
	}
	return func() {
		_ = syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
		f.Close()
	}, nil
}
