package gen

import (
	"fmt"
	"strings"

	"github.com/pingcap/tidb/pkg/parser"
	"github.com/pingcap/tidb/pkg/parser/ast"
)

func mysqlFiles(files []SchemaFile) (*Catalog, error) {
	s := &tableSet{dialect: "mysql"}
	p := parser.New()
	for _, f := range files {
		stmts, _, err := p.Parse(f.SQL, "", "")
		if err != nil {
			// The TiDB parser's message says "line L column C near …".
			return nil, fmt.Errorf("%w: %s: %s; fix the statement (the TiDB parser reads the file as sqlc does)", ErrSchema, f.Path, oneLine(err.Error()))
		}
		off := 0
		for _, st := range stmts {
			// Each statement's text is the source's, in order.
			if i := strings.Index(f.SQL[off:], strings.TrimSpace(st.Text())); i >= 0 && st.Text() != "" {
				off += i
			}
			where := at(f, off+leadingSpace(f.SQL, off))
			if err := s.mysqlStatement(st, where); err != nil {
				return nil, err
			}
		}
	}
	return s.catalog(), nil
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

func mysqlTable(tn *ast.TableName) (schema, name string) { return tn.Schema.O, tn.Name.O }

func (s *tableSet) mysqlStatement(st ast.StmtNode, where string) error {
	switch n := st.(type) {
	case *ast.CreateTableStmt:
		schema, name := mysqlTable(n.Table)
		if _, t := s.find(schema, name); t != nil {
			if n.IfNotExists {
				return nil
			}
			return fmt.Errorf("%w: %s: table %s is created twice; drop one CREATE TABLE or say IF NOT EXISTS", ErrSchema, where, name)
		}
		if n.ReferTable != nil || n.Select != nil {
			return fmt.Errorf("%w: %s: CREATE TABLE %s LIKE/AS SELECT: the generator reads column definitions only; write the columns out", ErrSchema, where, name)
		}
		t := &Table{Schema: schema, Name: name}
		for _, cd := range n.Cols {
			col := mysqlColumn(cd)
			if isPrimary(cd) {
				s.setKey(t, col.Name)
			}
			t.Columns = append(t.Columns, col)
		}
		for _, c := range n.Constraints {
			s.mysqlKey(t, c)
		}
		s.tables = append(s.tables, t)
	case *ast.AlterTableStmt:
		schema, name := mysqlTable(n.Table)
		_, t := s.find(schema, name)
		if t == nil {
			return fmt.Errorf("%w: %s: ALTER TABLE %s: no CREATE TABLE before it creates the table; list the files that create it first in `schema`", ErrSchema, where, name)
		}
		for _, spec := range n.Specs {
			switch spec.Tp {
			case ast.AlterTableAddColumns:
				for _, cd := range spec.NewColumns {
					if t.colIndexFold(cd.Name.Name.O) >= 0 {
						if spec.IfNotExists {
							continue
						}
						return fmt.Errorf("%w: %s: %s already has a column %s; say ADD COLUMN IF NOT EXISTS or drop the statement", ErrSchema, where, name, cd.Name.Name.O)
					}
					t.Columns = append(t.Columns, mysqlColumn(cd))
				}
			case ast.AlterTableModifyColumn, ast.AlterTableChangeColumn:
				old := ""
				if spec.OldColumnName != nil {
					old = spec.OldColumnName.Name.O
				}
				if len(spec.NewColumns) == 0 {
					continue
				}
				cd := spec.NewColumns[0]
				if old == "" {
					old = cd.Name.Name.O
				}
				i := t.colIndexFold(old)
				if i < 0 {
					return fmt.Errorf("%w: %s: %s has no column %s to change", ErrSchema, where, name, old)
				}
				col := mysqlColumn(cd)
				if s.isKey(t, old) || isPrimary(cd) {
					// A primary key column is NOT NULL, whatever MODIFY says.
					col.NotNull = true
					s.setKey(t, col.Name)
				}
				t.Columns[i] = col
			case ast.AlterTableRenameColumn:
				i := t.colIndexFold(spec.OldColumnName.Name.O)
				if i < 0 {
					return fmt.Errorf("%w: %s: %s has no column %s to rename", ErrSchema, where, name, spec.OldColumnName.Name.O)
				}
				if s.isKey(t, t.Columns[i].Name) {
					s.setKey(t, spec.NewColumnName.Name.O)
				}
				t.Columns[i].Name = spec.NewColumnName.Name.O
			case ast.AlterTableRenameTable:
				t.Schema, t.Name = mysqlTable(spec.NewTable)
			case ast.AlterTableAddConstraint:
				if spec.Constraint != nil {
					s.mysqlKey(t, spec.Constraint)
				}
			case ast.AlterTableDropColumn:
				col := spec.OldColumnName.Name.O
				if i := t.colIndexFold(col); i >= 0 {
					t.Columns = append(t.Columns[:i], t.Columns[i+1:]...)
				} else if !spec.IfExists {
					return fmt.Errorf("%w: %s: %s has no column %s to drop", ErrSchema, where, name, col)
				}
			}
		}
	case *ast.RenameTableStmt:
		for _, tt := range n.TableToTables {
			schema, name := mysqlTable(tt.OldTable)
			_, t := s.find(schema, name)
			if t == nil {
				return fmt.Errorf("%w: %s: RENAME TABLE %s: no CREATE TABLE before it creates the table", ErrSchema, where, name)
			}
			t.Schema, t.Name = mysqlTable(tt.NewTable)
		}
	case *ast.DropTableStmt:
		if n.IsView {
			return nil
		}
		for _, tn := range n.Tables {
			schema, name := mysqlTable(tn)
			if i, _ := s.find(schema, name); i >= 0 {
				s.tables = append(s.tables[:i], s.tables[i+1:]...)
			}
		}
	}
	return nil
}

// mysqlKey marks a PRIMARY KEY constraint's columns of t NOT NULL.
func (s *tableSet) mysqlKey(t *Table, c *ast.Constraint) {
	if c.Tp != ast.ConstraintPrimaryKey {
		return
	}
	for _, k := range c.Keys {
		if k.Column == nil {
			continue
		}
		if i := t.colIndexFold(k.Column.Name.O); i >= 0 {
			t.Columns[i].NotNull = true
			s.setKey(t, t.Columns[i].Name)
		}
	}
}

func isPrimary(cd *ast.ColumnDef) bool {
	for _, o := range cd.Options {
		if o.Tp == ast.ColumnOptionPrimaryKey {
			return true
		}
	}
	return false
}

// mysqlColumn is a column definition's Column: its type written as
// information_schema's COLUMN_TYPE writes it, NOT NULL when it says so or
// is the PRIMARY KEY.
func mysqlColumn(cd *ast.ColumnDef) Column {
	notNull := false
	for _, o := range cd.Options {
		switch o.Tp {
		case ast.ColumnOptionNotNull, ast.ColumnOptionPrimaryKey:
			notNull = true
		}
	}
	return column("mysql", cd.Name.Name.O, cd.Tp.InfoSchemaStr(), notNull)
}
