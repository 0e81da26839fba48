package postgres_test

import (
	"testing"

	"github.com/tombstone-sql/tombstone/internal/rewritetest"
	"github.com/tombstone-sql/tombstone/rewrite/postgres"
)

func TestGolden(t *testing.T) { rewritetest.Golden(t, postgres.Dialect{}) }
