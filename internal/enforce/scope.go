package enforce

import (
	"sync"
	"sync/atomic"
)

// maxScopeChecks bounds the scopes whose check a wrapper remembers; past
// it, a new scope is checked on each statement (a few map lookups).
const maxScopeChecks = 1024

// scopeChecks remembers, per scope key, whether the scope names only soft
// tables of the policy: a scope is checked once per wrapper, not per
// statement, so the quick reject stays quick (one lock-free lookup).
type scopeChecks struct {
	errs sync.Map // scope key → scopeCheck
	n    atomic.Int64
}

type scopeCheck struct{ err error } // nil: the scope is fine

// checkScope refuses a scope naming a table the policy does not govern as
// a soft table (rewrite.ErrScope) on every statement, whether or not the
// statement touches a governed table.
func (w *Wrapper) checkScope(st *state) error {
	if st == nil || (len(st.with) == 0 && len(st.only) == 0) {
		return nil
	}
	c := &w.scopes
	if v, ok := c.errs.Load(st.key); ok {
		return v.(scopeCheck).err
	}
	err := w.rw.CheckScope(st.scope())
	if c.n.Load() < maxScopeChecks {
		if _, loaded := c.errs.LoadOrStore(st.key, scopeCheck{err}); !loaded {
			c.n.Add(1)
		}
	}
	return err
}
