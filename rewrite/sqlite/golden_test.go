package sqlite_test

import (
	"testing"

	"github.com/tombstone-sql/tombstone/internal/rewritetest"
	"github.com/tombstone-sql/tombstone/rewrite/sqlite"
)

func TestGolden(t *testing.T) { rewritetest.Golden(t, sqlite.Dialect{}) }
