package lifecycle

// SetEraseHook makes f run inside every erasure's transaction after each
// table's change, until the returned func is called.
func SetEraseHook(f func(table string) error) (reset func()) {
	eraseHook = f
	return func() { eraseHook = nil }
}
