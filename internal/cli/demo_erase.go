package cli

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/tombstone-sql/tombstone"
	storesqlite "github.com/tombstone-sql/tombstone/examples/store/sqlc/sqlite"
	"github.com/tombstone-sql/tombstone/lifecycle"
	"github.com/tombstone-sql/tombstone/policy"
)

// demoErasure is the end of the story: Maya asks the store to erase her
// data. Steps are numbered from n.
func demoErasure(out io.Writer, db, raw *sql.DB, rec *recorder, p *policy.Policy, hs *storesqlite.TombstoneHandles, n int) error {
	bg := context.Background()
	fmt.Fprintf(out, "%d. Maya sends a privacy request: erase my data. The privacy desk runs\n", n)
	fmt.Fprintln(out, "   tombstone erase --subject customer=1 --role privacy --actor 'sam (privacy)' --reason 'request 2026-118'")
	fmt.Fprintln(out, "   (the store's privacy screen calls the generated hs.EraseCustomer(ctx, \"1\", …): lifecycle.Erase)")
	rec.reset()
	receipt, err := hs.EraseCustomer(bg, "1",
		lifecycle.WithRole("privacy"), lifecycle.WithActor("sam (privacy)"), lifecycle.WithReason("request 2026-118"))
	if err != nil {
		return err
	}
	rec.reset()
	fmt.Fprintln(out, "   The receipt, for Maya and the privacy file:")
	var b strings.Builder
	if err := receipt.WriteText(&b); err != nil {
		return err
	}
	for _, line := range strings.Split(strings.TrimRight(b.String(), "\n"), "\n") {
		fmt.Fprintln(out, strings.TrimRight("     "+line, " "))
	}
	fmt.Fprintln(out)
	n++

	manager := tombstone.WithRole(bg, "manager")
	steps := []demoStep{
		{"Finance's invoice list: her invoice is kept for its 7 years, billing_name anonymized", bg,
			"SELECT id, customer_id, amount, billing_name FROM invoices ORDER BY id", nil, false},
		{"A manager lists every customer, deleted ones too: Maya's row is a tombstone with no personal data",
			tombstone.WithDeleted(manager, "customers"), "SELECT id, name, email, coalesce(phone, '-') FROM customers ORDER BY id", nil, false},
	}
	if n, err = runSteps(out, db, rec, n, steps); err != nil {
		return err
	}
	fmt.Fprintf(out, "%d. The manager's deleted-customers screen: who deleted each tombstone, and why\n", n)
	fmt.Fprintln(out, "   app calls     hs.Customers.Tombstones(ctx)  (generated: lifecycle.Tombstones)")
	list, err := hs.Customers.Tombstones(manager)
	if err != nil {
		return err
	}
	rec.reset()
	for _, ts := range list {
		fmt.Fprintf(out, "   customer %d    deleted by %s: %s\n", ts.Key, ts.DeletedBy, ts.Reason)
	}
	fmt.Fprintln(out)
	n++
	fmt.Fprintf(out, "%d. A manager tries to restore Maya's profile, inside the 30-day window\n", n)
	fmt.Fprintln(out, "   app calls     hs.Customers.Restore(ctx, 1)  (generated: lifecycle.Restore)")
	err = hs.Customers.Restore(tombstone.WithActor(manager, "kim (manager)", "undo"), 1)
	rec.reset()
	switch {
	case errors.Is(err, lifecycle.ErrErased):
		fmt.Fprintln(out, "   refused       lifecycle.ErrErased: the audit trail's erase row makes the restore trigger refuse it, whoever asks")
	case err != nil:
		return err
	default:
		return errors.New("the erased row was restored")
	}
	fmt.Fprintln(out)

	fmt.Fprintln(out, "The erasure in the audit trail: one erase row per row, key only:")
	rows, err := raw.Query("SELECT actor, reason, action, table_name, coalesce(row_key, '') FROM tombstone_audit WHERE action = 'erase' ORDER BY id")
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var actor, reason sql.NullString
		var action, table, key string
		if err := rows.Scan(&actor, &reason, &action, &table, &key); err != nil {
			return err
		}
		fmt.Fprintf(out, "  %-11s %-15s %-10s by %-15s %s\n", action, table, key, actor.String, reason.String)
	}
	return rows.Err()
}
