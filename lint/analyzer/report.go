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
	// consts maps a package-level or local constant to the string literal
	// it is declared with, so findings point inside that literal.
	consts map[*types.Const]*ast.BasicLit
	sups   []*suppression
}

// suppression is one //tombstone:ignore comment.
type suppression struct {
	*lint.Suppression
	file string
	line int
	pos  token.Pos
	end  token.Pos
}

func (r *reporter) fileOf(pos token.Pos) *ast.File {
	for _, f := range r.pass.Files {
		if f.FileStart <= pos && pos <= f.FileEnd {
			return f
		}
	}
	return nil
}

func (r *reporter) collectConsts() {
	for _, f := range r.pass.Files {
		ast.Inspect(f, func(n ast.Node) bool {
			vs, ok := n.(*ast.ValueSpec)
			if !ok {
				return true
			}
			for i, name := range vs.Names {
				if i >= len(vs.Values) {
					break
				}
				lit, ok := ast.Unparen(vs.Values[i]).(*ast.BasicLit)
				if !ok || lit.Kind != token.STRING {
					continue
				}
				if c, ok := r.pass.TypesInfo.Defs[name].(*types.Const); ok {
					r.consts[c] = lit
				}
			}
			return true
		})
	}
}

func (r *reporter) collectSuppressions() {
	for _, f := range r.pass.Files {
		for _, cg := range f.Comments {
			for _, c := range cg.List {
				rest, ok := strings.CutPrefix(c.Text, lint.IgnoreGo)
				if !ok || rest != "" && rest[0] != ' ' && rest[0] != '\t' {
					continue
				}
				p := r.pass.Fset.Position(c.Pos())
				r.sups = append(r.sups, &suppression{Suppression: lint.ParseDirective(rest), file: p.Filename, line: p.Line, pos: c.Pos(), end: c.End()})
			}
		}
	}
}

// suppressed returns the suppression of rule for a call, or nil: a comment
// on a line of the call or on the line above it.
func (r *reporter) suppressed(rule *lint.Rule, call *ast.CallExpr) *suppression {
	start, end := r.pass.Fset.Position(call.Pos()), r.pass.Fset.Position(call.End())
	for _, s := range r.sups {
		if s.Rule == rule && s.file == start.Filename && s.line >= start.Line-1 && s.line <= end.Line {
			return s
		}
	}
	return nil
}

func (r *reporter) reportSuppressions() {
	for _, s := range r.sups {
		if rule, msg, ok := r.linter.SuppressionIssue(s.Suppression, "call"); ok {
			r.pass.Report(analysis.Diagnostic{Pos: s.pos, End: s.end, Category: rule.Name, URL: rule.URL(), Message: rule.Code + " " + rule.Name + ": " + msg})
		}
	}
}

// check lints the SQL of one call, if it is a constant.
func (r *reporter) check(call *ast.CallExpr, arg ast.Expr) {
	tv, ok := r.pass.TypesInfo.Types[arg]
	if !ok || tv.Value == nil || tv.Value.Kind() != constant.String {
		return
	}
	sql := constant.StringVal(tv.Value)
	lit := r.literal(arg)
	var m *mapping
	if lit != nil {
		m = newMapping(lit)
		if m != nil && m.value != sql {
			m = nil
		}
	}
	for _, st := range r.linter.Text(sql, r.dialect) {
		if st.Check == nil {
			continue
		}
		var kept []*lint.Issue
		for _, is := range st.Issues {
			if s := r.suppressed(is.Rule, call); s != nil {
				s.Used = true
				continue
			}
			kept = append(kept, is)
		}
		if len(kept) == 0 {
			continue
		}
		fix := r.fix(st, kept, m)
		for _, is := range kept {
			d := analysis.Diagnostic{Pos: arg.Pos(), End: arg.End(), Category: is.Rule.Name, URL: is.Rule.URL(),
				Message: is.Rule.Code + " " + is.Rule.Name + ": " + is.Message}
			if m != nil {
				d.Pos, d.End = m.pos(st.Offset+is.Start), m.pos(st.Offset+is.End)
			}
			if fix != nil {
				d.SuggestedFixes = []analysis.SuggestedFix{*fix}
			}
			r.pass.Report(d)
		}
	}
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

// literal returns the string literal that spells a call's SQL: the
// argument itself, or the declaration of the constant it names.
func (r *reporter) literal(arg ast.Expr) *ast.BasicLit {
	switch x := ast.Unparen(arg).(type) {
	case *ast.BasicLit:
		if x.Kind == token.STRING {
			return x
		}
	case *ast.Ident:
		if c, ok := r.pass.TypesInfo.Uses[x].(*types.Const); ok {
			return r.consts[c]
		}
	case *ast.SelectorExpr:
		if c, ok := r.pass.TypesInfo.Uses[x.Sel].(*types.Const); ok {
			return r.consts[c]
		}
	}
	return nil
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
