package rewrite

import (
	"fmt"
	"strings"

	"github.com/tombstone-sql/tombstone/policy"
)

// Clock is implemented by dialects that can compare a tombstone's marker
// with the database's own clock, so that every application instance
// measures a restore window alike.
type Clock interface {
	// DeletedWithin renders a condition on marker column col (as it should
	// appear, qualified or not) that holds for a tombstone made less than
	// hours ago by the database's clock, and is false or NULL for older
	// tombstones and values that are not times.
	DeletedWithin(m policy.Marker, col string, hours int) string
	// DeletedBefore renders the condition that a tombstone's window of
	// hours has ended: its exact complement for every time, so a tombstone
	// exactly at the boundary is past its window (expire may act on it)
	// and no longer restorable; never both, never neither.
	DeletedBefore(m policy.Marker, col string, hours int) string
}

// PastWindow renders the condition that holds for the tombstones of soft
// table t whose restore window has ended, on the database's clock; col is
// the marker column as it should appear. It is the complement of
// Restorable's window test, so the expire job and a restore agree at the
// boundary. It is an error when t has no window, d has no Clock or t's
// marker records no deletion time.
func PastWindow(d Dialect, t *policy.Table, col string) (string, error) {
	c, ok := d.(Clock)
	if t.RestoreWindow.IsZero() || !ok || t.Marker == policy.Flag {
		return "", fmt.Errorf("the restore window of %s cannot be measured in %s", t.Name, d.Name())
	}
	return Predicate(t.Marker, col, false) + " AND " + c.DeletedBefore(t.Marker, col, t.RestoreWindow.Hours()), nil
}

// Restorable renders the condition that holds for the rows of soft table t
// a restore may reach: live rows, and tombstones inside t's restore window
// by the database's clock; col is the marker column as it should appear.
// It is "" when t has no window, and an error when d has no Clock or t's
// marker records no deletion time (a flag, which a policy with a window
// refuses when it loads).
func Restorable(d Dialect, t *policy.Table, col string) (string, error) {
	if t.RestoreWindow.IsZero() {
		return "", nil
	}
	c, ok := d.(Clock)
	if !ok || t.Marker == policy.Flag {
		return "", fmt.Errorf("the restore window of %s cannot be measured in %s", t.Name, d.Name())
	}
	return "(" + Predicate(t.Marker, col, true) + " OR " + c.DeletedWithin(t.Marker, col, t.RestoreWindow.Hours()) + ")", nil
}

// restoresPastWindow reports whether reference r is an UPDATE that could
// bring back a tombstone past its table's restore window: it assigns the
// marker (a restore, or a new deletion time that would reopen the window)
// in a scope that shows tombstones. Such an UPDATE only reaches rows that
// Restorable holds for.
func (d *decider) restoresPastWindow(r *Ref, vis Visibility) bool {
	return vis != Live && !r.table.RestoreWindow.IsZero() && d.setsMarker(r)
}

// needed renders the predicate of one need for r.
func (d *decider) needed(r *Ref, n need, qualified bool) string {
	if !n.window {
		return d.predicate(r, n.live, qualified)
	}
	col := d.rw.dialect.Quote(r.table.Column)
	if qualified {
		col = r.Qualifier + "." + col
	}
	pred, err := Restorable(d.rw.dialect, r.table, col)
	if err != nil {
		// Fail closed: without the window's test the UPDATE could restore
		// any tombstone.
		d.refuse(ErrRefused, r.table, r.Pos, "UPDATE refused: it sets the tombstone column of %s in a scope that shows tombstones, and %v", r.table.Name, err)
		return "FALSE"
	}
	return pred
}

// hasWindow reports whether clause c already holds r's window test as a
// top-level AND term, as a rewrite leaves it (rewriting a rewrite changes
// nothing). It is conservative: besides the test itself and quoted text
// without backslashes, the condition must hold no comment, dollar quote or
// bracket, and at depth 0 no OR, XOR, ||, BETWEEN (whose AND would take
// the test as its bound) or CASE (whose branches may hold ANDs); anything
// else gets the test again, which is only redundant.
func (d *decider) hasWindow(c *Clause, r *Ref) bool {
	if c.Cond.Empty() {
		return false
	}
	pred := d.needed(r, need{window: true}, !c.Unqualified)
	cond := d.plan.SQL[c.Cond.Start:c.Cond.End]
	if !strings.Contains(cond, pred) {
		return false
	}
	// The test becomes a mark, \x00, that no SQL text holds.
	cond = strings.ReplaceAll(cond, pred, "\x00")
	depth := 0
	var top strings.Builder
	for i := 0; i < len(cond); i++ {
		switch b := cond[i]; b {
		case '\'', '"', '`':
			// A quoted string or name, doubled quotes inside; one with a
			// backslash (an escape in MySQL) is not followed.
			j := i + 1
			for ; j < len(cond); j++ {
				if cond[j] == '\\' {
					return false
				}
				if cond[j] == b {
					if j+1 < len(cond) && cond[j+1] == b {
						j++
						continue
					}
					break
				}
			}
			if j >= len(cond) {
				return false
			}
			if depth == 0 {
				top.WriteString(" q ")
			}
			i = j
			continue
		case '[', ']', '#', '\\', ';':
			return false
		case '-', '/':
			if i+1 < len(cond) && (cond[i+1] == b || cond[i+1] == '*') {
				return false
			}
		case '$':
			if i+1 >= len(cond) || cond[i+1] < '0' || cond[i+1] > '9' {
				return false
			}
		case '(':
			depth++
			continue
		case ')':
			if depth--; depth < 0 {
				return false
			}
			continue
		}
		if depth == 0 {
			top.WriteByte(lowerASCII(cond[i]))
		}
	}
	if depth != 0 {
		return false
	}
	text := top.String()
	for _, w := range strings.FieldsFunc(text, func(r rune) bool { return !(r == '_' || r == '|' || r >= 'a' && r <= 'z' || r >= '0' && r <= '9') }) {
		switch w {
		case "or", "xor", "between", "case", "when", "then", "else", "end":
			return false
		}
		if strings.Contains(w, "||") {
			return false
		}
	}
	// A mark at depth 0 between ANDs (or the condition's ends) is a term.
	for _, term := range strings.Split(text, " and ") {
		if term == "\x00" {
			return true
		}
	}
	return false
}
