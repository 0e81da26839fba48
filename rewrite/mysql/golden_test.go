package mysql_test

import (
	"testing"

	"github.com/tombstone-sql/tombstone/internal/rewritetest"
	"github.com/tombstone-sql/tombstone/rewrite/mysql"
)

// TestGolden runs testdata/rewrite/mysql; regenerate with -update.
func TestGolden(t *testing.T) { rewritetest.Golden(t, mysql.Dialect{}) }
