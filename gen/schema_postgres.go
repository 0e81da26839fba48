package gen

import (
	"errors"
	"fmt"
	"strings"

	pg "github.com/pganalyze/pg_query_go/v5"
	pgparser "github.com/pganalyze/pg_query_go/v5/parser"
)

// pgNames are PostgreSQL's internal type names as format_type writes
// them (what a live catalog reports), so that Normalize maps both alike.
var pgNames = map[string]string{
	"int8": "bigint", "int4": "integer", "int2": "smallint", "int": "integer",
	"serial": "integer", "serial4": "integer", "bigserial": "bigint", "serial8": "bigint",
	"smallserial": "smallint", "serial2": "smallint",
	"varchar": "character varying", "bpchar": "character", "char": "character",
	"timestamptz": "timestamp with time zone", "timestamp": "timestamp without time zone",
	"timetz": "time with time zone", "time": "time without time zone",
	"bool": "boolean", "float8": "double precision", "float4": "real", "decimal": "numeric",
}

// serials are the serial pseudo-types, NOT NULL integers.
var serials = map[string]bool{"serial": true, "serial4": true, "bigserial": true, "serial8": true, "smallserial": true, "serial2": true}

func postgresFiles(files []SchemaFile) (*Catalog, error) {
	s := &tableSet{dialect: "postgres"}
	for _, f := range files {
		res, err := pg.Parse(f.SQL)
		if err != nil {
			var pe *pgparser.Error
			pos := 0
			if errors.As(err, &pe) && pe.Cursorpos > 0 {
				pos = pe.Cursorpos - 1
			}
			return nil, fmt.Errorf("%w: %s: %v; fix the statement (PostgreSQL's parser reads the file as sqlc does)", ErrSchema, at(f, pos), err)
		}
		for _, raw := range res.Stmts {
			where := at(f, int(raw.StmtLocation)+leadingSpace(f.SQL, int(raw.StmtLocation)))
			if err := s.pgStatement(raw.Stmt, where); err != nil {
				return nil, err
			}
		}
	}
	return s.catalog(), nil
}

// leadingSpace is how many blanks and comment lines come before the
// statement that starts at off, so that its position names its first word.
func leadingSpace(sql string, off int) int {
	n := 0
	for off+n < len(sql) {
		rest := sql[off+n:]
		switch {
		case strings.HasPrefix(rest, "--"):
			i := strings.IndexByte(rest, '\n')
			if i < 0 {
				return n
			}
			n += i + 1
		case rest[0] == ' ' || rest[0] == '\n' || rest[0] == '\t' || rest[0] == '\r':
			n++
		default:
			return n
		}
	}
	return n
}

func pgRelation(rv *pg.RangeVar) (schema, name string) {
	schema = rv.GetSchemaname()
	if schema == "public" {
		schema = ""
	}
	return schema, rv.GetRelname()
}

func (s *tableSet) pgStatement(n *pg.Node, where string) error {
	switch {
	case n.GetCreateStmt() != nil:
		c := n.GetCreateStmt()
		schema, name := pgRelation(c.GetRelation())
		if _, t := s.find(schema, name); t != nil {
			if c.GetIfNotExists() {
				return nil
			}
			return fmt.Errorf("%w: %s: table %s is created twice; drop one CREATE TABLE or say IF NOT EXISTS", ErrSchema, where, name)
		}
		if len(c.GetInhRelations()) > 0 || c.GetPartbound() != nil || c.GetOfTypename() != nil {
			return fmt.Errorf("%w: %s: CREATE TABLE %s takes columns from another table or type (INHERITS, PARTITION OF, OF); the generator reads a table's own column definitions: write them out", ErrSchema, where, name)
		}
		t := &Table{Schema: schema, Name: name}
		var pk []string
		for _, e := range c.GetTableElts() {
			if e.GetTableLikeClause() != nil {
				return fmt.Errorf("%w: %s: CREATE TABLE %s (LIKE …): the generator reads a table's own column definitions: write them out", ErrSchema, where, name)
			}
			if cd := e.GetColumnDef(); cd != nil {
				col, isKey, err := pgColumn(cd, where)
				if err != nil {
					return err
				}
				if isKey {
					pk = append(pk, col.Name)
				}
				t.Columns = append(t.Columns, col)
			}
			if con := e.GetConstraint(); con != nil && con.GetContype() == pg.ConstrType_CONSTR_PRIMARY {
				for _, k := range con.GetKeys() {
					pk = append(pk, k.GetString_().GetSval())
				}
			}
		}
		for _, k := range pk {
			for i := range t.Columns {
				if t.Columns[i].Name == k {
					t.Columns[i].NotNull = true
				}
			}
		}
		s.tables = append(s.tables, t)
	case n.GetAlterTableStmt() != nil:
		a := n.GetAlterTableStmt()
		if a.GetObjtype() != pg.ObjectType_OBJECT_TABLE {
			return nil
		}
		schema, name := pgRelation(a.GetRelation())
		_, t := s.find(schema, name)
		if t == nil {
			if a.GetMissingOk() {
				return nil
			}
			return fmt.Errorf("%w: %s: ALTER TABLE %s: no CREATE TABLE before it creates the table; list the files that create it first in `schema`", ErrSchema, where, name)
		}
		for _, cn := range a.GetCmds() {
			cmd := cn.GetAlterTableCmd()
			switch cmd.GetSubtype() {
			case pg.AlterTableType_AT_AddColumn:
				cd := cmd.GetDef().GetColumnDef()
				if cd == nil {
					continue
				}
				if t.colIndex(cd.GetColname()) >= 0 {
					if cmd.GetMissingOk() {
						continue
					}
					return fmt.Errorf("%w: %s: %s already has a column %s; say ADD COLUMN IF NOT EXISTS or drop the statement", ErrSchema, where, name, cd.GetColname())
				}
				col, isKey, err := pgColumn(cd, where)
				if err != nil {
					return err
				}
				col.NotNull = col.NotNull || isKey
				t.Columns = append(t.Columns, col)
			case pg.AlterTableType_AT_AlterColumnType:
				i := t.colIndex(cmd.GetName())
				cd := cmd.GetDef().GetColumnDef()
				if i < 0 || cd == nil {
					return fmt.Errorf("%w: %s: %s has no column %s to change", ErrSchema, where, name, cmd.GetName())
				}
				cd.Colname = cmd.GetName()
				col, _, err := pgColumn(cd, where)
				if err != nil {
					return err
				}
				col.NotNull = t.Columns[i].NotNull
				t.Columns[i] = col
			case pg.AlterTableType_AT_SetNotNull, pg.AlterTableType_AT_DropNotNull:
				i := t.colIndex(cmd.GetName())
				if i < 0 {
					return fmt.Errorf("%w: %s: %s has no column %s", ErrSchema, where, name, cmd.GetName())
				}
				t.Columns[i].NotNull = cmd.GetSubtype() == pg.AlterTableType_AT_SetNotNull
			case pg.AlterTableType_AT_AddConstraint:
				if con := cmd.GetDef().GetConstraint(); con != nil && con.GetContype() == pg.ConstrType_CONSTR_PRIMARY {
					for _, k := range con.GetKeys() {
						if i := t.colIndex(k.GetString_().GetSval()); i >= 0 {
							t.Columns[i].NotNull = true
						}
					}
				}
			case pg.AlterTableType_AT_DropColumn:
				if i := t.colIndex(cmd.GetName()); i >= 0 {
					t.Columns = append(t.Columns[:i], t.Columns[i+1:]...)
				} else if !cmd.GetMissingOk() {
					return fmt.Errorf("%w: %s: %s has no column %s to drop", ErrSchema, where, name, cmd.GetName())
				}
			}
		}
	case n.GetRenameStmt() != nil:
		r := n.GetRenameStmt()
		if r.GetRelationType() != pg.ObjectType_OBJECT_TABLE && r.GetRenameType() != pg.ObjectType_OBJECT_TABLE {
			return nil
		}
		schema, name := pgRelation(r.GetRelation())
		_, t := s.find(schema, name)
		if t == nil {
			if r.GetMissingOk() {
				return nil
			}
			return fmt.Errorf("%w: %s: ALTER TABLE %s RENAME: no CREATE TABLE before it creates the table", ErrSchema, where, name)
		}
		switch r.GetRenameType() {
		case pg.ObjectType_OBJECT_TABLE:
			t.Name = r.GetNewname()
		case pg.ObjectType_OBJECT_COLUMN:
			i := t.colIndex(r.GetSubname())
			if i < 0 {
				return fmt.Errorf("%w: %s: %s has no column %s to rename", ErrSchema, where, name, r.GetSubname())
			}
			t.Columns[i].Name = r.GetNewname()
		}
	case n.GetDropStmt() != nil:
		d := n.GetDropStmt()
		if d.GetRemoveType() != pg.ObjectType_OBJECT_TABLE {
			return nil
		}
		for _, o := range d.GetObjects() {
			var parts []string
			for _, p := range o.GetList().GetItems() {
				parts = append(parts, p.GetString_().GetSval())
			}
			schema, name := "", ""
			switch len(parts) {
			case 1:
				name = parts[0]
			case 2:
				schema, name = parts[0], parts[1]
				if schema == "public" {
					schema = ""
				}
			}
			if i, _ := s.find(schema, name); i >= 0 {
				s.tables = append(s.tables[:i], s.tables[i+1:]...)
			}
		}
	}
	return nil
}

func (t *Table) colIndex(name string) int {
	for i, c := range t.Columns {
		if c.Name == name {
			return i
		}
	}
	return -1
}

// colIndexFold is colIndex for MySQL, whose column names are not case
// sensitive.
func (t *Table) colIndexFold(name string) int {
	for i, c := range t.Columns {
		if strings.EqualFold(c.Name, name) {
			return i
		}
	}
	return -1
}

// pgColumn is a column definition's Column, and whether it says PRIMARY
// KEY.
func pgColumn(cd *pg.ColumnDef, where string) (Column, bool, error) {
	tn := cd.GetTypeName()
	var names []string
	for _, p := range tn.GetNames() {
		names = append(names, p.GetString_().GetSval())
	}
	if len(names) == 0 {
		return Column{}, false, fmt.Errorf("%w: %s: column %s has no type; give it one", ErrSchema, where, cd.GetColname())
	}
	typ := names[len(names)-1]
	if len(names) == 2 && names[0] != "pg_catalog" {
		typ = names[0] + "." + typ
	}
	if n, ok := pgNames[typ]; ok {
		typ = n
	}
	var mods []string
	for _, m := range tn.GetTypmods() {
		if c := m.GetAConst(); c != nil && c.GetIval() != nil {
			mods = append(mods, fmt.Sprint(c.GetIval().GetIval()))
		}
	}
	if len(mods) > 0 {
		typ += "(" + strings.Join(mods, ",") + ")"
	}
	if len(tn.GetArrayBounds()) > 0 {
		typ += "[]"
	}
	// A serial is NOT NULL, as an identity column is.
	notNull, key := cd.GetIsNotNull() || serials[names[len(names)-1]], false
	for _, c := range cd.GetConstraints() {
		switch c.GetConstraint().GetContype() {
		case pg.ConstrType_CONSTR_NOTNULL, pg.ConstrType_CONSTR_IDENTITY:
			notNull = true
		case pg.ConstrType_CONSTR_PRIMARY:
			notNull, key = true, true
		}
	}
	return column("postgres", cd.GetColname(), typ, notNull), key, nil
}
