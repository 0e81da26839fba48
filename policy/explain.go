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
	s := fmt.Sprintf("Every tombstoning, hard delete and refused delete, and every row the expire job purges, anonymizes or expires, is recorded in %s: time, actor, reason, action, table and row key, never other column values.", p.Audit.Table)
	if p.Audit.RequireActor {
		s += " A delete without an actor is refused."
	}
	return s
}

// Explain writes the policy as the plain page a team pins up; format is
// "text" or "markdown".
func (p *Policy) Explain(w io.Writer, format string) error {
	var b strings.Builder
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
		b.WriteString("\nRoles:\n")
		if len(p.Roles) == 0 {
			b.WriteString("  - none: the application is trusted with every scope.\n")
		}
		for _, r := range p.Roles {
			fmt.Fprintf(&b, "  - %s\n", r.Sentence())
		}
		fmt.Fprintf(&b, "\nAudit:\n  - %s\n", p.AuditSentence())
		if s := p.JobSentence(); s != "" {
			fmt.Fprintf(&b, "\nWho carries out the timed rules:\n  - %s\n", s)
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
		b.WriteString("\n## Roles\n\n")
		if len(p.Roles) == 0 {
			b.WriteString("- None: the application is trusted with every scope.\n")
		}
		for _, r := range p.Roles {
			s := r.Sentence()
			fmt.Fprintf(&b, "- **%s**%s\n", r.Name, s[len(r.Name):])
		}
		fmt.Fprintf(&b, "\n## Audit\n\n%s\n", p.AuditSentence())
		if s := p.JobSentence(); s != "" {
			fmt.Fprintf(&b, "\n## Who carries out the timed rules\n\n%s\n", s)
		}
	default:
		return fmt.Errorf("unknown format %q; expected text or markdown", format)
	}
	_, err := io.WriteString(w, b.String())
	return err
}
