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
				b.WriteString("deleted for good")
			case Anonymize:
				fmt.Fprintf(&b, "personal data (%s) is anonymized", strings.Join(t.Personal, ", "))
			default:
				b.WriteString("kept as a tombstone")
			}
		}
		if t.AfterWindow != Anonymize && len(t.Personal) > 0 {
			fmt.Fprintf(&b, "; a privacy erasure anonymizes %s", strings.Join(t.Personal, ", "))
		}
	case Retain:
		fmt.Fprintf(&b, "kept for %s (counted from %s) and deleting is refused", t.Retention.Words(), t.AgeColumn)
		if len(t.Personal) > 0 {
			fmt.Fprintf(&b, "; a privacy erasure anonymizes personal data (%s) and keeps the record", strings.Join(t.Personal, ", "))
		}
	case Hard:
		b.WriteString("hard delete")
		if !t.ExpireAfter.IsZero() {
			fmt.Fprintf(&b, "; rows are deleted %s after %s", t.ExpireAfter.Words(), t.AgeColumn)
		}
	}
	b.WriteString(".")
	return b.String()
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
	s := fmt.Sprintf("Every tombstoning, hard delete and refused delete is recorded in %s: time, actor, reason, action, table and row key, never other column values.", p.Audit.Table)
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
	default:
		return fmt.Errorf("unknown format %q; expected text or markdown", format)
	}
	_, err := io.WriteString(w, b.String())
	return err
}
