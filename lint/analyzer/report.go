package analyzer

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"strconv"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/tombstone-sql/tombstone/lint"
	"github.com/tombstone-sql/tombstone/rewrite"
)

// reporter checks the calls of one package.
type reporter struct {
	pass    *analysis.Pass
	linter  *lint.Linter
	dialect rewrite.Dialect
	values  *values
	calls   *calls
	sups    []*suppression
	// found holds the diagnostics, in the order of the calls, until every
	// use of each constant is known.
	found []*found
	// uses holds, for each constant or variable whose declaration holds
	// SQL, the fix of every call that takes it as its SQL argument.
	uses map[types.Object][][]analysis.TextEdit
	// suppressedDiags are the diagnostics suppressions hid.
	suppressedDiags []Suppressed
	// tables names the table of each diagnostic.
	tables map[Key]string
}

// found is one diagnostic and the fix it may carry.
type found struct {
	diag analysis.Diagnostic
	fix  *analysis.SuggestedFix
	// obj is the constant or variable whose declaration holds the SQL the
	// fix edits, or nil when the call's argument is the literal itself.
	obj types.Object
}

func newReporter(pass *analysis.Pass, l *lint.Linter, d rewrite.Dialect) *reporter {
	v := collectValues(pass.Pkg, pass.TypesInfo, pass.Files)
	r := &reporter{pass: pass, linter: l, dialect: d, values: v, calls: newCalls(pass.Pkg, pass.TypesInfo, v.once), uses: map[types.Object][][]analysis.TextEdit{}}
	r.collectSuppressions()
	return r
}

func (r *reporter) fileOf(pos token.Pos) *ast.File {
	for _, f := range r.pass.Files {
		if f.FileStart <= pos && pos <= f.FileEnd {
			return f
		}
	}
	return nil
}

// sql returns the constant SQL of a call's argument, and the constant or
// variable it names, if any.
func (r *reporter) sql(arg ast.Expr) (string, types.Object, bool) {
	info := r.pass.TypesInfo
	obj := r.values.object(info, arg)
	if tv, ok := info.Types[arg]; ok && tv.Value != nil {
		if tv.Value.Kind() != constant.String {
			return "", nil, false
		}
		return constant.StringVal(tv.Value), obj, true
	}
	if v, ok := obj.(*types.Var); ok {
		if tv, ok := info.Types[r.values.once[v]]; ok && tv.Value != nil && tv.Value.Kind() == constant.String {
			return constant.StringVal(tv.Value), obj, true
		}
	}
	return "", nil, false
}

// check lints the SQL of one call, if it is constant.
func (r *reporter) check(call *ast.CallExpr, arg ast.Expr, b lint.Bindvars) {
	sql, obj, ok := r.sql(arg)
	if !ok {
		return
	}
	lit, _ := ast.Unparen(arg).(*ast.BasicLit)
	if obj != nil {
		lit = r.values.literal(obj)
	}
	var m *mapping
	if lit != nil && lit.Kind == token.STRING {
		if m = newMapping(lit); m != nil && m.value != sql {
			m = nil
		}
	}
	var edits []analysis.TextEdit
	for _, st := range r.linter.TextBindvars(sql, r.dialect, b) {
		if st.Check == nil {
			continue
		}
		var kept []*lint.Issue
		for _, is := range st.Issues {
			if s := r.suppressed(is.Rule, call); s != nil {
				s.Used = true
				r.suppressedDiags = append(r.suppressedDiags, Suppressed{Diagnostic: r.diagnostic(is, arg, st, m), Reason: s.Reason})
				continue
			}
			kept = append(kept, is)
		}
		if len(kept) == 0 {
			continue
		}
		fix := r.fix(st, kept, m)
		if fix != nil {
			edits = append(edits, fix.TextEdits...)
		}
		for _, is := range kept {
			r.found = append(r.found, &found{diag: r.diagnostic(is, arg, st, m), fix: fix, obj: obj})
		}
	}
	if obj != nil {
		r.uses[obj] = append(r.uses[obj], edits)
	}
}

// diagnostic is the diagnostic of one issue of a statement in the SQL
// argument arg: at the issue's place inside the literal where the literal
// maps back byte for byte, at the argument otherwise.
func (r *reporter) diagnostic(is *lint.Issue, arg ast.Expr, st lint.Statement, m *mapping) analysis.Diagnostic {
	d := analysis.Diagnostic{Pos: arg.Pos(), End: arg.End(), Category: is.Rule.Name, URL: is.Rule.URL(),
		Message: is.Rule.Code + " " + is.Rule.Name + ": " + is.Message}
	if m != nil {
		d.Pos, d.End = m.pos(st.Offset+is.Start), m.pos(st.Offset+is.End)
	}
	if is.Table != "" {
		if r.tables == nil {
			r.tables = map[Key]string{}
		}
		r.tables[Key{d.Pos, d.End, d.Message}] = is.Table
	}
	return d
}

// report reports what check found. A fix at the declaration of a constant
// or variable changes every use of it: it is offered only when the name is
// not exported and every use is the SQL argument of a call that gets the
// same fix. A diagnostic found at one place by several calls is reported
// once.
func (r *reporter) report() {
	count := map[types.Object]int{}
	for _, o := range r.pass.TypesInfo.Uses {
		if r.uses[o] != nil {
			count[o]++
		}
	}
	fixable := func(o types.Object) bool {
		if o == nil {
			return true
		}
		if o.Parent() == r.pass.Pkg.Scope() && o.Exported() {
			return false
		}
		us := r.uses[o]
		if len(us) != count[o] {
			return false
		}
		for _, u := range us[1:] {
			if !sameEdits(u, us[0]) {
				return false
			}
		}
		return true
	}
	type key struct {
		pos, end token.Pos
		msg      string
	}
	seen := map[key]bool{}
	for _, f := range r.found {
		d := f.diag
		k := key{d.Pos, d.End, d.Message}
		if seen[k] {
			continue
		}
		seen[k] = true
		if f.fix != nil && fixable(f.obj) {
			d.SuggestedFixes = []analysis.SuggestedFix{*f.fix}
		}
		r.pass.Report(d)
	}
}

func sameEdits(a, b []analysis.TextEdit) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i].Pos != b[i].Pos || a[i].End != b[i].End || string(a[i].NewText) != string(b[i].NewText) {
			return false
		}
	}
	return true
}

// fix returns the edits that fix the kept issues of one statement: the
// same fix for each of them, so applying all of them applies it once.
func (r *reporter) fix(st lint.Statement, kept []*lint.Issue, m *mapping) *analysis.SuggestedFix {
	if m == nil {
		return nil
	}
	in := map[*lint.Issue]bool{}
	for _, is := range kept {
		in[is] = true
	}
	_, edits, ok := st.Fix(func(is *lint.Issue) bool { return in[is] })
	if !ok || len(edits) == 0 {
		return nil
	}
	f := &analysis.SuggestedFix{Message: "Apply tombstone's fix to the SQL"}
	for _, e := range edits {
		text, ok := m.escape(e.Text)
		if !ok {
			return nil
		}
		f.TextEdits = append(f.TextEdits, analysis.TextEdit{Pos: m.pos(st.Offset + e.Start), End: m.pos(st.Offset + e.End), NewText: []byte(text)})
	}
	return f
}

// mapping maps byte offsets of a string literal's value to positions in
// the source.
type mapping struct {
	lit   *ast.BasicLit
	raw   bool
	value string
	// at[i] is the offset in the literal's source text of value byte i;
	// at[len(value)] is the closing quote's.
	at []int
}

func newMapping(lit *ast.BasicLit) *mapping {
	src := lit.Value
	if len(src) < 2 {
		return nil
	}
	m := &mapping{lit: lit, raw: src[0] == '`'}
	var b strings.Builder
	if m.raw {
		for i := 1; i < len(src)-1; i++ {
			if src[i] == '\r' { // raw strings drop carriage returns
				continue
			}
			b.WriteByte(src[i])
			m.at = append(m.at, i)
		}
	} else {
		s := src[1 : len(src)-1]
		off := 1
		for len(s) > 0 {
			r, multibyte, tail, err := strconv.UnquoteChar(s, '"')
			if err != nil {
				return nil
			}
			n := len(s) - len(tail)
			var enc string
			if r < 0x80 || multibyte {
				enc = string(r)
			} else {
				enc = string([]byte{byte(r)})
			}
			for k := 0; k < len(enc); k++ {
				m.at = append(m.at, off)
			}
			b.WriteString(enc)
			off += n
			s = tail
		}
	}
	m.at = append(m.at, len(src)-1)
	m.value = b.String()
	return m
}

func (m *mapping) pos(off int) token.Pos {
	if off < 0 {
		off = 0
	}
	if off >= len(m.at) {
		off = len(m.at) - 1
	}
	return m.lit.Pos() + token.Pos(m.at[off])
}

// escape returns text as it must be written inside the literal.
func (m *mapping) escape(text string) (string, bool) {
	if m.raw {
		return text, !strings.ContainsAny(text, "`\r")
	}
	q := strconv.Quote(text)
	return q[1 : len(q)-1], true
}
