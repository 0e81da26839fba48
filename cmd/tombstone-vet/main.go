// Command tombstone-vet runs tombstone lint on Go packages: constant SQL
// passed to database/sql, pgx and sqlx. Run it standalone
// (tombstone-vet ./...) or under go vet:
//
//	go vet -vettool=$(which tombstone-vet) ./...
package main

import (
	"golang.org/x/tools/go/analysis/singlechecker"

	"github.com/tombstone-sql/tombstone/lint/analyzer"
)

func main() { singlechecker.Main(analyzer.Analyzer) }
