package tombstone_test

import (
	"context"
	"database/sql"
	"errors"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/jackc/pgx/v5"

	"github.com/tombstone-sql/tombstone"
	_ "github.com/tombstone-sql/tombstone/drivers/mysql"
	"github.com/tombstone-sql/tombstone/examples/store"
	"github.com/tombstone-sql/tombstone/internal/testdb"
)

// TestDSNParameter opens each registered driver with tombstone_policy read
// as the base driver reads its DSN: a decoy inside another value is not
// taken for it, the path may hold spaces, the server never sees the
// parameter (pgx would send it at startup, go-sql-driver as SET, and
// either fails the connection), and naming it twice is an error that names
// it.
func TestDSNParameter(t *testing.T) {
	policyPath := filepath.Join(t.TempDir(), "my policy.yaml")
	if err := os.WriteFile(policyPath, store.Policy, 0o644); err != nil {
		t.Fatal(err)
	}
	bg := context.Background()
	// hides checks that the policy was loaded: the tombstoned customer is
	// not read.
	hides := func(t *testing.T, db *sql.DB) {
		t.Helper()
		if got := names(t, bg, db, "SELECT name FROM customers ORDER BY id"); !cmp.Equal(got, []string{"Maya", "Sam"}) {
			t.Errorf("customers = %v, want [Maya Sam]", got)
		}
	}
	twice := func(t *testing.T, driverName, dsn string) {
		t.Helper()
		db, err := sql.Open(driverName, dsn)
		if err == nil {
			err = db.Ping()
			db.Close()
		}
		if !errors.Is(err, tombstone.ErrDSN) || !strings.Contains(err.Error(), "tombstone_policy appears 2 times") {
			t.Errorf("err = %v, want ErrDSN naming tombstone_policy", err)
		}
	}
	t.Run("pgx", func(t *testing.T) {
		dsn, schema := testdb.PostgresSchema(t)
		raw := open(t, "pgx", dsn)
		setup(t, "postgres", raw, storePolicy(t, nil), false)
		testdb.MustExec(t, raw, "UPDATE customers SET deleted_at = now() WHERE id = 3")
		cfg, err := pgx.ParseConfig(dsn)
		if err != nil {
			t.Fatal(err)
		}
		kv := "host=" + cfg.Host + " port=" + strconv.Itoa(int(cfg.Port)) + " user=" + cfg.User +
			" dbname=" + cfg.Database + " sslmode=disable search_path=" + schema +
			" application_name='a tombstone_policy=/x'"
		for name, dsn := range map[string]string{
			"keyword/value": kv + " tombstone_policy = '" + strings.ReplaceAll(policyPath, "'", `\'`) + "'",
			"url":           dsn + "&application_name=tombstone_policy%3D%2Fx&tombstone_policy=" + url.PathEscape(policyPath),
		} {
			t.Run(name, func(t *testing.T) {
				db := open(t, "tombstone-pgx", dsn)
				hides(t, db)
				if got := names(t, bg, db, "SHOW application_name"); len(got) != 1 || !strings.Contains(got[0], "tombstone_policy") {
					t.Errorf("application_name = %v, want the decoy", got)
				}
			})
		}
		twice(t, "tombstone-pgx", kv+" tombstone_policy=/a tombstone_policy=/b")
	})
	t.Run("mysql", func(t *testing.T) {
		dsn, _ := testdb.MySQLDatabase(t, "")
		raw := open(t, "mysql", dsn)
		setup(t, "mysql", raw, storePolicy(t, nil), false)
		testdb.MustExec(t, raw, "UPDATE customers SET deleted_at = NOW() WHERE id = 3")
		db := open(t, "tombstone-mysql", dsn+"?@decoy=%27tombstone_policy%3D%2Fx%27&tombstone_policy="+url.QueryEscape(policyPath))
		hides(t, db)
		twice(t, "tombstone-mysql", dsn+"?tombstone_policy=%2Fa&tombstone_policy=%2Fb")
	})
	t.Run("sqlite", func(t *testing.T) {
		file := filepath.Join(t.TempDir(), "store.db")
		raw := open(t, "sqlite", "file:"+file)
		setup(t, "sqlite", raw, storePolicy(t, nil), false)
		testdb.MustExec(t, raw, "UPDATE customers SET deleted_at = '2026-11-01' WHERE id = 3")
		db := open(t, "tombstone-sqlite", "file:"+file+"?_pragma=busy_timeout(1000)&tombstone_policy="+url.QueryEscape(policyPath))
		hides(t, db)
		twice(t, "tombstone-sqlite", "file:"+file+"?tombstone_policy=a&tombstone_policy=b")
	})
}
