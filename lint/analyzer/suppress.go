package analyzer

import (
	"go/ast"
	"go/token"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/tombstone-sql/tombstone/lint"
)

// suppression is one //tombstone:ignore comment.
type suppression struct {
	*lint.Suppression
	file string
	line int
	// alone is set when no code precedes the comment on its line: then it
	// covers the line below it too.
	alone    bool
	pos, end token.Pos
}

func (r *reporter) collectSuppressions() {
	for _, f := range r.pass.Files {
		var starts map[int]token.Pos // first code on each line, made on demand
		for _, cg := range f.Comments {
			for _, c := range cg.List {
				rest, ok := strings.CutPrefix(c.Text, lint.IgnoreGo)
				if !ok || rest != "" && rest[0] != ' ' && rest[0] != '\t' {
					continue
				}
				if starts == nil {
					starts = r.codeStarts(f)
				}
				p := r.pass.Fset.Position(c.Pos())
				first, code := starts[p.Line]
				r.sups = append(r.sups, &suppression{Suppression: lint.ParseDirective(rest), file: p.Filename, line: p.Line,
					alone: !code || first > c.Pos(), pos: c.Pos(), end: c.End()})
			}
		}
	}
}

// codeStarts returns where the code of each line of a file starts: the
// first position on the line where a node (not a comment) starts or ends.
// Every token of Go code begins or ends some node.
func (r *reporter) codeStarts(f *ast.File) map[int]token.Pos {
	starts := map[int]token.Pos{}
	mark := func(p token.Pos) {
		if !p.IsValid() {
			return
		}
		line := r.pass.Fset.Position(p).Line
		if s, ok := starts[line]; !ok || p < s {
			starts[line] = p
		}
	}
	ast.Inspect(f, func(n ast.Node) bool {
		switch n.(type) {
		case nil, *ast.CommentGroup, *ast.Comment:
			return false
		case *ast.File:
			mark(n.(*ast.File).Package)
			return true
		}
		mark(n.Pos())
		mark(n.End() - 1)
		return true
	})
	return starts
}

// suppressed returns the suppression of rule for a call, or nil: a comment
// on a line of the call, or alone on the line above it.
func (r *reporter) suppressed(rule *lint.Rule, call *ast.CallExpr) *suppression {
	start, end := r.pass.Fset.Position(call.Pos()), r.pass.Fset.Position(call.End())
	for _, s := range r.sups {
		if s.Rule != rule || s.file != start.Filename {
			continue
		}
		if s.line >= start.Line && s.line <= end.Line || s.alone && s.line == start.Line-1 {
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
