package review

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
)

// Formats lists the report's output formats.
var Formats = []string{"text", "markdown", "json", "html"}

// Write renders the report in format: text for a terminal, markdown to
// paste into a review, json for dashboards, html for a self-contained page
// with charts.
func (r *Report) Write(w io.Writer, format string) error {
	switch format {
	case "text":
		return r.writeText(w)
	case "markdown":
		return r.writeMarkdown(w)
	case "json":
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(r)
	case "html":
		return r.writeHTML(w)
	}
	return fmt.Errorf("unknown format %q; expected %s", format, strings.Join(Formats, ", "))
}

// span names the period, e.g. "2026-10 to 2026-12 (3 months)".
func (r *Report) span() string {
	if len(r.Period) == 1 {
		return r.Period[0] + " (1 month)"
	}
	return fmt.Sprintf("%s to %s (%d months)", r.Period[0], r.Period[len(r.Period)-1], r.Months)
}

// tombstoneLine is "3 live, 1 tombstone (25.0%)".
func (t *Table) tombstoneLine() string {
	if t.Rule != "soft" {
		return plural(t.Rows, "row")
	}
	return fmt.Sprintf("%s: %d live, %s (%.1f%%)", plural(t.Rows, "row"), t.Live, plural(t.Tombstones, "tombstone"), t.Share*100)
}

func (t *Table) spaceLine() string {
	if t.Space == nil {
		return ""
	}
	if t.Space.Bytes == 0 && strings.HasPrefix(t.Space.Method, "no estimate") {
		return t.Space.Method
	}
	return "about " + bytes(t.Space.Bytes) + " (" + t.Space.Method + ")"
}

func (t *Table) timedLine() string {
	if t.Timed == nil {
		return ""
	}
	tm := t.Timed
	switch {
	case tm.Action == "keep":
		return fmt.Sprintf("%s: %s past it, kept by the policy", tm.Rule, plural(tm.Past, "row"))
	case tm.Overdue:
		them := "them"
		if tm.Past == 1 {
			them = "it"
		}
		return fmt.Sprintf("%s: %s overdue for %s — no expire run has handled %s; is tombstone expire scheduled?", tm.Rule, plural(tm.Past, "row"), tm.Action, them)
	}
	return fmt.Sprintf("%s: nothing overdue (%s is up to date)", tm.Rule, tm.Action)
}

func (t *Table) oldestLine() string {
	if t.OldestDays == nil {
		return ""
	}
	return plural(*t.OldestDays, "day") + " old"
}

// total sums a table's months.
func total(ms []Month) Month {
	var s Month
	for _, m := range ms {
		s.Deletes += m.Deletes
		s.Restores += m.Restores
		s.Purges += m.Purges
		s.Anonymizations += m.Anonymizations
		s.Expirations += m.Expirations
		s.Erasures += m.Erasures
		s.Refusals += m.Refusals
	}
	return s
}

func (m Month) words() string {
	return strings.Join([]string{plural(m.Deletes, "delete"), plural(m.Restores, "restore"), plural(m.Purges, "purge"),
		plural(m.Anonymizations, "anonymization"), plural(m.Expirations, "expiration"), plural(m.Erasures, "erasure"),
		plural(m.Refusals, "refusal")}, ", ")
}

var monthColumns = []string{"month", "deletes", "restores", "purges", "anonymizations", "expirations", "erasures", "refusals"}

func (m Month) cells() []string {
	return []string{m.Month, fmt.Sprint(m.Deletes), fmt.Sprint(m.Restores), fmt.Sprint(m.Purges), fmt.Sprint(m.Anonymizations),
		fmt.Sprint(m.Expirations), fmt.Sprint(m.Erasures), fmt.Sprint(m.Refusals)}
}

func (r *Report) writeText(w io.Writer) error {
	var b strings.Builder
	fmt.Fprintf(&b, "Storage and restore review of %s (%s), %s\n", r.Policy, r.Dialect, r.span())
	for _, t := range r.Tables {
		fmt.Fprintf(&b, "\n%s (%s)\n", t.Name, t.Rule)
		fmt.Fprintf(&b, "  %s\n", t.tombstoneLine())
		if s := t.spaceLine(); s != "" {
			fmt.Fprintf(&b, "  space: %s\n", s)
		}
		if s := t.oldestLine(); s != "" {
			fmt.Fprintf(&b, "  oldest tombstone: %s\n", s)
		}
		if s := t.timedLine(); s != "" {
			fmt.Fprintf(&b, "  %s\n", s)
		}
		if r.Audited {
			fmt.Fprintf(&b, "  audit trail: %s\n", total(t.Monthly).words())
		}
		if t.Restores != nil {
			fmt.Fprintf(&b, "  %s\n", t.Restores.Summary)
		}
	}
	if !r.Audited {
		b.WriteString("\nThe policy has no audit trail: no monthly counts or restore times.\n")
	} else {
		b.WriteString("\nAudit trail per month, every table:\n")
		rows := [][]string{monthColumns}
		for _, m := range r.Monthly {
			rows = append(rows, m.cells())
		}
		writeColumns(&b, rows)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// writeColumns writes rows as aligned columns, the first left-aligned and
// the others right-aligned, indented by two spaces.
func writeColumns(b *strings.Builder, rows [][]string) {
	width := make([]int, len(rows[0]))
	for _, r := range rows {
		for i, c := range r {
			width[i] = max(width[i], len(c))
		}
	}
	for _, r := range rows {
		line := "  "
		for i, c := range r {
			if i == 0 {
				line += fmt.Sprintf("%-*s", width[i], c)
			} else {
				line += fmt.Sprintf("  %*s", width[i], c)
			}
		}
		b.WriteString(strings.TrimRight(line, " ") + "\n")
	}
}

func (r *Report) writeMarkdown(w io.Writer) error {
	var b strings.Builder
	fmt.Fprintf(&b, "# Storage and restore review\n\n%s (%s), %s.\n\n", mdText(r.Policy), r.Dialect, r.span())
	b.WriteString("| table | rule | rows | live | tombstones | share | space | oldest tombstone | past its timed rule |\n")
	b.WriteString("|---|---|--:|--:|--:|--:|---|---|---|\n")
	for _, t := range r.Tables {
		share, tombs := "", ""
		if t.Rule == "soft" {
			share, tombs = fmt.Sprintf("%.1f%%", t.Share*100), fmt.Sprint(t.Tombstones)
		}
		space := ""
		if t.Space != nil {
			space = bytes(t.Space.Bytes)
			if strings.HasPrefix(t.Space.Method, "no estimate") {
				space = "no estimate"
			}
		}
		past := ""
		if t.Timed != nil {
			past = fmt.Sprintf("%d (%s", t.Timed.Past, t.Timed.Action)
			if t.Timed.Overdue {
				past += ", **overdue**"
			}
			past += ")"
		}
		fmt.Fprintf(&b, "| %s | %s | %d | %d | %s | %s | %s | %s | %s |\n", mdText(t.Name), t.Rule, t.Rows, t.Live, tombs, share, space, t.oldestLine(), past)
	}
	var notes []string
	for _, t := range r.Tables {
		if t.Timed != nil && t.Timed.Overdue {
			notes = append(notes, "- **"+mdText(t.Name)+"**: "+mdText(t.timedLine()))
		}
		if t.Space != nil {
			notes = append(notes, "- "+mdText(t.Name)+" space: "+mdText(t.Space.Method))
		}
	}
	if len(notes) > 0 {
		b.WriteString("\n" + strings.Join(notes, "\n") + "\n")
	}
	if !r.Audited {
		b.WriteString("\nThe policy has no audit trail: no monthly counts or restore times.\n")
		_, err := io.WriteString(w, b.String())
		return err
	}
	b.WriteString("\n## Restores\n\n")
	for _, t := range r.Tables {
		if t.Restores != nil {
			fmt.Fprintf(&b, "- **%s**: %s\n", mdText(t.Name), mdText(t.Restores.Summary))
		}
	}
	b.WriteString("\n## Audit trail per month\n\n")
	mdTable(&b, r.Monthly)
	for _, t := range r.Tables {
		fmt.Fprintf(&b, "\n### %s\n\n", mdText(t.Name))
		mdTable(&b, t.Monthly)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func mdTable(b *strings.Builder, ms []Month) {
	b.WriteString("| " + strings.Join(monthColumns, " | ") + " |\n|---|" + strings.Repeat("--:|", len(monthColumns)-1) + "\n")
	for _, m := range ms {
		b.WriteString("| " + strings.Join(m.cells(), " | ") + " |\n")
	}
}

// mdText escapes the characters markdown tables and emphasis read.
func mdText(s string) string {
	return strings.NewReplacer("|", `\|`, "*", `\*`, "_", `\_`, "<", "&lt;", ">", "&gt;").Replace(s)
}

// bytes renders a byte count, e.g. "1.5 KiB".
func bytes(n int64) string {
	if n < 1024 {
		return plural(n, "byte")
	}
	f := float64(n)
	for _, unit := range []string{"KiB", "MiB", "GiB", "TiB"} {
		f /= 1024
		if f < 1024 || unit == "TiB" {
			return fmt.Sprintf("%.1f %s", f, unit)
		}
	}
	return ""
}
