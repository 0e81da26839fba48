package rewrite

import (
	"fmt"
	"strings"

	"github.com/tombstone-sql/tombstone/policy"
)

// CheckScope reports whether scope s names only soft tables of the policy
// (or "*"), and not one table both with- and only-deleted; the error wraps
// ErrScope. Front doors check a scope with it once, before any statement
// is parsed, so a scope's mistake is refused on every statement alike.
func (rw *Rewriter) CheckScope(s Scope) error {
	_, err := rw.resolve(s)
	return err
}

// scopeError says what is wrong with name in a scope (flag: with-deleted,
// only-deleted) and what to write instead: t is the governed table of that
// name, not a soft one, or nil when the policy governs none.
func (rw *Rewriter) scopeError(flag, name string, t *policy.Table) error {
	var soft []string
	for _, pt := range rw.policy.Tables {
		if pt.Rule == policy.Soft {
			soft = append(soft, pt.Name)
		}
	}
	choose := "the policy has no soft table"
	if len(soft) > 0 {
		choose = "the soft tables are " + strings.Join(soft, ", ") + `, or "*" for all`
	}
	if t != nil {
		return fmt.Errorf("%w: %s %s: %s is a %s table, which has no tombstones; %s", ErrScope, flag, name, t.Name, t.Rule, choose)
	}
	if near := nearest(name, soft); near != "" {
		return fmt.Errorf("%w: %s %q: the policy does not govern a table named %q; did you mean %s? (%s)", ErrScope, flag, name, name, near, choose)
	}
	return fmt.Errorf("%w: %s %q: the policy does not govern a table named %q; %s", ErrScope, flag, name, name, choose)
}

// nearest returns the name of names closest to s by edit distance
// (case-insensitively), when it is close enough to be a typo of it.
func nearest(s string, names []string) string {
	if len(s) > 64 {
		return "" // no table name is that long: not a typo
	}
	best, bestD := "", -1
	for _, n := range names {
		d := distance(strings.ToLower(s), strings.ToLower(n))
		if bestD < 0 || d < bestD {
			best, bestD = n, d
		}
	}
	if bestD < 0 || bestD > 2 && bestD > len(s)/3 {
		return ""
	}
	return best
}

// distance is the Levenshtein distance of a and b, in bytes.
func distance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
