// Package dialects maps dialect names (the --dialect flag, sqlc engines,
// database/sql driver names) to rewrite adapters.
package dialects

import (
	"sort"
	"strings"

	"github.com/tombstone-sql/tombstone/rewrite"
	"github.com/tombstone-sql/tombstone/rewrite/mysql"
	"github.com/tombstone-sql/tombstone/rewrite/postgres"
	"github.com/tombstone-sql/tombstone/rewrite/sqlite"
)

// byName holds every adapter under its canonical name and its aliases.
var byName = map[string]rewrite.Dialect{
	"postgres":   postgres.Dialect{},
	"postgresql": postgres.Dialect{},
	"mysql":      mysql.Dialect{},
	"mariadb":    mysql.Dialect{},
	"sqlite":     sqlite.Dialect{},
	"sqlite3":    sqlite.Dialect{},
}

// Lookup returns the adapter for a dialect name, case-insensitively.
func Lookup(name string) (rewrite.Dialect, bool) {
	d, ok := byName[strings.ToLower(name)]
	return d, ok
}

// Names returns the canonical dialect names, sorted.
func Names() []string {
	seen := map[string]bool{}
	var out []string
	for _, d := range byName {
		if !seen[d.Name()] {
			seen[d.Name()] = true
			out = append(out, d.Name())
		}
	}
	sort.Strings(out)
	return out
}
