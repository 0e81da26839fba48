// Package lint finds SQL that would read deleted rows or break the
// deletion policy: reports, views, migrations, sqlc queries and constant
// SQL in Go code. A finding is a place where tombstone's rewriter would
// have to act; the analysis is the rewriter's (package rewrite), so the
// linter and the driver never disagree.
package lint

import (
	"fmt"
	"strings"
)

// Severity is how serious a finding is.
type Severity int

const (
	// Off turns a rule off.
	Off Severity = iota
	// Note is for information; it never fails a run by default.
	Note
	// Warning is a likely bug.
	Warning
	// Error is a bug: deleted rows are read or policy-protected rows lost.
	Error
)

func (s Severity) String() string {
	switch s {
	case Off:
		return "off"
	case Note:
		return "note"
	case Warning:
		return "warning"
	case Error:
		return "error"
	}
	return fmt.Sprintf("Severity(%d)", int(s))
}

// ParseSeverity reads off, note, warning or error.
func ParseSeverity(s string) (Severity, error) {
	switch strings.ToLower(s) {
	case "off":
		return Off, nil
	case "note":
		return Note, nil
	case "warning":
		return Warning, nil
	case "error":
		return Error, nil
	}
	return Off, fmt.Errorf("unknown severity %q; expected note, warning or error", s)
}

// Rule is one kind of finding.
type Rule struct {
	// Code is the rule's stable code, e.g. TS001.
	Code string
	// Name is the rule's stable kebab-case name, e.g. missing-live-predicate.
	Name string
	// Severity is the rule's default severity.
	Severity Severity
	// Summary says in one line what the rule finds.
	Summary string
	// Help explains why it matters and how to fix or suppress it.
	Help string
	// Docs is the page that documents the rule, for another tool's rules
	// written with WriteRules; "" means DocsURL.
	Docs string
}

// DocsURL is the docs page that documents the rules (docs/lint.md); each
// rule has an anchor in it.
const DocsURL = "https://github.com/tombstone-sql/tombstone/blob/main/docs/lint.md"

// URL returns the rule's documentation: the anchor of its name in its
// page (docs/lint.md for tombstone lint's own rules).
func (r *Rule) URL() string {
	if r.Docs != "" {
		return r.Docs + "#" + r.Anchor()
	}
	return DocsURL + "#" + r.Anchor()
}

// Anchor returns the id of the rule's heading in docs/lint.md.
func (r *Rule) Anchor() string { return strings.ToLower(r.Code) + "-" + r.Name }

// The rules. Codes and names never change meaning; a retired rule keeps
// its code unused.
var (
	MissingLivePredicate = &Rule{
		Code: "TS001", Name: "missing-live-predicate", Severity: Error,
		Summary: "A soft table is read without the live predicate",
		Help: "The statement reads a soft table (in a SELECT, subquery, CTE, view body, COPY, or the read side of " +
			"INSERT … SELECT, UPDATE … FROM or MERGE) with no live-row restriction in that scope, so it counts and " +
			"returns tombstoned rows. Add the live predicate (the suggestion shows where; `--fix` adds it), or suppress " +
			"with `-- @tombstone-ignore missing-live-predicate <reason>` when the statement must see deleted rows.",
	}
	LivePredicateInWhere = &Rule{
		Code: "TS002", Name: "live-predicate-in-where", Severity: Warning,
		Summary: "The live predicate of an outer-joined soft table is in WHERE",
		Help: "A live predicate for the nullable side of an outer join sits in the WHERE clause above the join, so it " +
			"filters the joined rows instead of the join: a row whose only match is a tombstone disappears instead of " +
			"keeping NULLs, and with flag and unix markers rows without a match are dropped too, as in an inner join. Put " +
			"the predicate in the join's ON clause (the fix adds it there and leaves WHERE alone; then remove the test from " +
			"WHERE). A live test in WHERE that is false for NULL (NOT c, c = false, c = 0) is reported even when ON already " +
			"has the predicate, since it still drops the rows the join extends with NULLs.",
	}
	DeleteRetainTable = &Rule{
		Code: "TS003", Name: "delete-retain-table", Severity: Error,
		Summary: "DELETE, TRUNCATE or REPLACE on a retain table",
		Help: "The policy keeps the table's rows for a retention period; the driver refuses this statement. Only " +
			"tombstone's lifecycle jobs remove rows once the retention has ended.",
	}
	DeleteSoftTable = &Rule{
		Code: "TS004", Name: "delete-soft-table", Severity: Error,
		Summary: "A plain DELETE (or TRUNCATE, REPLACE) on a soft table",
		Help: "Outside the tombstone driver this statement really deletes rows the policy keeps as tombstones during " +
			"the restore window. The fix turns the DELETE into the tombstone UPDATE the driver would send. Turn the rule " +
			"off (`lint: rules: delete-soft-table: off` in tombstone.yaml, or `--disable delete-soft-table`) for code that " +
			"runs through the tombstone driver, which does this itself.",
	}
	UpdateTombstones = &Rule{
		Code: "TS005", Name: "update-touches-tombstones", Severity: Warning,
		Summary: "An UPDATE (or ON CONFLICT) on a soft table can change tombstoned rows",
		Help: "The UPDATE's WHERE (or the ON CONFLICT target) has no live predicate for the soft table, so it also " +
			"changes tombstoned rows, or an insert conflicts with a tombstone. Add the live predicate.",
	}
	UnusedSuppression = &Rule{
		Code: "TS006", Name: "unused-suppression", Severity: Warning,
		Summary: "A suppression that suppressed nothing",
		Help: "A `@tombstone-ignore` comment names a rule that found nothing in its statement (or file). Remove it, " +
			"so it cannot hide a later finding by accident.",
	}
	UnparsedStatement = &Rule{
		Code: "TS007", Name: "unparsed-statement", Severity: Error,
		Summary: "A statement tombstone cannot parse or follow",
		Help: "The statement may touch a governed table but does not parse in the dialect, or tombstone cannot tell " +
			"how it uses a governed table (a DO block, an unknown construct). The driver refuses it (fail closed). " +
			"Check the dialect (`--dialect`, the policy's `dialect`, the sqlc engine) and the syntax.",
	}
	RefusedStatement = &Rule{
		Code: "TS008", Name: "refused-statement", Severity: Error,
		Summary: "A statement the driver would refuse for another reason",
		Help: "The driver refuses the statement: a table name the policy makes ambiguous, a DELETE mixing soft and " +
			"other tables, ON CONFLICT ON CONSTRAINT on a soft table, a TRUNCATE of an audited hard table, a reference " +
			"that cannot be filtered. The message says what to change.",
	}
	BadSuppression = &Rule{
		Code: "TS009", Name: "bad-suppression", Severity: Error,
		Summary: "A suppression without a known rule or a reason",
		Help: "A suppression must name a rule (code or name) and give a reason: " +
			"`-- @tombstone-ignore missing-live-predicate admin export reads deleted rows`. It has no effect until fixed.",
	}
)

// Rules lists every rule in code order.
var Rules = []*Rule{
	MissingLivePredicate, LivePredicateInWhere, DeleteRetainTable, DeleteSoftTable, UpdateTombstones,
	UnusedSuppression, UnparsedStatement, RefusedStatement, BadSuppression,
}

// LookupRule returns the rule with a code or name, case-insensitively.
func LookupRule(s string) *Rule {
	for _, r := range Rules {
		if strings.EqualFold(r.Code, s) || strings.EqualFold(r.Name, s) {
			return r
		}
	}
	return nil
}
