package catalog

import (
	"context"
	"database/sql"
	"fmt"
	"regexp"
	"strings"
)

// Details are what a database has beside its tables' columns: indexes,
// foreign keys and triggers, for checking a database against a policy
// (tombstone doctor). They cover the same tables as Read.
type Details struct {
	Indexes     []Index
	ForeignKeys []ForeignKey
	// Triggers are the schema's own triggers (SQLite: the database file's,
	// not a connection's TEMP triggers).
	Triggers []Trigger
	// Functions are the functions of the schemas Read covers (PostgreSQL
	// only).
	Functions []Function
}

// Function is one function: its name and its source (for PL/pgSQL, the
// body between the dollar quotes, verbatim).
type Function struct {
	Schema, Name, Source string
}

// Index is one index of a table.
type Index struct {
	Schema, Table, Name string
	// Columns are the key's parts in order: a column name, or an
	// expression as the database writes it.
	Columns []string
	Unique  bool
	Primary bool
	// Constraint is set when the index belongs to a UNIQUE or PRIMARY KEY
	// constraint (dropped with the constraint, not DROP INDEX); on SQLite,
	// when the table's definition made it (it cannot be dropped at all).
	Constraint bool
	// Predicate is a partial index's condition as the database writes it,
	// "" for an index of every row.
	Predicate string
}

// ForeignKey is one foreign key: Table's Columns reference RefTable's
// RefColumns.
type ForeignKey struct {
	Schema, Table, Name string
	Columns             []string
	RefSchema, RefTable string
	RefColumns          []string
	// OnDelete and OnUpdate are the referential actions in upper case:
	// CASCADE, SET NULL, SET DEFAULT, RESTRICT or NO ACTION.
	OnDelete, OnUpdate string
}

// Trigger is one trigger of a table.
type Trigger struct {
	Schema, Table, Name string
	// Definition is the trigger as the database returns it: PostgreSQL's
	// pg_get_triggerdef, MySQL's ACTION_STATEMENT (the body), SQLite's
	// CREATE TRIGGER statement.
	Definition string
}

// ReadDetails returns the indexes, foreign keys and triggers of the tables
// Read returns.
func ReadDetails(ctx context.Context, db *sql.DB, dialect string) (*Details, error) {
	switch dialect {
	case "postgres":
		return detailsPostgres(ctx, db)
	case "mysql":
		return detailsMySQL(ctx, db)
	case "sqlite":
		return detailsSQLite(ctx, db)
	}
	return nil, fmt.Errorf("catalog: unknown dialect %q", dialect)
}

// sep separates the parts of a list one query column returns.
const sep = "\x1f"

func split(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, sep)
}

func detailsPostgres(ctx context.Context, db *sql.DB) (*Details, error) {
	d := &Details{}
	err := query(ctx, db, `
SELECT n.nspname, c.relname, i.relname, ix.indisunique, ix.indisprimary,
  EXISTS (SELECT 1 FROM pg_catalog.pg_constraint k WHERE k.conindid = ix.indexrelid AND k.contype IN ('p', 'u')),
  coalesce(pg_get_expr(ix.indpred, ix.indrelid), ''),
  (SELECT string_agg(pg_get_indexdef(ix.indexrelid, k, true), E'\x1f' ORDER BY k) FROM generate_series(1, ix.indnkeyatts) k)
FROM pg_catalog.pg_index ix
JOIN pg_catalog.pg_class c ON c.oid = ix.indrelid
JOIN pg_catalog.pg_class i ON i.oid = ix.indexrelid
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = ANY (current_schemas(false))
ORDER BY 1, 2, 3`, func(rows *sql.Rows) error {
		var ix Index
		var cols string
		if err := rows.Scan(&ix.Schema, &ix.Table, &ix.Name, &ix.Unique, &ix.Primary, &ix.Constraint, &ix.Predicate, &cols); err != nil {
			return err
		}
		ix.Columns = split(cols)
		d.Indexes = append(d.Indexes, ix)
		return nil
	})
	if err != nil {
		return nil, err
	}
	actions := map[string]string{"a": "NO ACTION", "r": "RESTRICT", "c": "CASCADE", "n": "SET NULL", "d": "SET DEFAULT"}
	err = query(ctx, db, `
SELECT n.nspname, c.relname, k.conname,
  (SELECT string_agg(a.attname, E'\x1f' ORDER BY o.ord) FROM unnest(k.conkey) WITH ORDINALITY o(attnum, ord) JOIN pg_catalog.pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = o.attnum),
  rn.nspname, r.relname,
  (SELECT string_agg(a.attname, E'\x1f' ORDER BY o.ord) FROM unnest(k.confkey) WITH ORDINALITY o(attnum, ord) JOIN pg_catalog.pg_attribute a ON a.attrelid = k.confrelid AND a.attnum = o.attnum),
  k.confdeltype, k.confupdtype
FROM pg_catalog.pg_constraint k
JOIN pg_catalog.pg_class c ON c.oid = k.conrelid
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
JOIN pg_catalog.pg_class r ON r.oid = k.confrelid
JOIN pg_catalog.pg_namespace rn ON rn.oid = r.relnamespace
WHERE k.contype = 'f' AND n.nspname = ANY (current_schemas(false))
ORDER BY 1, 2, 3`, func(rows *sql.Rows) error {
		var fk ForeignKey
		var cols, refCols, del, upd string
		if err := rows.Scan(&fk.Schema, &fk.Table, &fk.Name, &cols, &fk.RefSchema, &fk.RefTable, &refCols, &del, &upd); err != nil {
			return err
		}
		fk.Columns, fk.RefColumns = split(cols), split(refCols)
		fk.OnDelete, fk.OnUpdate = actions[del], actions[upd]
		d.ForeignKeys = append(d.ForeignKeys, fk)
		return nil
	})
	if err != nil {
		return nil, err
	}
	err = query(ctx, db, `
SELECT n.nspname, c.relname, t.tgname, pg_get_triggerdef(t.oid)
FROM pg_catalog.pg_trigger t
JOIN pg_catalog.pg_class c ON c.oid = t.tgrelid
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
WHERE NOT t.tgisinternal AND n.nspname = ANY (current_schemas(false))
ORDER BY 1, 2, 3`, func(rows *sql.Rows) error {
		var tr Trigger
		if err := rows.Scan(&tr.Schema, &tr.Table, &tr.Name, &tr.Definition); err != nil {
			return err
		}
		d.Triggers = append(d.Triggers, tr)
		return nil
	})
	if err != nil {
		return nil, err
	}
	err = query(ctx, db, `
SELECT n.nspname, p.proname, coalesce(p.prosrc, '') FROM pg_catalog.pg_proc p JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
WHERE n.nspname = ANY (current_schemas(false)) ORDER BY 1, 2`, func(rows *sql.Rows) error {
		var f Function
		if err := rows.Scan(&f.Schema, &f.Name, &f.Source); err != nil {
			return err
		}
		d.Functions = append(d.Functions, f)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return d, nil
}

func detailsMySQL(ctx context.Context, db *sql.DB) (*Details, error) {
	d := &Details{}
	err := query(ctx, db, `
SELECT TABLE_NAME, INDEX_NAME, MAX(NON_UNIQUE) = 0, GROUP_CONCAT(COALESCE(COLUMN_NAME, '') ORDER BY SEQ_IN_INDEX SEPARATOR '`+sep+`')
FROM information_schema.STATISTICS
WHERE TABLE_SCHEMA = DATABASE()
GROUP BY TABLE_NAME, INDEX_NAME
ORDER BY TABLE_NAME, INDEX_NAME`, func(rows *sql.Rows) error {
		var ix Index
		var cols string
		if err := rows.Scan(&ix.Table, &ix.Name, &ix.Unique, &cols); err != nil {
			return err
		}
		ix.Columns = split(cols)
		ix.Primary = ix.Name == "PRIMARY"
		d.Indexes = append(d.Indexes, ix)
		return nil
	})
	if err != nil {
		return nil, err
	}
	err = query(ctx, db, `
SELECT k.TABLE_NAME, k.CONSTRAINT_NAME,
  GROUP_CONCAT(k.COLUMN_NAME ORDER BY k.ORDINAL_POSITION SEPARATOR '`+sep+`'),
  k.REFERENCED_TABLE_NAME,
  GROUP_CONCAT(k.REFERENCED_COLUMN_NAME ORDER BY k.ORDINAL_POSITION SEPARATOR '`+sep+`'),
  r.DELETE_RULE, r.UPDATE_RULE
FROM information_schema.KEY_COLUMN_USAGE k
JOIN information_schema.REFERENTIAL_CONSTRAINTS r ON r.CONSTRAINT_SCHEMA = k.CONSTRAINT_SCHEMA AND r.CONSTRAINT_NAME = k.CONSTRAINT_NAME AND r.TABLE_NAME = k.TABLE_NAME
WHERE k.TABLE_SCHEMA = DATABASE() AND k.REFERENCED_TABLE_NAME IS NOT NULL
GROUP BY k.TABLE_NAME, k.CONSTRAINT_NAME, k.REFERENCED_TABLE_NAME, r.DELETE_RULE, r.UPDATE_RULE
ORDER BY 1, 2`, func(rows *sql.Rows) error {
		var fk ForeignKey
		var cols, refCols string
		if err := rows.Scan(&fk.Table, &fk.Name, &cols, &fk.RefTable, &refCols, &fk.OnDelete, &fk.OnUpdate); err != nil {
			return err
		}
		fk.Columns, fk.RefColumns = split(cols), split(refCols)
		d.ForeignKeys = append(d.ForeignKeys, fk)
		return nil
	})
	if err != nil {
		return nil, err
	}
	err = query(ctx, db, `
SELECT EVENT_OBJECT_TABLE, TRIGGER_NAME, ACTION_STATEMENT FROM information_schema.TRIGGERS
WHERE TRIGGER_SCHEMA = DATABASE() ORDER BY 1, 2`, func(rows *sql.Rows) error {
		var tr Trigger
		if err := rows.Scan(&tr.Table, &tr.Name, &tr.Definition); err != nil {
			return err
		}
		d.Triggers = append(d.Triggers, tr)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return d, nil
}

// wherePart finds a partial index's condition in its CREATE INDEX text.
var wherePart = regexp.MustCompile(`(?is)\)\s*WHERE\s+(.*?)\s*;?\s*$`)

func detailsSQLite(ctx context.Context, db *sql.DB) (*Details, error) {
	tables, err := readSQLite(ctx, db)
	if err != nil {
		return nil, err
	}
	d := &Details{}
	for _, t := range tables {
		var list []Index
		err := query(ctx, db, `SELECT l.name, l."unique", l.origin, coalesce(m.sql, '') FROM pragma_index_list(?) l LEFT JOIN sqlite_schema m ON m.type = 'index' AND m.name = l.name ORDER BY l.name`, func(rows *sql.Rows) error {
			var ix Index
			var origin, text string
			if err := rows.Scan(&ix.Name, &ix.Unique, &origin, &text); err != nil {
				return err
			}
			ix.Table = t.Name
			ix.Primary = origin == "pk"
			ix.Constraint = origin != "c"
			if m := wherePart.FindStringSubmatch(text); m != nil {
				ix.Predicate = m[1]
			}
			list = append(list, ix)
			return nil
		}, t.Name)
		if err != nil {
			return nil, err
		}
		for i := range list {
			err := query(ctx, db, `SELECT coalesce(name, '') FROM pragma_index_info(?) ORDER BY seqno`, func(rows *sql.Rows) error {
				var c string
				if err := rows.Scan(&c); err != nil {
					return err
				}
				list[i].Columns = append(list[i].Columns, c)
				return nil
			}, list[i].Name)
			if err != nil {
				return nil, err
			}
		}
		if len(t.Key) > 0 && !hasPrimary(list) {
			// A rowid table's INTEGER PRIMARY KEY has no index of its own.
			list = append(list, Index{Table: t.Name, Name: "(rowid)", Columns: t.Key, Unique: true, Primary: true, Constraint: true})
		}
		d.Indexes = append(d.Indexes, list...)
		byID := map[int]*ForeignKey{}
		var order []int
		err = query(ctx, db, `SELECT id, "table", "from", coalesce("to", ''), on_update, on_delete FROM pragma_foreign_key_list(?) ORDER BY id, seq`, func(rows *sql.Rows) error {
			var id int
			var ref, from, to, upd, del string
			if err := rows.Scan(&id, &ref, &from, &to, &upd, &del); err != nil {
				return err
			}
			fk := byID[id]
			if fk == nil {
				fk = &ForeignKey{Table: t.Name, Name: fmt.Sprintf("%s_fk%d", t.Name, id), RefTable: ref, OnDelete: upper(del), OnUpdate: upper(upd)}
				byID[id] = fk
				order = append(order, id)
			}
			fk.Columns = append(fk.Columns, from)
			fk.RefColumns = append(fk.RefColumns, to)
			return nil
		}, t.Name)
		if err != nil {
			return nil, err
		}
		for _, id := range order {
			d.ForeignKeys = append(d.ForeignKeys, *byID[id])
		}
	}
	err = query(ctx, db, `SELECT tbl_name, name, coalesce(sql, '') FROM sqlite_schema WHERE type = 'trigger' ORDER BY 1, 2`, func(rows *sql.Rows) error {
		var tr Trigger
		if err := rows.Scan(&tr.Table, &tr.Name, &tr.Definition); err != nil {
			return err
		}
		d.Triggers = append(d.Triggers, tr)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return d, nil
}

func hasPrimary(list []Index) bool {
	for _, ix := range list {
		if ix.Primary {
			return true
		}
	}
	return false
}

func upper(s string) string { return strings.ToUpper(strings.TrimSpace(s)) }

// query runs q and calls scan for each row.
func query(ctx context.Context, db *sql.DB, q string, scan func(*sql.Rows) error, args ...any) error {
	rows, err := db.QueryContext(ctx, q, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := scan(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}
