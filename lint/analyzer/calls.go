package analyzer

import (
	"go/ast"
	"go/types"
	"strings"

	"github.com/tombstone-sql/tombstone/lint"
)

// calls finds the SQL argument of calls into database/sql, pgx and sqlx:
// direct calls, calls through an interface those types implement (sqlc's
// DBTX), method values and method expressions.
type calls struct {
	pkg  *types.Package
	info *types.Info
	// once holds the variables assigned once, where they are declared;
	// a method value held in one is called like the method.
	once map[*types.Var]ast.Expr
	// impl caches the library method behind an interface method, nil when
	// no library type implements the interface.
	impl map[*types.Func]*types.Func
	// lib holds the library types present in the package's imports that an
	// interface may stand for, in the order they are tried.
	lib []types.Type
}

// libTypes are the types whose query methods are known, by package path
// and name; ptr says the methods are on the pointer.
var libTypes = []struct {
	pkg, name string
	ptr       bool
}{
	{"database/sql", "DB", true},
	{"database/sql", "Tx", true},
	{"database/sql", "Conn", true},
	{"github.com/jmoiron/sqlx", "DB", true},
	{"github.com/jmoiron/sqlx", "Tx", true},
	{"github.com/jackc/pgx/v5", "Conn", true},
	{"github.com/jackc/pgx/v5", "Tx", false},
	{"github.com/jackc/pgx/v5/pgxpool", "Pool", true},
	{"github.com/jackc/pgx/v5/pgxpool", "Conn", true},
	{"github.com/jackc/pgx/v4", "Conn", true},
	{"github.com/jackc/pgx/v4", "Tx", false},
	{"github.com/jackc/pgx/v4/pgxpool", "Pool", true},
}

func newCalls(pkg *types.Package, info *types.Info, once map[*types.Var]ast.Expr) *calls {
	c := &calls{pkg: pkg, info: info, once: once, impl: map[*types.Func]*types.Func{}}
	imported := map[string]*types.Package{}
	var visit func(p *types.Package)
	visit = func(p *types.Package) {
		if imported[p.Path()] != nil {
			return
		}
		imported[p.Path()] = p
		for _, q := range p.Imports() {
			visit(q)
		}
	}
	visit(pkg)
	for _, lt := range libTypes {
		p := imported[lt.pkg]
		if p == nil {
			continue
		}
		tn, ok := p.Scope().Lookup(lt.name).(*types.TypeName)
		if !ok {
			continue
		}
		t := tn.Type()
		if lt.ptr {
			t = types.NewPointer(t)
		}
		c.lib = append(c.lib, t)
	}
	return c
}

// sqlArg returns the SQL argument of a call to a database/sql, pgx or
// sqlx query, exec or prepare method (or sqlx function), and how its
// parameters are written; nil when the call is none of these.
func (c *calls) sqlArg(call *ast.CallExpr) (ast.Expr, lint.Bindvars) {
	fn, shift := c.callee(call.Fun)
	if fn == nil {
		return nil, lint.DialectBindvars
	}
	fn = c.library(fn)
	b, ok := sqlFunc(fn)
	if !ok {
		return nil, b
	}
	sig := fn.Type().(*types.Signature)
	pkg, name := fn.Pkg().Path(), fn.Name()
	idx := -1
	for i := 0; i < sig.Params().Len(); i++ {
		if b, ok := sig.Params().At(i).Type().(*types.Basic); ok && b.Kind() == types.String {
			idx = i
			// pgx's Prepare(ctx, name, sql): the SQL is the last string.
			if !(name == "Prepare" && strings.HasPrefix(pkg, "github.com/jackc/pgx/")) {
				break
			}
		}
	}
	if idx < 0 || sig.Variadic() && idx == sig.Params().Len()-1 || idx+shift >= len(call.Args) {
		return nil, b
	}
	return call.Args[idx+shift], b
}

// callee returns the function or method a call expression calls, and how
// many arguments come before the method's own: 1 for a method expression
// ((*sql.DB).Query(db, …)), whose receiver is the first argument.
func (c *calls) callee(fun ast.Expr) (*types.Func, int) {
	switch f := ast.Unparen(fun).(type) {
	case *ast.SelectorExpr:
		if sel, ok := c.info.Selections[f]; ok {
			fn, _ := sel.Obj().(*types.Func)
			switch sel.Kind() {
			case types.MethodVal:
				return fn, 0
			case types.MethodExpr:
				return fn, 1
			}
			return nil, 0
		}
		fn, _ := c.info.Uses[f.Sel].(*types.Func) // pkg.Func
		return fn, 0
	case *ast.Ident:
		switch o := c.info.Uses[f].(type) {
		case *types.Func:
			return o, 0
		case *types.Var:
			// A method value or expression in a variable assigned once:
			// f := db.QueryContext; f(ctx, "…").
			if e := c.once[o]; e != nil {
				if sel, ok := ast.Unparen(e).(*ast.SelectorExpr); ok && c.info.Selections[sel] != nil {
					return c.callee(sel)
				}
			}
		}
	}
	return nil, 0
}

// library returns the library method behind a method of an interface
// that a library type implements (type DBTX interface{ Exec(…) … },
// implemented by *sql.DB or *pgx.Conn), or fn itself.
func (c *calls) library(fn *types.Func) *types.Func {
	sig := fn.Type().(*types.Signature)
	if sig.Recv() == nil || fn.Pkg() == nil || known(fn.Pkg().Path()) {
		return fn
	}
	iface, ok := sig.Recv().Type().Underlying().(*types.Interface)
	if !ok {
		return fn
	}
	if m, ok := c.impl[fn]; ok {
		if m == nil {
			return fn
		}
		return m
	}
	c.impl[fn] = nil
	for _, t := range c.lib {
		if !types.Implements(t, iface) {
			continue
		}
		obj, _, _ := types.LookupFieldOrMethod(t, true, nil, fn.Name())
		if m, ok := obj.(*types.Func); ok {
			c.impl[fn] = m
			return m
		}
	}
	return fn
}

// known reports whether a package is one whose query functions sqlFunc
// knows.
func known(pkg string) bool {
	return pkg == "database/sql" || pkg == "github.com/jmoiron/sqlx" || strings.HasPrefix(pkg, "github.com/jackc/pgx/")
}

// sqlFunc reports whether fn takes SQL text, and how its parameters are
// written.
func sqlFunc(fn *types.Func) (lint.Bindvars, bool) {
	if fn.Pkg() == nil {
		return lint.DialectBindvars, false
	}
	pkg, name := fn.Pkg().Path(), fn.Name()
	switch {
	case pkg == "database/sql":
		switch name {
		case "Exec", "ExecContext", "Query", "QueryContext", "QueryRow", "QueryRowContext", "Prepare", "PrepareContext":
			return lint.DialectBindvars, true
		}
	case strings.HasPrefix(pkg, "github.com/jackc/pgx/"):
		switch name {
		case "Exec", "Query", "QueryRow", "Prepare", "Queue", "ExecParams":
			return lint.DialectBindvars, true
		}
	case pkg == "github.com/jmoiron/sqlx":
		switch name {
		case "Exec", "ExecContext", "Query", "QueryContext", "QueryRow", "QueryRowContext", "Prepare", "PrepareContext",
			"Select", "SelectContext", "Get", "GetContext", "Queryx", "QueryxContext", "QueryRowx", "QueryRowxContext",
			"MustExec", "MustExecContext", "Preparex", "PreparexContext":
			return lint.DialectBindvars, true
		case "NamedExec", "NamedExecContext", "NamedQuery", "NamedQueryContext", "PrepareNamed", "PrepareNamedContext",
			"Named", "BindNamed":
			// :name parameters, bound by sqlx.
			return lint.NamedBindvars, true
		case "In", "Rebind":
			// ? parameters in every dialect, rebound by sqlx.
			return lint.QuestionBindvars, true
		}
	}
	return lint.DialectBindvars, false
}
