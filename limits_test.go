package tombstone_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/tombstone-sql/tombstone"
)

// TestParserLimits sends statements beyond what a dialect's parser
// follows through the driver: each is refused with ErrUnparsed and a
// message naming the limit, and nothing reaches the server.
func TestParserLimits(t *testing.T) {
	union := strings.Repeat("SELECT name FROM customers UNION ALL ", 19999) + "SELECT name FROM customers"
	parens := func(n int) string {
		return "SELECT " + strings.Repeat("(", n) + "name" + strings.Repeat(")", n) + " FROM customers"
	}
	subqueries := strings.Repeat("SELECT name FROM customers WHERE id IN (", 3000) + "1" + strings.Repeat(")", 3000)
	tests := map[string][]struct {
		name, sql, want string
	}{
		"postgres": {
			{"20,000-arm UNION ALL", union, "nests deeper than tombstone's parser follows"},
			{"12,000 parentheses", parens(12000), "nests deeper than tombstone's parser follows"},
			{"3,000 nested subqueries", subqueries, "nests deeper than tombstone's parser follows"},
		},
		"sqlite": {
			{"20,000-arm UNION ALL", union, "nests deeper than tombstone's parser follows"},
			{"12,000 parentheses", parens(12000), "nests deeper than tombstone's parser follows"},
			{"3,000 nested subqueries", subqueries, "nests deeper than tombstone's parser follows"},
		},
		"mysql": {
			{"1,001 parentheses", parens(1001), "its parentheses nest more than 1000 levels deep"},
			{"3,000 nested subqueries", subqueries, "its parentheses nest more than 1000 levels deep"},
		},
	}
	forEach(t, func(t *testing.T, d string) {
		e := newEnv(t, d, envOptions{})
		ctx := context.Background()
		// Within the limits a statement runs as usual (and the connection
		// is set up before counting).
		if got := names(t, ctx, e.db, parens(50)+" ORDER BY id"); len(got) != 3 {
			t.Errorf("50 parentheses: got %v, want the three live customers", got)
		}
		for _, tt := range tests[d] {
			before := e.sent.Load()
			rows, err := e.db.QueryContext(ctx, tt.sql)
			if err == nil {
				rows.Close()
			}
			if !errors.Is(err, tombstone.ErrUnparsed) || err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("%s: err = %.300v, want ErrUnparsed saying %q", tt.name, err, tt.want)
			}
			if n := e.sent.Load() - before; n != 0 {
				t.Errorf("%s: %d statements reached the server", tt.name, n)
			}
		}
	})
}
