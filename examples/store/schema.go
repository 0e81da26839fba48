package store

import "fmt"

// Schema returns the statements that create the store's tables in a
// dialect (postgres, mysql or sqlite), as an application would have them
// before adopting tombstone: no tombstone columns, no audit table —
// `tombstone migrate` adds those.
func Schema(dialect string) ([]string, error) {
	types, ok := map[string][4]string{
		//           integer key, text,            timestamp,     money
		"postgres": {"integer", "text", "timestamptz", "numeric(10,2)"},
		"mysql":    {"INT", "VARCHAR(255)", "DATETIME(6)", "DECIMAL(10,2)"},
		"sqlite":   {"INTEGER", "TEXT", "TEXT", "NUMERIC"},
	}[dialect]
	if !ok {
		return nil, fmt.Errorf("store: unknown dialect %q", dialect)
	}
	id, text, ts, money := types[0], types[1], types[2], types[3]
	return []string{
		"CREATE TABLE customers (id " + id + " PRIMARY KEY, name " + text + " NOT NULL, email " + text + " NOT NULL, phone " + text + ", created_at " + ts + " NOT NULL)",
		"CREATE TABLE invoices (id " + id + " PRIMARY KEY, customer_id " + id + " NOT NULL REFERENCES customers (id), amount " + money + " NOT NULL, billing_name " + text + " NOT NULL, created_at " + ts + " NOT NULL)",
		"CREATE TABLE support_tickets (id " + id + " PRIMARY KEY, customer_id " + id + " NOT NULL REFERENCES customers (id), subject " + text + " NOT NULL, created_at " + ts + " NOT NULL)",
		"CREATE TABLE leads (id " + id + " PRIMARY KEY, email " + text + " NOT NULL, created_at " + ts + " NOT NULL)",
	}, nil
}

// Seed returns the store's rows: Maya, who bought a lamp whose shade
// arrived cracked, her invoice and support ticket, two other customers,
// and two leads, one of them long unanswered.
func Seed() []string {
	return []string{
		"INSERT INTO customers (id, name, email, phone, created_at) VALUES " +
			"(1, 'Maya', 'maya@example.com', '+1-555-0101', '2026-03-02 10:00:00'), " +
			"(2, 'Sam', 'sam@example.com', NULL, '2026-04-11 09:30:00'), " +
			"(3, 'Lee', 'lee@example.com', '+1-555-0133', '2026-05-20 16:45:00')",
		"INSERT INTO invoices (id, customer_id, amount, billing_name, created_at) VALUES " +
			"(101, 1, 89.00, 'Maya Example', '2026-03-02 10:05:00'), " +
			"(102, 2, 24.50, 'Sam Example', '2026-04-11 09:40:00')",
		"INSERT INTO support_tickets (id, customer_id, subject, created_at) VALUES " +
			"(201, 1, 'Lamp shade arrived cracked', '2026-03-05 08:15:00'), " +
			"(202, 3, 'Where is my order?', '2026-05-22 12:00:00')",
		"INSERT INTO leads (id, email, created_at) VALUES " +
			"(301, 'curious@example.com', '2026-01-10 14:00:00'), " +
			"(302, 'fresh@example.com', '2026-11-20 11:00:00')",
	}
}
