package mysql

import "github.com/tombstone-sql/tombstone/rewrite"

// tests returns the column tests among the top-level AND terms of the
// condition in tokens [a, b): the forms a live or tombstone restriction
// takes. A condition with OR or XOR at the top has no AND terms; a
// parenthesized term's own AND terms count. Tests before the first term
// that is not one are Leading; only is set when every term is one.
func (w *walker) tests(a, b int) (out []rewrite.Test, only bool) {
	return w.andTests(a, b, true)
}

// andTests is tests for terms that are Leading while lead holds; it also
// returns whether lead still holds after them.
func (w *walker) andTests(a, b int, lead bool) ([]rewrite.Test, bool) {
	d := w.lx.t[a].depth
	var out []rewrite.Test
	caseDepth, between := 0, 0
	start := a
	for i := a; i <= b; i++ {
		if i < b {
			t := w.lx.t[i]
			if t.match > i {
				i = t.match
				continue
			}
			if t.depth != d {
				continue
			}
			switch {
			case w.kwAny(i, "OR", "XOR") || w.op(i, "||") || w.op(i, ":="):
				return nil, false
			case w.kw(i, "CASE"):
				caseDepth++
				continue
			case w.kw(i, "END") && caseDepth > 0:
				caseDepth--
				continue
			case caseDepth > 0:
				continue
			case w.kw(i, "BETWEEN"):
				between++
				continue
			case w.kw(i, "AND") && between > 0:
				between--
				continue
			case !w.kw(i, "AND") && !w.op(i, "&&"):
				continue
			}
		}
		if caseDepth == 0 {
			if start < i-1 && w.op(start, "(") && w.lx.t[start].match == i-1 && w.group(start+1, i-1) {
				// (a AND b) AND c: the group's terms are top-level terms too.
				var ts []rewrite.Test
				ts, lead = w.andTests(start+1, i-1, lead)
				out = append(out, ts...)
			} else if t, ok := w.test(start, i); ok {
				t.Leading = lead
				out = append(out, t)
			} else {
				lead = false
			}
		}
		start = i + 1
	}
	return out, lead
}

// test recognizes one term in tokens [a, b).
func (w *walker) test(a, b int) (rewrite.Test, bool) {
	n := b - a
	if n <= 0 {
		return rewrite.Test{}, false
	}
	// NOT c, ! c: like c = 0, MariaDB evaluates it late (Equality).
	if w.kw(a, "NOT") || w.op(a, "!") {
		if q, c, ok := w.column(a+1, b); ok {
			return rewrite.Test{Qualifier: q, Column: c, Kind: rewrite.IsFalse, Equality: true}, true
		}
		return rewrite.Test{}, false
	}
	// c
	if q, c, ok := w.column(a, b); ok {
		return rewrite.Test{Qualifier: q, Column: c, Kind: rewrite.IsTrue, Equality: true}, true
	}
	// c IS [NOT] NULL|TRUE|FALSE
	if n >= 3 && (w.kw(b-1, "NULL") || w.kwAny(b-1, "TRUE", "FALSE")) {
		not := w.kw(b-2, "NOT")
		is := b - 2
		if not {
			is--
		}
		if w.kw(is, "IS") {
			q, c, ok := w.column(a, is)
			if !ok {
				return rewrite.Test{}, false
			}
			var k rewrite.TestKind
			val := w.lx.t[b-1].up
			switch {
			case val == "NULL" && !not:
				k = rewrite.IsNull
			case val == "NULL":
				k = rewrite.IsNotNull
			case val == "TRUE" && !not:
				k = rewrite.IsTrue
			case val == "FALSE" && !not, val == "TRUE":
				k = rewrite.IsFalse
			default:
				return rewrite.Test{}, false
			}
			// IS NULL and IS NOT TRUE hold for NULL.
			return rewrite.Test{Qualifier: q, Column: c, Kind: k, NullSafe: val == "NULL" && !not || val == "TRUE" && not}, true
		}
	}
	// ISNULL(c)
	if n >= 4 && w.kw(a, "ISNULL") && w.op(a+1, "(") && w.lx.t[a].end == w.lx.t[a+1].start && w.op(b-1, ")") {
		if q, c, ok := w.column(a+2, b-1); ok {
			return rewrite.Test{Qualifier: q, Column: c, Kind: rewrite.IsNull, NullSafe: true}, true
		}
		return rewrite.Test{}, false
	}
	// c <=> NULL, c <=> 0, c <=> 1 (never NULL itself)
	for i := a + 1; i < b; i++ {
		if t := w.lx.t[i]; t.kind != op || t.depth != w.lx.t[a].depth || t.up != "<=>" {
			continue
		}
		q, c, ok := w.column(a, i)
		val, vb := i+1, b
		if !ok {
			if q, c, ok = w.column(i+1, b); !ok {
				return rewrite.Test{}, false
			}
			val, vb = a, i
		}
		if vb-val == 1 && w.kw(val, "NULL") {
			return rewrite.Test{Qualifier: q, Column: c, Kind: rewrite.IsNull, NullSafe: true}, true
		}
		switch w.constant(val, vb) {
		case "0":
			return rewrite.Test{Qualifier: q, Column: c, Kind: rewrite.IsZero}, true
		case "1":
			return rewrite.Test{Qualifier: q, Column: c, Kind: rewrite.IsTrue}, true
		}
		return rewrite.Test{}, false
	}
	// c op constant, constant op c
	for i := a + 1; i < b; i++ {
		t := w.lx.t[i]
		if t.kind != op || t.depth != w.lx.t[a].depth {
			continue
		}
		switch t.up {
		case "=", "<>", "!=", ">", "<":
		default:
			continue
		}
		o := t.up
		q, c, ok := w.column(a, i)
		val := w.constant(i+1, b)
		if !ok {
			if q, c, ok = w.column(i+1, b); !ok {
				return rewrite.Test{}, false
			}
			val = w.constant(a, i)
			switch o {
			case ">":
				return rewrite.Test{}, false
			case "<":
				o = ">"
			}
		} else if o == "<" {
			return rewrite.Test{}, false
		}
		var k rewrite.TestKind
		switch {
		case o == "=" && val == "0":
			k = rewrite.IsZero
		case o == "=" && val == "1":
			k = rewrite.IsTrue
		// Not c <> 1: a flag of 2 is a tombstone (2 IS TRUE) that it
		// lets through.
		case (o == "<>" || o == "!=" || o == ">") && val == "0":
			k = rewrite.NotZero
		default:
			return rewrite.Test{}, false
		}
		return rewrite.Test{Qualifier: q, Column: c, Kind: k, Equality: o == "="}, true
	}
	return rewrite.Test{}, false
}

// constant returns "0" or "1" when tokens [a, b) are that number or FALSE
// or TRUE, which MySQL reads as 0 and 1.
func (w *walker) constant(a, b int) string {
	if b-a != 1 {
		return ""
	}
	t := w.lx.t[a]
	switch {
	case t.kind == number && w.lx.src[t.start:t.end] == "0", w.kw(a, "FALSE"):
		return "0"
	case t.kind == number && w.lx.src[t.start:t.end] == "1", w.kw(a, "TRUE"):
		return "1"
	}
	return ""
}

// column recognizes a column reference [[schema.]table.]column in tokens
// [a, b), with its qualifier parts as the server reads them.
func (w *walker) column(a, b int) ([]string, string, bool) {
	n := b - a
	if n != 1 && n != 3 && n != 5 {
		return nil, "", false
	}
	var parts []string
	for i := a; i < b; i += 2 {
		if !w.isName(i) || i+1 < b && !w.op(i+1, ".") {
			return nil, "", false
		}
		parts = append(parts, w.lx.name(i))
	}
	return parts[:len(parts)-1], parts[len(parts)-1], true
}

// group reports whether tokens [a, b), the inside of parentheses, are a
// condition: not a subquery and not a row of values.
func (w *walker) group(a, b int) bool {
	if a >= b || w.kwAny(a, "SELECT", "WITH", "VALUES", "TABLE") {
		return false
	}
	return w.find(a, b, w.lx.t[a].depth, func(j int) bool { return w.op(j, ",") }) == b
}
