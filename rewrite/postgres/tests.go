package postgres

import (
	pg "github.com/pganalyze/pg_query_go/v5"

	"github.com/tombstone-sql/tombstone/rewrite"
)

// tests returns the column tests among a condition's top-level AND terms:
// the forms a live or tombstone restriction takes. Tests before the first
// term that is not one are Leading; only is set when every term is one.
func tests(n *pg.Node) (out []rewrite.Test, only bool) {
	lead := true
	var visit func(n *pg.Node)
	visit = func(n *pg.Node) {
		if b := n.GetBoolExpr(); b != nil && b.Boolop == pg.BoolExprType_AND_EXPR {
			for _, a := range b.Args {
				visit(a)
			}
			return
		}
		t, ok := test(n)
		if !ok {
			lead = false
			return
		}
		t.Leading = lead
		out = append(out, t)
	}
	if n != nil {
		visit(n)
	}
	return out, lead
}

func test(n *pg.Node) (rewrite.Test, bool) {
	switch x := n.Node.(type) {
	case *pg.Node_NullTest:
		if q, c, ok := column(x.NullTest.Arg); ok {
			k := rewrite.IsNull
			if x.NullTest.Nulltesttype == pg.NullTestType_IS_NOT_NULL {
				k = rewrite.IsNotNull
			}
			return rewrite.Test{Qualifier: q, Column: c, Kind: k, NullSafe: k == rewrite.IsNull}, true
		}
	case *pg.Node_BooleanTest:
		if q, c, ok := column(x.BooleanTest.Arg); ok {
			switch x.BooleanTest.Booltesttype {
			case pg.BoolTestType_IS_FALSE, pg.BoolTestType_IS_NOT_TRUE:
				return rewrite.Test{Qualifier: q, Column: c, Kind: rewrite.IsFalse, NullSafe: x.BooleanTest.Booltesttype == pg.BoolTestType_IS_NOT_TRUE}, true
			case pg.BoolTestType_IS_TRUE:
				return rewrite.Test{Qualifier: q, Column: c, Kind: rewrite.IsTrue}, true
			}
		}
	case *pg.Node_BoolExpr:
		if x.BoolExpr.Boolop == pg.BoolExprType_NOT_EXPR && len(x.BoolExpr.Args) == 1 {
			if q, c, ok := column(x.BoolExpr.Args[0]); ok {
				return rewrite.Test{Qualifier: q, Column: c, Kind: rewrite.IsFalse}, true
			}
		}
	case *pg.Node_ColumnRef:
		if q, c, ok := column(n); ok {
			return rewrite.Test{Qualifier: q, Column: c, Kind: rewrite.IsTrue}, true
		}
	case *pg.Node_AExpr:
		switch x.AExpr.Kind {
		case pg.A_Expr_Kind_AEXPR_NOT_DISTINCT:
			return notDistinct(x.AExpr)
		case pg.A_Expr_Kind_AEXPR_OP_ANY:
			return zeroArray(x.AExpr)
		}
		return compare(x.AExpr)
	}
	return rewrite.Test{}, false
}

// compare recognizes column = 0, column <> 0, column > 0 and comparisons
// with TRUE, FALSE and 1 that hold only for values of one kind.
func compare(e *pg.A_Expr) (rewrite.Test, bool) {
	if e.Kind != pg.A_Expr_Kind_AEXPR_OP || len(e.Name) != 1 {
		return rewrite.Test{}, false
	}
	op := e.Name[0].GetString_().GetSval()
	q, c, ok := column(e.Lexpr)
	val := e.Rexpr
	if !ok {
		if q, c, ok = column(e.Rexpr); !ok || op == ">" {
			return rewrite.Test{}, false
		}
		val = e.Lexpr
	}
	k := constant(val)
	// PostgreSQL makes c = 0 and c = 1 (not c = TRUE, which it reads as
	// c) an equivalence class and evaluates it after the other terms.
	equality := op == "=" && (k == "0" || k == "1")
	var kind rewrite.TestKind
	switch {
	case op == "=" && k == "0":
		kind = rewrite.IsZero
	case op == "=" && k == "false":
		// Not c <> TRUE: in SQLite (which this adapter also reads) a
		// flag of 2 is a tombstone that <> TRUE lets through.
		kind = rewrite.IsFalse
	case op == "=" && (k == "true" || k == "1"), (op == "<>" || op == "!=") && k == "false":
		kind = rewrite.IsTrue
	case (op == "<>" || op == "!=" || op == ">") && k == "0":
		kind = rewrite.NotZero
	default:
		return rewrite.Test{}, false
	}
	return rewrite.Test{Qualifier: q, Column: c, Kind: kind, Equality: equality}, true
}

// zeroArray recognizes c = ANY ('{0}'), the form of c = 0 that PostgreSQL
// evaluates where it is written (ZeroTest).
func zeroArray(e *pg.A_Expr) (rewrite.Test, bool) {
	if e.Kind != pg.A_Expr_Kind_AEXPR_OP_ANY || len(e.Name) != 1 || e.Name[0].GetString_().GetSval() != "=" {
		return rewrite.Test{}, false
	}
	q, c, ok := column(e.Lexpr)
	if !ok {
		return rewrite.Test{}, false
	}
	if a := e.Rexpr.GetAConst(); a == nil || a.GetSval().GetSval() != "{0}" {
		return rewrite.Test{}, false
	}
	return rewrite.Test{Qualifier: q, Column: c, Kind: rewrite.IsZero}, true
}

// notDistinct recognizes c IS NOT DISTINCT FROM NULL, 0, 1, TRUE or FALSE
// (SQLite's c IS 0 reads the same): unlike =, it is never NULL, and it
// holds for a NULL column only when compared with NULL.
func notDistinct(e *pg.A_Expr) (rewrite.Test, bool) {
	q, c, ok := column(e.Lexpr)
	val := e.Rexpr
	if !ok {
		if q, c, ok = column(e.Rexpr); !ok {
			return rewrite.Test{}, false
		}
		val = e.Lexpr
	}
	if a := val.GetAConst(); a != nil && a.Isnull {
		return rewrite.Test{Qualifier: q, Column: c, Kind: rewrite.IsNull, NullSafe: true}, true
	}
	var kind rewrite.TestKind
	switch constant(val) {
	case "0":
		kind = rewrite.IsZero
	case "false":
		kind = rewrite.IsFalse
	case "1", "true":
		kind = rewrite.IsTrue
	default:
		return rewrite.Test{}, false
	}
	return rewrite.Test{Qualifier: q, Column: c, Kind: kind}, true
}

// constant returns "0", "1", "true" or "false" for a constant that is one,
// cast or not to a number or boolean type (0::bigint, FALSE::boolean).
func constant(n *pg.Node) string {
	if tc := n.GetTypeCast(); tc != nil && tc.Arg != nil && tc.TypeName != nil && len(tc.TypeName.ArrayBounds) == 0 {
		if names := tc.TypeName.Names; len(names) > 0 && castable[names[len(names)-1].GetString_().GetSval()] {
			return constant(tc.Arg)
		}
		return ""
	}
	a := n.GetAConst()
	if a == nil || a.Isnull {
		return ""
	}
	switch v := a.Val.(type) {
	case *pg.A_Const_Ival:
		switch v.Ival.Ival {
		case 0:
			return "0"
		case 1:
			return "1"
		}
	case *pg.A_Const_Boolval:
		if v.Boolval.Boolval {
			return "true"
		}
		return "false"
	}
	return ""
}

// castable names the types a cast of 0, 1, TRUE or FALSE keeps the value
// in: integers, numeric and boolean.
var castable = map[string]bool{
	"int2": true, "int4": true, "int8": true, "smallint": true, "integer": true, "bigint": true, "int": true,
	"numeric": true, "bool": true, "boolean": true,
}

// column returns a column reference's qualifier parts and name.
func column(n *pg.Node) ([]string, string, bool) {
	return columnRef(n.GetColumnRef())
}

// columnRef returns a column reference's qualifier parts and name.
func columnRef(cr *pg.ColumnRef) ([]string, string, bool) {
	if cr == nil || len(cr.Fields) == 0 {
		return nil, "", false
	}
	parts := make([]string, len(cr.Fields))
	for i, f := range cr.Fields {
		s := f.GetString_()
		if s == nil {
			return nil, "", false
		}
		parts[i] = s.Sval
	}
	return parts[:len(parts)-1], parts[len(parts)-1], true
}
