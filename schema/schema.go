// Package schema renders the DDL a database needs before tombstone enforces
// a policy on it: the audit table, the tombstone columns, unique keys that
// hold live rows only, and the triggers that write the audit trail.
//
// The audit trail is written by triggers so that it is exact and atomic
// whatever the statement's shape: the audit row is written by the same
// statement that tombstones or deletes the row, so both happen or neither
// does. The driver wrapper tells the triggers who acts and why (see
// SetActor); PostgreSQL and MySQL keep the triggers in the schema, SQLite
// gets them per connection (see Session), because its triggers cannot read
// per-connection state otherwise.
package schema

import (
	"fmt"
	"io"
	"strings"

	"github.com/tombstone-sql/tombstone/internal/dialects"
	"github.com/tombstone-sql/tombstone/policy"
	"github.com/tombstone-sql/tombstone/rewrite"
)

// Statement is one DDL statement and what it is for.
type Statement struct {
	Comment string
	// SQL is the statement; "" for a comment alone (a column MigrateLive
	// found in place).
	SQL string
	// Compound says SQL holds semicolons of its own (a MySQL trigger's
	// BEGIN … END), so a script for the mysql client needs DELIMITER lines
	// around it; Write adds them.
	Compound bool
	// Table and Column name what an ALTER TABLE … ADD COLUMN adds (Table
	// a policy name), so MigrateLive can leave out a column the database
	// has; both are "" for every other statement.
	Table, Column string
}

// Migrate returns the DDL that prepares a database of the named dialect
// for policy p. Run twice it is harmless on PostgreSQL and MariaDB (every
// statement is IF NOT EXISTS, OR REPLACE or DROP … IF EXISTS first); on
// SQLite, which has no ADD COLUMN IF NOT EXISTS, its ADD COLUMNs fail the
// second time: see MigrateLive.
func Migrate(p *policy.Policy, dialect string) ([]Statement, error) {
	g, err := newGen(p, dialect)
	if err != nil {
		return nil, err
	}
	return g.migrate(), nil
}

// MigrateLive is Migrate for one live database: has reports whether a
// table (a policy name) already has a column, and each ADD COLUMN of a
// column it has becomes a comment saying so. Its output can be run again
// on every dialect once it is regenerated, SQLite included.
func MigrateLive(p *policy.Policy, dialect string, has func(table, column string) (bool, error)) ([]Statement, error) {
	stmts, err := Migrate(p, dialect)
	if err != nil {
		return nil, err
	}
	for i, s := range stmts {
		if s.Column == "" {
			continue
		}
		ok, err := has(s.Table, s.Column)
		if err != nil {
			return nil, fmt.Errorf("schema: looking for column %s of %s: %w", s.Column, s.Table, err)
		}
		if ok {
			stmts[i] = Statement{Comment: s.Comment + "\n" + s.Table + "." + s.Column + " exists already: nothing to add."}
		}
	}
	return stmts, nil
}

// Write renders statements as a script that the dialect's own client runs
// as it is (psql, mysql, sqlite3): a compound statement (a MySQL trigger)
// goes between DELIMITER lines, as the mysql client needs.
func Write(w io.Writer, stmts []Statement) error {
	var b strings.Builder
	for i, s := range stmts {
		if i > 0 {
			b.WriteString("\n")
		}
		if s.Comment != "" {
			for _, line := range strings.Split(s.Comment, "\n") {
				b.WriteString("-- " + line + "\n")
			}
		}
		switch {
		case s.SQL == "":
		case s.Compound:
			delim := delimiter(s.SQL)
			b.WriteString("DELIMITER " + delim + "\n" + s.SQL + delim + "\nDELIMITER ;\n")
		default:
			b.WriteString(s.SQL)
			b.WriteString(";\n")
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// delimiter returns a statement delimiter for the mysql client that sql
// does not contain.
func delimiter(sql string) string {
	d := "$$"
	for strings.Contains(sql, d) {
		d += "$"
	}
	return d
}

// Session returns the statements each new connection runs before use;
// only SQLite has any: the TEMP table its audit triggers read the actor
// from. The triggers themselves are created per connection, when it first
// writes to a table (see Triggers), so a connection can serve migrations
// before the tables exist.
func Session(p *policy.Policy, dialect string) ([]string, error) {
	g, err := newGen(p, dialect)
	if err != nil {
		return nil, err
	}
	if g.name != "sqlite" || p.Audit == nil {
		return nil, nil
	}
	return []string{
		"CREATE TEMP TABLE IF NOT EXISTS tombstone_session (actor TEXT, reason TEXT, action TEXT)",
		"INSERT INTO temp.tombstone_session (actor, reason, action) SELECT NULL, NULL, NULL WHERE NOT EXISTS (SELECT 1 FROM temp.tombstone_session)",
	}, nil
}

// SetActor returns the statement that tells the audit triggers who acts and
// why, with two placeholders: actor, then reason.
func SetActor(dialect string) string {
	switch canonical(dialect) {
	case "postgres":
		return "SELECT set_config('tombstone.actor', $1, false), set_config('tombstone.reason', $2, false)"
	case "mysql":
		return "SET @tombstone_actor = ?, @tombstone_reason = ?"
	}
	return "UPDATE temp.tombstone_session SET actor = ?, reason = ?"
}

// Lifecycle actions: the audit trail's names for what the expire job does
// to a row (see SetAction).
const (
	ActionPurge     = "purge"     // a tombstone deleted for good when its restore window ended
	ActionAnonymize = "anonymize" // personal columns replaced, the row kept
	ActionExpire    = "expire"    // a row deleted because its age passed expire_after or its retention
)

// SetAction returns the statement the expire job sends first in each
// batch's transaction, with one placeholder: the action (ActionPurge,
// ActionAnonymize, ActionExpire) the audit triggers record for the rows
// the batch deletes or anonymizes, instead of hard_delete (ActionErase for
// a privacy erasure); "" clears it.
// On PostgreSQL it lasts until the transaction ends; on MySQL and SQLite
// the job clears it before the transaction ends.
func SetAction(dialect string) string {
	switch canonical(dialect) {
	case "postgres":
		return "SELECT set_config('tombstone.action', $1, true)"
	case "mysql":
		return "SET @tombstone_action = ?"
	}
	return "UPDATE temp.tombstone_session SET action = ?"
}

// Refusal actions: the audit trail's names for a change tombstone refused.
const (
	ActionRefused        = "refused"         // a DELETE, TRUNCATE or REPLACE refused (a retain table, …)
	ActionRestoreRefused = "restore_refused" // a restore of a tombstone past its restore window
)

// Refused returns the statement that records a refused change, with five
// placeholders: actor, reason, table, action (ActionRefused,
// ActionRestoreRefused) and the row's key as JSON (NULL when unknown).
func Refused(p *policy.Policy, dialect string) string {
	return record(p, dialect, "$4, $5", "?, ?")
}

func record(p *policy.Policy, dialect, pgRest, rest string) string {
	g, err := newGen(p, dialect)
	if err != nil || p.Audit == nil {
		return ""
	}
	if g.name == "postgres" {
		return "INSERT INTO " + g.audit + " (actor, reason, table_name, action, row_key) VALUES ($1, $2, $3, " + pgRest + ")"
	}
	return "INSERT INTO " + g.audit + " (actor, reason, table_name, action, row_key) VALUES (?, ?, ?, " + rest + ")"
}

// ActionSchemaChange is the audit trail's name for DDL run in the
// schema-changes scope that dropped or renamed a governed table, its
// schema, or its tombstone or key columns; its table is "*" when the change
// may reach every table (a schema, DROP OWNED).
const ActionSchemaChange = "schema_change"

// SchemaChanged returns the statement that records a schema change, with
// three placeholders: actor, reason, table.
func SchemaChanged(p *policy.Policy, dialect string) string {
	return record(p, dialect, "'"+ActionSchemaChange+"', NULL", "'"+ActionSchemaChange+"', NULL")
}

// Trigger is one audit trigger of a table.
type Trigger struct {
	// Name is the trigger's name, for checking that it is installed.
	Name string
	// SQL creates it: run once by Migrate's DDL on PostgreSQL and MySQL,
	// per connection on SQLite (a TEMP trigger).
	SQL string
}

// Triggers returns each governed table's audit triggers, by policy name.
func Triggers(p *policy.Policy, dialect string) map[string][]Trigger {
	g, err := newGen(p, dialect)
	if err != nil || p.Audit == nil {
		return nil
	}
	out := map[string][]Trigger{}
	for _, t := range p.Tables {
		for _, tr := range g.triggers(t) {
			if strings.HasPrefix(tr.SQL, "DROP ") {
				continue
			}
			if tr.name == "" {
				continue // a function the triggers call
			}
			out[t.Name] = append(out[t.Name], Trigger{Name: tr.name, SQL: tr.SQL})
		}
	}
	return out
}

func canonical(dialect string) string {
	if d, ok := dialects.Lookup(dialect); ok {
		return d.Name()
	}
	return dialect
}

type gen struct {
	p     *policy.Policy
	name  string
	d     rewrite.Dialect
	audit string // the audit table, quoted
}

func newGen(p *policy.Policy, dialect string) (*gen, error) {
	d, ok := dialects.Lookup(dialect)
	if !ok {
		return nil, fmt.Errorf("schema: unknown dialect %q", dialect)
	}
	g := &gen{p: p, name: d.Name(), d: d}
	if p.Audit != nil {
		g.audit = g.table(p.Audit.Table)
	}
	return g, nil
}

// table quotes a policy table name, schema-qualified or not.
func (g *gen) table(name string) string {
	parts := strings.Split(name, ".")
	for i, part := range parts {
		parts[i] = g.d.Quote(part)
	}
	return strings.Join(parts, ".")
}

func (g *gen) q(ident string) string { return g.d.Quote(ident) }

func (g *gen) migrate() []Statement {
	var out []Statement
	if g.p.Audit != nil {
		out = append(out, g.auditTable()...)
		out = append(out, g.erasedIndex(), g.keyIndex())
	}
	for _, t := range g.p.Tables {
		if t.Rule == policy.Soft {
			out = append(out, g.softTable(t)...)
		}
	}
	out = append(out, g.cascadeColumns()...)
	if g.p.Audit != nil && g.name != "sqlite" {
		for _, t := range g.p.Tables {
			for _, tr := range g.triggers(t) {
				st := tr.Statement
				st.Compound = g.name == "mysql" && strings.Contains(st.SQL, ";")
				out = append(out, st)
			}
		}
	}
	return out
}

func (g *gen) auditTable() []Statement {
	a := g.audit
	var out []Statement
	switch g.name {
	case "postgres":
		out = append(out, Statement{
			Comment: "The audit trail: one row per tombstoned, hard-deleted or refused row; the key columns only, never other values.",
			SQL: "CREATE TABLE IF NOT EXISTS " + a + " (\n" +
				"  id bigserial PRIMARY KEY,\n" +
				"  at timestamptz NOT NULL DEFAULT now(),\n" +
				"  actor text,\n  reason text,\n" +
				"  action text NOT NULL,\n" +
				"  table_name text NOT NULL,\n" +
				"  row_key text\n)",
		}, Statement{
			Comment: "Writes one audit row for the row a trigger fired on: TG_ARGV holds the action, the table's policy name and its key columns.\nA delete, tombstoning or anonymizing by tombstone expire or tombstone erase is recorded under the action the job sets (tombstone.action: purge, expire, anonymize or erase);\na restore of a row the trail holds an erase row for is refused.",
			SQL: "CREATE OR REPLACE FUNCTION tombstone_audit_row() RETURNS trigger LANGUAGE plpgsql AS $$\n" +
				"DECLARE\n  r jsonb := to_jsonb(OLD);\n  k jsonb := '{}';\n  i int;\n  act text := TG_ARGV[0];\n" +
				"BEGIN\n" + g.requireActor() +
				"  IF act IN ('hard_delete', 'anonymize', 'tombstone') THEN\n    act := coalesce(nullif(current_setting('tombstone.action', true), ''), act);\n  END IF;\n" +
				"  FOR i IN 2 .. TG_NARGS - 1 LOOP\n    k := k || jsonb_build_object(TG_ARGV[i], r -> TG_ARGV[i]);\n  END LOOP;\n" +
				g.refuseErased("TG_ARGV[1]", "k::text") +
				"  INSERT INTO " + a + " (actor, reason, action, table_name, row_key)\n" +
				"  VALUES (nullif(current_setting('tombstone.actor', true), ''), nullif(current_setting('tombstone.reason', true), ''), act, TG_ARGV[1], k::text);\n" +
				"  RETURN NULL;\nEND\n$$",
		})
	case "mysql":
		out = append(out, Statement{
			Comment: "The audit trail: one row per tombstoned, hard-deleted or refused row; the key columns only, never other values.",
			SQL: "CREATE TABLE IF NOT EXISTS " + a + " (\n" +
				"  id BIGINT AUTO_INCREMENT PRIMARY KEY,\n" +
				"  at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),\n" +
				"  actor VARCHAR(255),\n  reason TEXT,\n" +
				"  action VARCHAR(32) NOT NULL,\n" +
				"  table_name VARCHAR(255) NOT NULL,\n" +
				"  row_key TEXT\n)",
		})
	default:
		out = append(out, Statement{
			Comment: "The audit trail: one row per tombstoned, hard-deleted or refused row; the key columns only, never other values.\nEach connection through tombstone adds TEMP triggers that write it.",
			SQL: "CREATE TABLE IF NOT EXISTS " + a + " (\n" +
				"  id INTEGER PRIMARY KEY,\n" +
				"  at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%d %H:%M:%f', 'now')),\n" +
				"  actor TEXT,\n  reason TEXT,\n" +
				"  action TEXT NOT NULL,\n" +
				"  table_name TEXT NOT NULL,\n" +
				"  row_key TEXT\n)",
		})
	}
	return out
}

// columnType is the tombstone column's type for each marker.
func (g *gen) columnType(m policy.Marker) string {
	types := map[string]map[policy.Marker]string{
		"postgres": {policy.Timestamp: "timestamptz", policy.Flag: "boolean NOT NULL DEFAULT false", policy.Unix: "bigint NOT NULL DEFAULT 0"},
		"mysql":    {policy.Timestamp: "DATETIME(6) NULL", policy.Flag: "BOOLEAN NOT NULL DEFAULT FALSE", policy.Unix: "BIGINT NOT NULL DEFAULT 0"},
		"sqlite":   {policy.Timestamp: "TEXT", policy.Flag: "INTEGER NOT NULL DEFAULT 0", policy.Unix: "INTEGER NOT NULL DEFAULT 0"},
	}
	return types[g.name][m]
}

func (g *gen) softTable(t *policy.Table) []Statement {
	name := g.table(t.Name)
	col := g.q(t.Column)
	live := rewrite.Predicate(t.Marker, col, true)
	var out []Statement
	add := "ALTER TABLE " + name + " ADD COLUMN IF NOT EXISTS " + col + " " + g.columnType(t.Marker)
	if g.name == "sqlite" {
		add = "ALTER TABLE " + name + " ADD COLUMN " + col + " " + g.columnType(t.Marker)
	}
	out = append(out, Statement{Comment: fmt.Sprintf("%s: the tombstone column (%s; %s on live rows).", t.Name, t.Marker, liveWords(t.Marker)), SQL: add, Table: t.Name, Column: t.Column})
	if len(t.Unique) > 0 && g.name == "mysql" {
		out = append(out, Statement{
			Comment: t.Name + ": 1 on live rows, NULL on tombstones; inside a unique key it lets tombstones share the key.\nINVISIBLE keeps it out of SELECT * and INSERT without a column list (MariaDB 10.3+, MySQL 8.0.23+).",
			SQL:     "ALTER TABLE " + name + " ADD COLUMN IF NOT EXISTS tombstone_live TINYINT AS (IF(" + live + ", 1, NULL)) STORED INVISIBLE",
			Table:   t.Name, Column: "tombstone_live",
		})
	}
	for _, key := range t.Unique {
		cols := make([]string, len(key))
		for i, c := range key {
			cols[i] = g.q(c)
		}
		idx := g.q(t.Relation + "_" + strings.Join(key, "_") + "_live")
		comment := fmt.Sprintf("%s: (%s) is unique among live rows only; drop any plain unique key on it.", t.Name, strings.Join(key, ", "))
		switch g.name {
		case "mysql":
			out = append(out, Statement{Comment: comment, SQL: "CREATE UNIQUE INDEX IF NOT EXISTS " + idx + " ON " + name + " (" + strings.Join(cols, ", ") + ", tombstone_live)"})
		default:
			if t.Schema != "" && g.name == "sqlite" {
				idx = g.q(t.Schema) + "." + idx
			}
			out = append(out, Statement{Comment: comment, SQL: "CREATE UNIQUE INDEX IF NOT EXISTS " + idx + " ON " + g.tableForIndex(t) + " (" + strings.Join(cols, ", ") + ") WHERE " + live})
		}
	}
	return out
}

// tableForIndex names the indexed table: SQLite wants the schema on the
// index name, not the table.
func (g *gen) tableForIndex(t *policy.Table) string {
	if g.name == "sqlite" {
		return g.q(t.Relation)
	}
	return g.table(t.Name)
}

func liveWords(m policy.Marker) string {
	switch m {
	case policy.Flag:
		return "false"
	case policy.Unix:
		return "0"
	}
	return "NULL"
}

type trigger struct {
	Statement
	name string
}

// noActor is the message of a tombstoning or hard delete without an actor
// under audit.require_actor.
const noActor = "tombstone: no actor: the policy requires one for every delete (audit.require_actor); pass it with tombstone.WithActor"

// requireActor is the check, in the dialect's trigger language, that
// refuses a delete without an actor when the policy requires one.
func (g *gen) requireActor() string {
	if !g.p.Audit.RequireActor {
		return ""
	}
	switch g.name {
	case "postgres":
		return "  IF TG_ARGV[0] <> 'restore' AND nullif(current_setting('tombstone.actor', true), '') IS NULL THEN\n    RAISE EXCEPTION '" + noActor + "';\n  END IF;\n"
	case "mysql":
		return "IF NULLIF(@tombstone_actor, '') IS NULL THEN SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = '" + noActor + "'; END IF; "
	}
	return "SELECT RAISE(ABORT, '" + noActor + "') WHERE NULLIF((SELECT actor FROM temp.tombstone_session), '') IS NULL; "
}

// triggers returns the audit triggers of one table: AFTER DELETE for every
// governed table, AFTER UPDATE of the marker for a soft one, and, for a
// table with personal columns, AFTER UPDATE while the expire job
// anonymizes (the action it sets, see SetAction).
func (g *gen) triggers(t *policy.Table) []trigger {
	name := g.table(t.Name)
	var keys []string
	for _, k := range t.Key {
		keys = append(keys, k)
	}
	var out []trigger
	events := []struct{ action, when string }{{"hard_delete", ""}}
	if t.Rule == policy.Soft {
		events = append([]struct{ action, when string }{{"tombstone", g.becomes(t, "OLD.", "NEW.")}, {"restore", g.becomes(t, "NEW.", "OLD.")}}, events...)
	}
	if len(t.Personal) > 0 {
		events = append(events, struct{ action, when string }{ActionAnonymize, g.anonymizing(t)})
	}
	for _, ev := range events {
		comment := fmt.Sprintf("%s: an audit row for each row %s.", t.Name, map[string]string{"tombstone": "tombstoned", "restore": "restored", "hard_delete": "deleted for good (purge or expire when tombstone expire deletes it)", ActionAnonymize: "tombstone expire anonymizes or tombstone erase erases"}[ev.action])
		timing := "AFTER DELETE ON " + name
		switch ev.action {
		case "tombstone", "restore":
			timing = "AFTER UPDATE OF " + g.q(t.Column) + " ON " + name
		case ActionAnonymize:
			timing = "AFTER UPDATE ON " + name
		}
		// A restore is audited, not refused, without an actor: the wrapper
		// requires one for deletes only.
		requireActor := g.requireActor()
		if ev.action == "restore" {
			requireActor = ""
		}
		lit := func(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }
		// A restore of an erased row is refused (see ActionErase).
		refuse := func(rowKey string) string {
			if ev.action != "restore" {
				return ""
			}
			return g.refuseErased(lit(t.Name), rowKey)
		}
		switch g.name {
		case "postgres":
			trig := "tombstone_" + ev.action
			args := []string{lit(ev.action), lit(t.Name)}
			for _, k := range keys {
				args = append(args, lit(k))
			}
			when := ""
			if ev.when != "" {
				when = " WHEN (" + ev.when + ")"
			}
			out = append(out,
				trigger{Statement{Comment: comment, SQL: "DROP TRIGGER IF EXISTS " + trig + " ON " + name}, trig},
				trigger{Statement{SQL: "CREATE TRIGGER " + trig + " " + timing + " FOR EACH ROW" + when + " EXECUTE FUNCTION tombstone_audit_row(" + strings.Join(args, ", ") + ")"}, trig})
		case "mysql":
			trig := g.q("tombstone_" + t.Relation + "_" + ev.action)
			if t.Schema != "" {
				trig = g.q(t.Schema) + "." + trig
			}
			if ev.action != "hard_delete" {
				timing = "AFTER UPDATE ON " + name
			}
			var kv []string
			for _, k := range keys {
				kv = append(kv, lit(k)+", OLD."+g.q(k))
			}
			cond := "TRUE"
			if ev.when != "" {
				cond = ev.when
			}
			out = append(out,
				trigger{Statement{Comment: comment, SQL: "DROP TRIGGER IF EXISTS " + trig}, "tombstone_" + t.Relation + "_" + ev.action},
				trigger{Statement{SQL: "CREATE TRIGGER " + trig + " " + timing + " FOR EACH ROW BEGIN IF " + cond + " THEN " + requireActor + refuse("JSON_OBJECT("+strings.Join(kv, ", ")+")") +
					"INSERT INTO " + g.audit + " (actor, reason, action, table_name, row_key) VALUES (NULLIF(@tombstone_actor, ''), NULLIF(@tombstone_reason, ''), " +
					action(ev.action, "@tombstone_action") + ", " + lit(t.Name) + ", JSON_OBJECT(" + strings.Join(kv, ", ") + ")); END IF; END"}, "tombstone_" + t.Relation + "_" + ev.action})
		default:
			trig := g.q("tombstone_" + strings.ReplaceAll(t.Name, ".", "_") + "_" + ev.action)
			on := name
			if t.Schema == "" {
				on = "main." + name
			}
			var kv []string
			for _, k := range keys {
				kv = append(kv, lit(k)+", OLD."+g.q(k))
			}
			when := ""
			if ev.when != "" {
				when = " WHEN " + ev.when
			}
			timing = strings.Replace(timing, name, on, 1)
			audit := g.audit
			if !strings.Contains(g.p.Audit.Table, ".") {
				audit = "main." + audit
			}
			out = append(out, trigger{Statement{Comment: comment, SQL: "CREATE TEMP TRIGGER IF NOT EXISTS " + trig + " " + timing + " FOR EACH ROW" + when +
				" BEGIN " + requireActor + refuse("json_object("+strings.Join(kv, ", ")+")") + "INSERT INTO " + audit + " (actor, reason, action, table_name, row_key) SELECT NULLIF(actor, ''), NULLIF(reason, ''), " +
				action(ev.action, "action") + ", " + lit(t.Name) + ", json_object(" + strings.Join(kv, ", ") + ") FROM temp.tombstone_session; END"}, trig})
		}
	}
	return append(out, g.cascadeTriggers(t)...)
}

// action is the audit row's action in a MySQL or SQLite trigger: for a
// delete, a tombstoning or an anonymizing, the one the expire job or an
// erasure set in variable when set, else the event's own.
func action(event, variable string) string {
	if event == "hard_delete" || event == ActionAnonymize || event == "tombstone" {
		return "COALESCE(NULLIF(" + variable + ", ''), '" + event + "')"
	}
	return "'" + event + "'"
}
