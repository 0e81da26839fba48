package oracle

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"strings"

	"github.com/tombstone-sql/tombstone/internal/rewritetest"
	"github.com/tombstone-sql/tombstone/rewrite"
)

// Case is one statement of a corpus file. A case starts with a header line
//
//	-- case: NAME [ordered] [exec] [unprepared] [refused=retained|refused|unparsed]
//
// optionally followed by "-- scope: FLAGS" (tombstone rewrite's scope
// flags) and "-- args: JSON-ARRAY" (bind arguments), then the SQL up to the
// next header.
type Case struct {
	Name string
	Line int
	SQL  string
	// Ordered compares result rows in order (the statement orders totally).
	Ordered bool
	// Exec runs the statement with Exec and compares rows affected;
	// otherwise it is a query and its rows are compared.
	Exec bool
	// Unprepared statements (several statements in one string) cannot be
	// prepared: they run directly even when the engine prepares.
	Unprepared bool
	// Refused names the sentinel the rewrite must refuse with.
	Refused string
	Scope   rewrite.Scope
	Args    []any
}

// ParseCorpus reads a corpus file.
func ParseCorpus(path string) ([]*Case, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var cases []*Case
	var cur *Case
	var body []string
	flush := func() {
		if cur != nil {
			sql := strings.TrimSpace(strings.Join(body, "\n"))
			cur.SQL = strings.TrimSpace(strings.TrimSuffix(sql, ";"))
			cases = append(cases, cur)
		}
		body = nil
	}
	seen := map[string]int{}
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for line := 1; sc.Scan(); line++ {
		text := sc.Text()
		switch {
		case strings.HasPrefix(text, "-- case:"):
			flush()
			fields := strings.Fields(strings.TrimPrefix(text, "-- case:"))
			if len(fields) == 0 {
				return nil, fmt.Errorf("%s:%d: case without a name", path, line)
			}
			if first, dup := seen[fields[0]]; dup {
				return nil, fmt.Errorf("%s:%d: case %s already defined on line %d", path, line, fields[0], first)
			}
			seen[fields[0]] = line
			cur = &Case{Name: fields[0], Line: line}
			for _, f := range fields[1:] {
				switch {
				case f == "ordered":
					cur.Ordered = true
				case f == "exec":
					cur.Exec = true
				case f == "unprepared":
					cur.Unprepared = true
				case strings.HasPrefix(f, "refused="):
					cur.Refused = strings.TrimPrefix(f, "refused=")
				default:
					return nil, fmt.Errorf("%s:%d: unknown case flag %q", path, line, f)
				}
			}
		case cur != nil && len(body) == 0 && strings.HasPrefix(text, "-- scope:"):
			s, err := rewritetest.ParseScope(strings.TrimPrefix(text, "-- scope:"))
			if err != nil {
				return nil, fmt.Errorf("%s:%d: %v", path, line, err)
			}
			cur.Scope = s
		case cur != nil && len(body) == 0 && strings.HasPrefix(text, "-- args:"):
			if err := json.Unmarshal([]byte(strings.TrimPrefix(text, "-- args:")), &cur.Args); err != nil {
				return nil, fmt.Errorf("%s:%d: args: %v", path, line, err)
			}
			for i, a := range cur.Args {
				if f, ok := a.(float64); ok && f == float64(int64(f)) {
					cur.Args[i] = int64(f)
				}
			}
		case cur == nil:
			// Text before the first case: a file comment.
		default:
			if len(body) == 0 && strings.TrimSpace(text) == "" {
				continue
			}
			body = append(body, text)
		}
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	flush()
	return cases, nil
}
