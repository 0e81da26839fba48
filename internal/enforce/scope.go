package enforce

import "sync"

// maxScopeChecks bounds the scopes whose check a wrapper remembers; past
// it, a new scope is checked on each statement (a few map lookups).
const maxScopeChecks = 1024

// scopeChecks remembers, per scope key, whether the scope names only soft
// tables of the policy: a scope is checked once per wrapper, not per
// statement, so the quick reject stays quick.
type scopeChecks struct {
	mu   sync.RWMutex
	errs map[string]error // nil: the scope is fine
}

// checkScope refuses a scope naming a table the policy does not govern as
// a soft table (rewrite.ErrScope) on every statement, whether or not the
// statement touches a governed table.
func (w *Wrapper) checkScope(st *state) error {
	if st == nil || (len(st.with) == 0 && len(st.only) == 0) {
		return nil
	}
	c := &w.scopes
	c.mu.RLock()
	err, ok := c.errs[st.key]
	c.mu.RUnlock()
	if ok {
		return err
	}
	err = w.rw.CheckScope(st.scope())
	c.mu.Lock()
	if c.errs == nil {
		c.errs = map[string]error{}
	}
	if len(c.errs) < maxScopeChecks {
		c.errs[st.key] = err
	}
	c.mu.Unlock()
	return err
}
