package policy

import (
	"fmt"
	"strings"
)

// EraseMode is what a privacy erasure does to the rows of a soft table.
type EraseMode int

const (
	// EraseAnonymize, the default, replaces the row's personal columns now
	// and leaves it a tombstone that can no longer be restored: the
	// audit trail's erase row for it makes the restore trigger refuse.
	EraseAnonymize EraseMode = iota
	// ErasePurge deletes the rows for good, tombstones and live rows alike.
	ErasePurge
)

func (m EraseMode) String() string {
	if m == ErasePurge {
		return "purge"
	}
	return "anonymize"
}

// Subject is one kind of person whose data a privacy erasure reaches, and
// where that person's rows are: `subjects: {customer: {customers: id,
// invoices: customer_id}}`.
type Subject struct {
	// Kind names the kind of person, e.g. "customer"; tombstone erase
	// --subject customer=42.
	Kind string
	// Tables lists, in file order, the governed tables that hold the
	// person's rows and the columns that locate them.
	Tables []*SubjectTable
	// Line is the line of the kind's entry in the policy file.
	Line int
}

// SubjectTable is one table of a subject: a row is the person's when any
// of Columns equals the person's id.
type SubjectTable struct {
	Table   *Table
	Columns []string
	Line    int
}

// Copy is a system outside the database that receives rows of governed
// tables: a nightly backup, a warehouse export, a CRM sync, a search
// index. An erasure cannot reach it; its receipt lists it as a follow-up.
type Copy struct {
	// Name is the system's name as the policy writes it, e.g. "warehouse".
	Name string
	// Tables lists the governed tables whose rows it receives.
	Tables []*Table
	// KeptFor is how long the system keeps what it receives.
	KeptFor Duration
	// Note says anything else a person doing a follow-up needs (where it
	// is, who runs it).
	Note string
	// Line is the line of the system's entry in the policy file.
	Line int
}

// Subject returns the subject of the given kind (compared
// case-insensitively), or nil.
func (p *Policy) Subject(kind string) *Subject {
	for _, s := range p.Subjects {
		if strings.EqualFold(s.Kind, kind) {
			return s
		}
	}
	return nil
}

// SubjectKinds returns the kinds of p's subjects, in file order.
func (p *Policy) SubjectKinds() []string {
	out := make([]string, len(p.Subjects))
	for i, s := range p.Subjects {
		out[i] = s.Kind
	}
	return out
}

// CopiesOf returns the copies that receive any of tables, in file order.
func (p *Policy) CopiesOf(tables []*Table) []*Copy {
	var out []*Copy
	for _, c := range p.Copies {
		for _, t := range c.Tables {
			if containsTable(tables, t) {
				out = append(out, c)
				break
			}
		}
	}
	return out
}

func containsTable(tables []*Table, t *Table) bool {
	for _, x := range tables {
		if x == t {
			return true
		}
	}
	return false
}

// EraseSentence says in one plain sentence what a privacy erasure does to
// the table's rows of a subject, e.g. "invoices: personal data
// (billing_name) is anonymized and the record kept for 7 years".
func (t *Table) EraseSentence() string {
	switch t.Rule {
	case Soft:
		if t.Erase == ErasePurge {
			return t.Name + ": the rows are deleted for good (erase: purge), tombstones too"
		}
		return fmt.Sprintf("%s: personal data (%s) is anonymized and the rows become tombstones that can no longer be restored", t.Name, strings.Join(t.Personal, ", "))
	case Retain:
		if len(t.Personal) == 0 {
			return fmt.Sprintf("%s: kept for %s, as it has no personal columns", t.Name, t.Retention.Words())
		}
		return fmt.Sprintf("%s: personal data (%s) is anonymized and the record kept for its retention of %s", t.Name, strings.Join(t.Personal, ", "), t.Retention.Words())
	}
	return t.Name + ": the rows are deleted"
}
