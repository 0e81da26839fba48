package lifecycle

import (
	"errors"
	"fmt"
	"strings"

	"github.com/tombstone-sql/tombstone/policy"
)

// ErrRegenerate refuses a policy that no longer governs a table the way
// the code tombstone gen wrote was made from: run the generator again.
var ErrRegenerate = errors.New("lifecycle: the policy differs from the one the code was generated from")

// Generated returns p's rule for soft table name after checking that it is
// still the one the handles of tombstone gen were generated from: a soft
// table with tombstone column column, the named marker and the key
// columns key, in order. The generated NewTombstoneHandles calls it.
func Generated(p *policy.Policy, name, column, marker string, key ...string) (*policy.Table, error) {
	if p == nil {
		return nil, fmt.Errorf("%w: no policy", ErrRegenerate)
	}
	t := p.Table(name)
	if t == nil {
		return nil, fmt.Errorf("%w: %s does not govern %s; regenerate (tombstone gen) or add the table back", ErrRegenerate, p.Source, name)
	}
	var diffs []string
	if t.Rule != policy.Soft {
		diffs = append(diffs, "its rule is "+t.Rule.String()+", not soft")
	} else {
		if !strings.EqualFold(t.Column, column) {
			diffs = append(diffs, fmt.Sprintf("its tombstone column is %s, not %s", t.Column, column))
		}
		if t.Marker.String() != marker {
			diffs = append(diffs, fmt.Sprintf("its marker is %s, not %s", t.Marker, marker))
		}
	}
	if !sameKey(t.Key, key) {
		diffs = append(diffs, fmt.Sprintf("its key is (%s), not (%s)", strings.Join(t.Key, ", "), strings.Join(key, ", ")))
	}
	if len(diffs) > 0 {
		return nil, fmt.Errorf("%w: in %s, %s (line %d): %s; regenerate (tombstone gen)", ErrRegenerate, p.Source, t.Name, t.Line, strings.Join(diffs, "; "))
	}
	return t, nil
}

func sameKey(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if !strings.EqualFold(a[i], b[i]) {
			return false
		}
	}
	return true
}
