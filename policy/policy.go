// Package policy is tombstone's model of a team's deletion policy: the parsed
// tombstone.yaml, one rule per table, plus roles and the audit trail.
//
// A policy is loaded once, validated completely, and then only read; every
// method is safe for concurrent use.
package policy

import (
	"fmt"
	"strings"
)

// Rule is what DELETE means for a governed table.
type Rule int

const (
	// Soft tables keep deleted rows as tombstones: DELETE sets the marker and
	// reads see live rows only.
	Soft Rule = iota + 1
	// Hard tables really delete rows; rows may also expire by age.
	Hard
	// Retain tables refuse DELETE; only a lifecycle job removes rows once
	// the retention period has ended.
	Retain
)

func (r Rule) String() string {
	switch r {
	case Soft:
		return "soft"
	case Hard:
		return "hard"
	case Retain:
		return "retain"
	}
	return fmt.Sprintf("Rule(%d)", int(r))
}

// Marker is the kind of a soft table's tombstone column.
type Marker int

const (
	// Timestamp markers are NULL on live rows and hold the deletion time on
	// tombstones.
	Timestamp Marker = iota + 1
	// Flag markers are false (0) on live rows and true (1) on tombstones.
	Flag
	// Unix markers are 0 on live rows and hold the deletion time in seconds
	// since the Unix epoch on tombstones.
	Unix
)

func (m Marker) String() string {
	switch m {
	case Timestamp:
		return "timestamp"
	case Flag:
		return "flag"
	case Unix:
		return "unix"
	}
	return fmt.Sprintf("Marker(%d)", int(m))
}

// AfterWindow is what happens to a tombstone when its restore window ends.
type AfterWindow int

const (
	// Keep leaves the tombstone in place (the default).
	Keep AfterWindow = iota
	// Purge hard-deletes the tombstone.
	Purge
	// Anonymize replaces the row's personal columns with neutral values and
	// keeps the row.
	Anonymize
)

func (a AfterWindow) String() string {
	switch a {
	case Keep:
		return "keep"
	case Purge:
		return "purge"
	case Anonymize:
		return "anonymize"
	}
	return fmt.Sprintf("AfterWindow(%d)", int(a))
}

// Mode says whether tombstone changes the SQL it sees or only reports what
// it would have done.
type Mode int

const (
	// Enforce rewrites and refuses statements (the default).
	Enforce Mode = iota
	// Shadow sends statements unchanged and logs what would have been
	// rewritten or refused.
	Shadow
)

func (m Mode) String() string {
	if m == Shadow {
		return "shadow"
	}
	return "enforce"
}

// Policy is a validated tombstone.yaml.
type Policy struct {
	// Source names where the policy came from (a file path), for messages.
	Source string
	// Version is the format version; 1 is the only one.
	Version int
	// Mode is enforce or shadow.
	Mode Mode
	// Audit is the audit-trail rule; nil means no audit trail.
	Audit *Audit
	// Roles lists the roles in file order; empty means the calling code is
	// trusted with every scope.
	Roles []*Role
	// Tables lists the governed tables in file order.
	Tables []*Table
	// Dialect is the SQL dialect of the policy's database (postgres, mysql
	// or sqlite), or "" when the policy does not say; tools use it when no
	// --dialect is given.
	Dialect string
	// Lint holds the settings for tombstone lint; nil when the policy has
	// no lint section.
	Lint *LintConfig
	// Subjects lists the kinds of people whose data a privacy erasure
	// reaches (tombstone erase --subject KIND=ID), in file order.
	Subjects []*Subject
	// Copies lists the systems outside the database that receive the
	// governed tables' rows, in file order.
	Copies []*Copy

	names nameIndex
}

// Audit is the audit-trail rule.
type Audit struct {
	// Table is the audit table's name.
	Table string
	// RequireActor refuses a delete when the context carries no actor.
	RequireActor bool
}

// Role is a named set of permissions beyond reading live rows.
type Role struct {
	Name       string
	SeeDeleted bool // may use the with-deleted and only-deleted scopes
	Restore    bool // may restore tombstones
	Erase      bool // may run a privacy erasure
	Purge      bool // may hard-delete (purge) rows, including the hard-delete scope
	// ChangeSchema may use the schema-changes scope: drop or rename
	// governed tables, their schemas, their marker and key columns.
	ChangeSchema bool
}

// Table is the rule for one governed table.
type Table struct {
	// Name is the table's name as the policy writes it, e.g. "customers" or
	// "sales.customers".
	Name string
	// Schema is the part before the dot, or "" when Name is unqualified.
	Schema string
	// Relation is the part after the dot (or the whole Name).
	Relation string
	// Rule is soft, hard or retain.
	Rule Rule
	// Column is the tombstone column of a soft table.
	Column string
	// Marker is the kind of Column (soft tables only).
	Marker Marker
	// Key lists the primary-key columns; the audit trail records only these.
	Key []string
	// RestoreWindow is how long a tombstone can be restored; zero means no
	// limit.
	RestoreWindow Duration
	// AfterWindow is what happens when RestoreWindow ends.
	AfterWindow AfterWindow
	// Personal lists the columns that hold personal data.
	Personal []string
	// AnonymizeWith gives, per personal column, the value anonymizing
	// writes in its place; a column without one is set to NULL. A value may
	// name a key column in braces ("anonymized-{id}@example.invalid") to
	// stay unique per row.
	AnonymizeWith map[string]string
	// AfterRetention is what happens to a retain table's rows when their
	// retention period ends: Keep (the default), Purge or Anonymize.
	AfterRetention AfterWindow
	// Retention is how long rows of a retain table must be kept.
	Retention Duration
	// ExpireAfter is the age after which rows of a hard table are deleted;
	// zero means never.
	ExpireAfter Duration
	// AgeColumn is the column a row's age is measured from.
	AgeColumn string
	// Unique lists a soft table's unique keys (each a list of columns):
	// tombstone migrate makes them hold live rows only, so a new row may
	// reuse a tombstone's key.
	Unique [][]string
	// Cascades lists the soft tables whose rows go with this (soft) table's
	// rows: tombstoning a row tombstones the live children that reference
	// it, and restoring it restores exactly those children (see Cascade).
	Cascades []*Cascade
	// Owner names who owns the final delete decision for the table (a team
	// or role); "" when the policy does not say.
	Owner string
	// Erase is what a privacy erasure does to the rows of a soft table
	// (EraseAnonymize unless `erase: purge`); retain tables are always
	// anonymized and kept, hard tables' rows deleted.
	Erase EraseMode
	// Line is the line of the table's entry in the policy file.
	Line int
}

// Cascade is one child table of a cascade: its rows whose Columns equal a
// parent row's key (column by column, in the order of the parent's Key) are
// tombstoned with the parent row and restored with it.
type Cascade struct {
	// Child is the child table's rule; it is a soft table.
	Child *Table
	// Columns are the child's referencing columns, one per column of the
	// parent's key.
	Columns []string
	// Line is the line of the entry in the policy file.
	Line int
}

// CascadeColumn is the column tombstone migrate adds to a cascade's child
// table: it names the parent table whose tombstoning made the row a
// tombstone, and is NULL on every other row.
const CascadeColumn = "tombstone_cascade"

// Cascaded returns tables followed by every table a cascade from them
// reaches, each once: the tables whose triggers a write to tables may fire.
func Cascaded(tables []*Table) []*Table {
	seen := map[*Table]bool{}
	var out []*Table
	var add func(t *Table)
	add = func(t *Table) {
		if seen[t] {
			return
		}
		seen[t] = true
		out = append(out, t)
		for _, c := range t.Cascades {
			add(c.Child)
		}
	}
	for _, t := range tables {
		add(t)
	}
	return out
}

// Role returns the named role, or nil when the policy has no such role.
func (p *Policy) Role(name string) *Role {
	for _, r := range p.Roles {
		if r.Name == name {
			return r
		}
	}
	return nil
}

// Table returns the rule of the table the policy names exactly (compared
// case-insensitively), or nil.
func (p *Policy) Table(name string) *Table {
	for _, t := range p.Tables {
		if strings.EqualFold(t.Name, name) {
			return t
		}
	}
	return nil
}
