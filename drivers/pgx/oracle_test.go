package pgx_test

import (
	"context"
	"database/sql"
	"log/slog"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/tombstone-sql/tombstone"
	tpgx "github.com/tombstone-sql/tombstone/drivers/pgx"
	"github.com/tombstone-sql/tombstone/internal/oracle"
	"github.com/tombstone-sql/tombstone/internal/rewritetest"
)

// through opens tombstone-pgx on the oracle's database, with the audit
// trail installed, so every write of the corpus also fires its triggers.
func through(t testing.TB, dsn string) *sql.DB {
	p := rewritetest.Policy(t)
	oracle.Migrate(t, "pgx", dsn, "postgres", nil)
	cfg, err := pgx.ParseConfig(dsn)
	if err != nil {
		t.Fatal(err)
	}
	db, err := tpgx.OpenDB(*cfg, p, tombstone.WithLogger(slog.New(slog.DiscardHandler)))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// TestOracle replays the PostgreSQL oracle corpus through the wrapped pgx
// driver, direct and prepared.
func TestOracle(t *testing.T) {
	for _, prepared := range []bool{false, true} {
		name := "direct"
		if prepared {
			name = "prepared"
		}
		t.Run(name, func(t *testing.T) {
			e := oracle.Postgres()
			e.Through = through
			e.Prepare = prepared
			oracle.Run(t, e, "testdata/oracle/postgres.sql", 0.75)
		})
	}
}

// TestOracleNative replays the corpus through the pgx-native pool, direct
// and prepared (Tx.Prepare, then the statement's name), in every query
// exec mode.
func TestOracleNative(t *testing.T) {
	modes := []pgx.QueryExecMode{pgx.QueryExecModeCacheStatement, pgx.QueryExecModeCacheDescribe, pgx.QueryExecModeDescribeExec, pgx.QueryExecModeExec, pgx.QueryExecModeSimpleProtocol}
	for _, mode := range modes {
		for _, prepared := range []bool{false, true} {
			if prepared && mode != pgx.QueryExecModeCacheStatement {
				continue // a prepared statement runs the same in every mode
			}
			name := mode.String()
			if prepared {
				name += "/prepared"
			}
			t.Run(name, func(t *testing.T) {
				e := oracle.Postgres()
				e.ThroughDoor = func(t testing.TB, dsn string) oracle.Door { return throughNative(t, dsn, mode) }
				e.Prepare = prepared
				oracle.Run(t, e, "testdata/oracle/postgres.sql", 0.75)
			})
		}
	}
}

// throughNative opens tombstone's pgx-native pool on the oracle's
// database, with the audit trail installed.
func throughNative(t testing.TB, dsn string, mode pgx.QueryExecMode) oracle.Door {
	p := rewritetest.Policy(t)
	oracle.Migrate(t, "pgx", dsn, "postgres", nil)
	cfg, err := pgxpool.ParseConfig(dsn)
	if err != nil {
		t.Fatal(err)
	}
	cfg.ConnConfig.DefaultQueryExecMode = mode
	pool, err := tpgx.NewPool(context.Background(), cfg, p, tombstone.WithLogger(slog.New(slog.DiscardHandler)))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(pool.Close)
	return nativeDoor{pool}
}

type nativeDoor struct{ pool *tpgx.Pool }

func (d nativeDoor) Begin(ctx context.Context) (oracle.Tx, error) {
	tx, err := d.pool.Begin(ctx)
	if err != nil {
		return nil, err
	}
	return nativeTx{tx}, nil
}

func (d nativeDoor) Exec(ctx context.Context, sql string, args ...any) error {
	_, err := d.pool.Exec(ctx, sql, args...)
	return err
}

type nativeTx struct{ tx pgx.Tx }

func (t nativeTx) Exec(ctx context.Context, sql string, args ...any) (int64, error) {
	tag, err := t.tx.Exec(ctx, sql, args...)
	return tag.RowsAffected(), err
}

func (t nativeTx) Query(ctx context.Context, sql string, args ...any) (oracle.Result, error) {
	// Results in text, as pgx's stdlib asks for types it does not map:
	// the leading option argument goes through tombstone untouched.
	rows, err := t.tx.Query(ctx, sql, append([]any{pgx.QueryResultFormats{pgx.TextFormatCode}}, args...)...)
	if err != nil {
		return oracle.Result{}, err
	}
	return collect(rows)
}

func (t nativeTx) Prepared(ctx context.Context, sql string, exec bool, args ...any) (oracle.Result, error) {
	if _, err := t.tx.Prepare(ctx, "oracle_case", sql); err != nil {
		return oracle.Result{}, err
	}
	defer t.tx.Conn().Deallocate(ctx, "oracle_case")
	if exec {
		n, err := t.Exec(ctx, "oracle_case", args...)
		return oracle.Result{Affected: n}, err
	}
	return t.Query(ctx, "oracle_case", args...)
}

func (t nativeTx) Rollback(ctx context.Context) error { return t.tx.Rollback(ctx) }

// collect reads pgx's rows (in text format) as database/sql (pgx's
// stdlib) presents them: integers as int64, floats as float64, text,
// times, booleans and bytes as they are, and every other type as its text.
func collect(rows pgx.Rows) (oracle.Result, error) {
	defer rows.Close()
	var res oracle.Result
	fields := rows.FieldDescriptions()
	for _, f := range fields {
		res.Columns = append(res.Columns, f.Name)
	}
	m := rows.TypeMap()
	for rows.Next() {
		vals, err := rows.Values()
		if err != nil {
			return res, err
		}
		raw := rows.RawValues()
		for i, v := range vals {
			switch x := v.(type) {
			case nil, bool, int64, float64, string, []byte, time.Time:
			case int16:
				vals[i] = int64(x)
			case int32:
				vals[i] = int64(x)
			case float32:
				vals[i] = float64(x)
			default:
				var s string
				if err := m.PlanScan(fields[i].DataTypeOID, fields[i].Format, &s).Scan(raw[i], &s); err != nil {
					return res, err
				}
				vals[i] = s
			}
		}
		res.Rows = append(res.Rows, vals)
	}
	return res, rows.Err()
}
