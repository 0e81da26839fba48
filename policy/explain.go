package policy

import (
	"fmt"
	"io"
	"strings"
)

// Sentence says a table's rule in one plain sentence, e.g. "customers: soft
// delete; restorable for 30 days, then personal data (name, email, phone)
// is anonymized."
func (t *Table) Sentence() string {
	var b strings.Builder
	b.WriteString(t.Name)
	b.WriteString(": ")
	switch t.Rule {
	case Soft:
		b.WriteString("soft delete")
		if t.RestoreWindow.IsZero() {
			b.WriteString("; restorable at any time, and tombstones are kept")
		} else {
			fmt.Fprintf(&b, "; restorable for %s, then ", t.RestoreWindow.Words())
			switch t.AfterWindow {
			case Purge:
				b.WriteString("deleted for good by " + ExpireJob)
			case Anonymize:
				fmt.Fprintf(&b, "personal data (%s) is anonymized by %s and the row can no longer be restored", strings.Join(t.Personal, ", "), ExpireJob)
			default:
				b.WriteString("kept as a tombstone")
			}
		}
		if t.AfterWindow != Anonymize && len(t.Personal) > 0 {
			fmt.Fprintf(&b, "; a privacy erasure anonymizes %s", strings.Join(t.Personal, ", "))
		}
	case Retain:
		fmt.Fprintf(&b, "kept for %s (counted from %s) and deleting is refused; after that, ", t.Retention.Words(), t.AgeColumn)
		switch t.AfterRetention {
		case Purge:
			b.WriteString("deleted for good by " + ExpireJob)
		case Anonymize:
			fmt.Fprintf(&b, "personal data (%s) is anonymized by %s and the record kept", strings.Join(t.Personal, ", "), ExpireJob)
		default:
			b.WriteString("kept, as after_retention is keep")
		}
		if len(t.Personal) > 0 {
			fmt.Fprintf(&b, "; a privacy erasure anonymizes personal data (%s) and keeps the record", strings.Join(t.Personal, ", "))
		}
	case Hard:
		b.WriteString("hard delete")
		if !t.ExpireAfter.IsZero() {
			fmt.Fprintf(&b, "; rows are deleted %s after %s by %s", t.ExpireAfter.Words(), t.AgeColumn, ExpireJob)
		}
	}
	b.WriteString(".")
	return b.String()
}

// ExpireJob names who carries out the policy's timed rules, in sentences.
const ExpireJob = "the expire job (tombstone expire)"

// Timed reports whether the table has a rule that takes effect when time
// passes: a restore window that ends in purge or anonymize, an expiry, or
// a retention that ends in purge or anonymize.
func (t *Table) Timed() bool {
	switch t.Rule {
	case Soft:
		return !t.RestoreWindow.IsZero() && t.AfterWindow != Keep
	case Hard:
		return !t.ExpireAfter.IsZero()
	case Retain:
		return t.AfterRetention != Keep
	}
	return false
}

// JobSentence says who carries out the timed rules, or "" when the policy
// has none.
func (p *Policy) JobSentence() string {
	for _, t := range p.Tables {
		if t.Timed() {
			return "Timed rules are carried out by " + ExpireJob + ", which the team runs on its own schedule (cron, a Kubernetes CronJob, a systemd timer or its Go scheduler): between two runs nothing is purged, anonymized or expired."
		}
	}
	return ""
}

// Sentence says what a role may do, e.g. "manager may see deleted rows and
// restore them."
func (r *Role) Sentence() string {
	var can []string
	if r.SeeDeleted {
		can = append(can, "see deleted rows")
	}
	if r.Restore {
		can = append(can, "restore them")
		if !r.SeeDeleted {
			can[len(can)-1] = "restore deleted rows"
		}
	}
	if r.Erase {
		can = append(can, "erase a person's data")
	}
	if r.Purge {
		can = append(can, "purge rows for good")
	}
	if r.ChangeSchema {
		can = append(can, "drop or rename governed tables and their tombstone and key columns")
	}
	if len(can) == 0 {
		return r.Name + " sees live rows only."
	}
	s := can[0]
	if len(can) > 1 {
		s = strings.Join(can[:len(can)-1], ", ") + " and " + can[len(can)-1]
	}
	return r.Name + " may " + s + "."
}

// AuditSentence says what the audit rule records.
func (p *Policy) AuditSentence() string {
	if p.Audit == nil {
		return "Deletes are not recorded: the policy has no audit trail."
	}
	s := fmt.Sprintf("Every tombstoning, restore, hard delete, refused delete and refused restore, and every row the expire job purges, anonymizes or expires, is recorded in %s: time, actor, reason, action, table and row key, never other column values.", p.Audit.Table)
	if p.Audit.RequireActor {
		s += " A delete without an actor is refused."
	}
	return s
}

// The article's five questions a deletion policy must answer; Explain
// answers each in a section of its own.
var Questions = [5]string{
	"Which records can you restore, and for how long?",
	"Which records need an audit trail?",
	"Which records must be fully erased after a privacy request?",
	"Which systems receive copies?",
	"Who owns the final delete decision?",
}

// RestoreSentence answers the first question for one table.
func (t *Table) RestoreSentence() string {
	switch t.Rule {
	case Soft:
		if t.RestoreWindow.IsZero() {
			return t.Name + ": restorable at any time (tombstone restore); tombstones are kept."
		}
		s := fmt.Sprintf("%s: restorable for %s after deletion (tombstone restore); then ", t.Name, t.RestoreWindow.Words())
		switch t.AfterWindow {
		case Purge:
			return s + "deleted for good."
		case Anonymize:
			return s + "its personal data is anonymized and it can no longer be restored."
		}
		return s + "it stays a tombstone that can no longer be restored."
	case Retain:
		return fmt.Sprintf("%s: nothing to restore: deleting is refused for %s (counted from %s).", t.Name, t.Retention.Words(), t.AgeColumn)
	}
	return t.Name + ": cannot be restored: a delete is final."
}

// AuditActions lists what the audit trail records for the table, by the
// audit trail's action names.
func (p *Policy) AuditActions(t *Table) []string {
	erased := false
	for _, s := range p.Subjects {
		for _, st := range s.Tables {
			if st.Table == t {
				erased = true
			}
		}
	}
	var out []string
	switch t.Rule {
	case Soft:
		out = append(out, "tombstone", "restore")
		if !t.RestoreWindow.IsZero() || erased {
			out = append(out, "restore_refused") // a restore asked past the window or of an erased row (lifecycle.Restore, tombstone restore)
		}
		out = append(out, "hard_delete")
		switch {
		case t.AfterWindow == Purge && !t.RestoreWindow.IsZero():
			out = append(out, "purge")
		case t.AfterWindow == Anonymize && !t.RestoreWindow.IsZero():
			out = append(out, "anonymize")
		}
	case Hard:
		out = append(out, "hard_delete")
		if !t.ExpireAfter.IsZero() {
			out = append(out, "expire")
		}
	case Retain:
		out = append(out, "refused")
		switch t.AfterRetention {
		case Purge:
			out = append(out, "expire")
		case Anonymize:
			out = append(out, "anonymize")
		}
	}
	if erased {
		out = append(out, "erase")
	}
	return out
}

// OwnerSentence answers the last question for one table.
func (t *Table) OwnerSentence() string {
	if t.Owner == "" {
		return t.Name + ": not named; add `owner: TEAM` to " + t.Name + "."
	}
	return t.Name + ": " + t.Owner + "."
}

// CopySentence says what a copy receives and for how long.
func (c *Copy) CopySentence() string {
	names := make([]string, len(c.Tables))
	for i, t := range c.Tables {
		names[i] = t.Name
	}
	s := fmt.Sprintf("%s: %s — kept %s.", c.Name, strings.Join(names, ", "), c.KeptFor.Words())
	if c.Note != "" {
		s += " " + c.Note + "."
	}
	return s
}

// answers returns, per question, its sentences: each a top-level line and
// the lines under it.
func (p *Policy) answers() [5][]answer {
	var a [5][]answer
	for _, t := range p.Tables {
		a[0] = append(a[0], answer{text: t.RestoreSentence()})
	}
	if len(p.Subjects) > 0 {
		a[0] = append(a[0], answer{text: "A row erased for a privacy request (tombstone erase) can never be restored."})
	}
	if s := p.JobSentence(); s != "" {
		a[0] = append(a[0], answer{text: s})
	}

	a[1] = append(a[1], answer{text: p.AuditSentence()})
	if p.Audit != nil {
		for _, t := range p.Tables {
			a[1] = append(a[1], answer{text: t.Name + ": " + strings.Join(p.AuditActions(t), ", ") + "."})
		}
		if len(p.Subjects) > 0 {
			a[1] = append(a[1], answer{text: "A privacy erasure writes one erase row per row it anonymizes or deletes, with its actor and reason and the row's key only."})
		}
	}

	if len(p.Subjects) == 0 {
		a[2] = append(a[2], answer{text: "None named: the policy has no subjects, so tombstone erase has no one to erase; add `subjects:` with each kind of person and the tables holding their rows."})
	}
	for _, s := range p.Subjects {
		an := answer{text: fmt.Sprintf("A %s (tombstone erase --subject %s=ID), in the rows whose column holds the id:", s.Kind, s.Kind)}
		for _, st := range s.Tables {
			_, what, _ := strings.Cut(st.Table.EraseSentence(), ": ")
			an.sub = append(an.sub, fmt.Sprintf("%s, by %s: %s.", st.Table.Name, strings.Join(st.Columns, " or "), what))
		}
		a[2] = append(a[2], an)
	}
	if len(p.Subjects) > 0 {
		a[2] = append(a[2], answer{text: "Systems that receive copies (below) are not reached; each erase receipt lists them as follow-ups, and a restored backup needs tombstone erase --replay."})
	}

	if len(p.Copies) == 0 {
		a[3] = append(a[3], answer{text: "None named: add `copies:` with each system that receives rows (backups, a warehouse, a CRM, search), so that erase receipts list them."})
	}
	for _, c := range p.Copies {
		a[3] = append(a[3], answer{text: c.CopySentence()})
	}

	for _, t := range p.Tables {
		a[4] = append(a[4], answer{text: t.OwnerSentence()})
	}
	if len(p.Roles) == 0 {
		a[4] = append(a[4], answer{text: "Roles: none; the application is trusted with every scope."})
	} else {
		an := answer{text: "Roles, who may act on a decision:"}
		for _, r := range p.Roles {
			an.sub = append(an.sub, r.Sentence())
		}
		a[4] = append(a[4], an)
	}
	return a
}

type answer struct {
	text string
	sub  []string
}

// Explain writes the policy as the plain page a team pins up; format is
// "text" or "markdown". After one sentence per record type it answers the
// five questions of Questions, one section each.
func (p *Policy) Explain(w io.Writer, format string) error {
	var b strings.Builder
	answers := p.answers()
	switch format {
	case "text", "":
		b.WriteString("Deletion policy")
		if p.Mode == Shadow {
			b.WriteString(" (shadow mode: reported, not enforced)")
		}
		b.WriteString("\n\nRecords:\n")
		for _, t := range p.Tables {
			fmt.Fprintf(&b, "  - %s\n", t.Sentence())
		}
		for i, q := range Questions {
			fmt.Fprintf(&b, "\n%d. %s\n", i+1, q)
			for _, a := range answers[i] {
				fmt.Fprintf(&b, "  - %s\n", a.text)
				for _, s := range a.sub {
					fmt.Fprintf(&b, "      %s\n", s)
				}
			}
		}
	case "markdown":
		b.WriteString("# Deletion policy\n\n")
		if p.Mode == Shadow {
			b.WriteString("> Shadow mode: violations are reported, not enforced.\n\n")
		}
		b.WriteString("## Records\n\n")
		for _, t := range p.Tables {
			s := t.Sentence()
			fmt.Fprintf(&b, "- **%s**%s\n", t.Name, s[len(t.Name):])
		}
		for i, q := range Questions {
			fmt.Fprintf(&b, "\n## %d. %s\n\n", i+1, q)
			for _, a := range answers[i] {
				fmt.Fprintf(&b, "- %s\n", bold(a.text))
				for _, s := range a.sub {
					fmt.Fprintf(&b, "  - %s\n", bold(s))
				}
			}
		}
	default:
		return fmt.Errorf("unknown format %q; expected text or markdown", format)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// bold sets in bold the name before a sentence's first ": " when it is a
// plain name (a table, system or role), as the markdown page lists them.
func bold(s string) string {
	name, rest, ok := strings.Cut(s, ": ")
	if !ok || name == "" || strings.ContainsAny(name, "*`") {
		return s
	}
	table, by, _ := strings.Cut(name, ", by ")
	if strings.Contains(table, " ") {
		return s
	}
	if by != "" {
		return "**" + table + "**, by " + by + ": " + rest
	}
	return "**" + name + "**: " + rest
}
