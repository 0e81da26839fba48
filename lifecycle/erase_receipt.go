package lifecycle

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/tombstone-sql/tombstone/policy"
)

// Receipt is what an erasure did, table by table, and what is left to do
// by hand: the proof to give the person, with no personal value in it.
type Receipt struct {
	Subject Subject `json:"subject"`
	DryRun  bool    `json:"dry_run"`
	// Tables lists the subject's tables in the policy's order for the
	// subject.
	Tables []ReceiptTable `json:"tables"`
	// FollowUps lists the systems outside the database that receive
	// copies of the subject's tables (the policy's copies).
	FollowUps []FollowUp `json:"follow_ups"`
	// At is when the erasure ran, by the application's clock; it is what
	// the erasure log records.
	At time.Time `json:"-"`
}

// The outcomes of a table in a receipt.
const (
	// OutcomeAnonymized: a soft table's rows were anonymized and are
	// tombstones that can no longer be restored.
	OutcomeAnonymized = "anonymized"
	// OutcomeDeleted: the rows were deleted for good.
	OutcomeDeleted = "deleted"
	// OutcomeKept: a retain table's rows were anonymized and kept for
	// their retention.
	OutcomeKept = "kept"
)

// ReceiptTable is one table of a receipt.
type ReceiptTable struct {
	Table   string `json:"table"`
	Outcome string `json:"outcome"`
	// Rows is how many of the person's rows the erasure anonymized or
	// deleted (dry run: would); 0 when there were none, or when they were
	// erased before.
	Rows int64 `json:"rows"`
	// Anonymized lists the personal columns replaced (anonymized, kept).
	Anonymized []string `json:"anonymized,omitempty"`
	// Rule is the policy rule that decided the outcome, in words.
	Rule string `json:"rule"`
}

// FollowUp is a system that holds copies of the subject's tables, which
// an erasure in the database cannot reach.
type FollowUp struct {
	System  string   `json:"system"`
	Tables  []string `json:"tables"`
	KeptFor string   `json:"kept_for"`
	Note    string   `json:"note,omitempty"`
	// ToDo says what to do there, e.g. "remove customer 42 there".
	ToDo string `json:"to_do"`
}

func newReceipt(p *policy.Policy, sub Subject, plan []*eraseTable, dry bool) *Receipt {
	rec := &Receipt{Subject: sub, DryRun: dry, At: time.Now().UTC().Truncate(time.Second), FollowUps: []FollowUp{}}
	var tables []*policy.Table
	for _, et := range plan {
		t := et.t
		tables = append(tables, t)
		rt := ReceiptTable{Table: t.Name}
		switch {
		case t.Rule == policy.Soft && et.anonymize:
			rt.Outcome, rt.Anonymized = OutcomeAnonymized, t.Personal
			rt.Rule = "soft delete with erase: anonymize (the default)"
		case t.Rule == policy.Soft:
			rt.Outcome, rt.Rule = OutcomeDeleted, "soft delete with erase: purge"
		case t.Rule == policy.Retain:
			rt.Outcome, rt.Anonymized = OutcomeKept, t.Personal
			rt.Rule = "retain for " + t.Retention.Words() + " after " + t.AgeColumn
		default:
			rt.Outcome, rt.Rule = OutcomeDeleted, "hard delete"
		}
		rec.Tables = append(rec.Tables, rt)
	}
	for _, c := range p.CopiesOf(tables) {
		f := FollowUp{System: c.Name, KeptFor: c.KeptFor.Words(), Note: c.Note,
			ToDo: "remove " + sub.Kind + " " + sub.ID + " there"}
		for _, t := range c.Tables {
			for _, x := range tables {
				if x == t {
					f.Tables = append(f.Tables, t.Name)
				}
			}
		}
		rec.FollowUps = append(rec.FollowUps, f)
	}
	return rec
}

// WriteText writes the receipt for a terminal or an email to the person.
func (r *Receipt) WriteText(w io.Writer) error {
	var b strings.Builder
	fmt.Fprintf(&b, "Erasure of %s %s", r.Subject.Kind, r.Subject.ID)
	if r.DryRun {
		b.WriteString(" (dry run: nothing was changed)")
	}
	b.WriteString("\n\nIn the database:\n")
	verb := map[bool]string{false: "", true: "would be "}[r.DryRun]
	for _, t := range r.Tables {
		rows := plural(t.Rows, "row")
		switch t.Outcome {
		case OutcomeAnonymized:
			refused := "restoring is refused from now on"
			if r.DryRun {
				refused = "restoring would be refused from then on"
			}
			fmt.Fprintf(&b, "  - %s: %s %sanonymized (%s) and tombstoned; %s", t.Table, rows, verb, strings.Join(t.Anonymized, ", "), refused)
		case OutcomeKept:
			fmt.Fprintf(&b, "  - %s: %s %skept, %s anonymized", t.Table, rows, verb, strings.Join(t.Anonymized, ", "))
		default:
			fmt.Fprintf(&b, "  - %s: %s %sdeleted for good", t.Table, rows, verb)
		}
		fmt.Fprintf(&b, ".\n    Rule: %s.\n", t.Rule)
	}
	if len(r.FollowUps) == 0 {
		b.WriteString("\nFollow-ups: none; the policy names no system that receives copies of these tables.\n")
	} else {
		b.WriteString("\nFollow-ups (systems outside the database that hold copies; tombstone cannot reach them):\n")
		for _, f := range r.FollowUps {
			fmt.Fprintf(&b, "  - %s: %s — kept %s; %s.", f.System, strings.Join(f.Tables, ", "), f.KeptFor, f.ToDo)
			if f.Note != "" {
				fmt.Fprintf(&b, " (%s)", f.Note)
			}
			b.WriteString("\n")
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func plural(n int64, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}
