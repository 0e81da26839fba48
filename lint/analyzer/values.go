package analyzer

import (
	"go/ast"
	"go/token"
	"go/types"
)

// values finds, in one package, the string literal each constant is
// declared with, and the variables assigned exactly once, where they are
// declared (query := "SELECT …", var query = "…"), and never assigned
// again, incremented or addressed: their value at every use is the one
// they were declared with. Package-level variables count only when
// unexported, since another package may assign an exported one.
type values struct {
	consts map[*types.Const]*ast.BasicLit
	once   map[*types.Var]ast.Expr
}

func collectValues(pkg *types.Package, info *types.Info, files []*ast.File) *values {
	v := &values{consts: map[*types.Const]*ast.BasicLit{}, once: map[*types.Var]ast.Expr{}}
	changed := map[*types.Var]bool{}
	change := func(e ast.Expr) {
		if id, ok := ast.Unparen(e).(*ast.Ident); ok {
			if o, ok := info.Uses[id].(*types.Var); ok {
				changed[o] = true
			}
		}
	}
	for _, f := range files {
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.ValueSpec:
				if len(n.Values) != len(n.Names) {
					return true // var a, b = f()
				}
				for i, name := range n.Names {
					switch o := info.Defs[name].(type) {
					case *types.Const:
						if lit, ok := ast.Unparen(n.Values[i]).(*ast.BasicLit); ok && lit.Kind == token.STRING {
							v.consts[o] = lit
						}
					case *types.Var:
						v.once[o] = n.Values[i]
					}
				}
			case *ast.AssignStmt:
				for i, lhs := range n.Lhs {
					id, ok := lhs.(*ast.Ident)
					if n.Tok == token.DEFINE && ok && info.Defs[id] != nil {
						if o, ok := info.Defs[id].(*types.Var); ok && len(n.Lhs) == len(n.Rhs) {
							v.once[o] = n.Rhs[i]
						}
						continue
					}
					change(lhs)
				}
			case *ast.IncDecStmt:
				change(n.X)
			case *ast.RangeStmt:
				if n.Tok == token.ASSIGN {
					if n.Key != nil {
						change(n.Key)
					}
					if n.Value != nil {
						change(n.Value)
					}
				}
			case *ast.UnaryExpr:
				if n.Op == token.AND {
					change(n.X)
				}
			}
			return true
		})
	}
	for o := range v.once {
		if changed[o] || o.Parent() == pkg.Scope() && o.Exported() {
			delete(v.once, o)
		}
	}
	return v
}

// object returns the constant or variable an expression names, if it is a
// constant of the package or a variable assigned once.
func (v *values) object(info *types.Info, e ast.Expr) types.Object {
	var id *ast.Ident
	switch x := ast.Unparen(e).(type) {
	case *ast.Ident:
		id = x
	case *ast.SelectorExpr:
		id = x.Sel
	default:
		return nil
	}
	switch o := info.Uses[id].(type) {
	case *types.Const:
		if v.consts[o] != nil {
			return o
		}
	case *types.Var:
		if v.once[o] != nil {
			return o
		}
	}
	return nil
}

// literal returns the string literal that spells the value of a constant
// or a variable assigned once, or nil.
func (v *values) literal(o types.Object) *ast.BasicLit {
	switch o := o.(type) {
	case *types.Const:
		return v.consts[o]
	case *types.Var:
		if lit, ok := ast.Unparen(v.once[o]).(*ast.BasicLit); ok && lit.Kind == token.STRING {
			return lit
		}
	}
	return nil
}
