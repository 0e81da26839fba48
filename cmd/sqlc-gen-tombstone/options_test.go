package main

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestParseOptions(t *testing.T) {
	for _, tc := range []struct {
		name          string
		global, local string
		out           string
		want          options
		err           error
		msg           string
	}{
		{name: "local", local: `{"policy":"tombstone.yaml","package":"db","sql_package":"pgx/v5"}`, out: "internal/db",
			want: options{Policy: "tombstone.yaml", Package: "db", SQLPackage: "pgx/v5"}},
		{name: "package from out", local: `{"policy":"p.yaml"}`, out: "internal/store/",
			want: options{Policy: "p.yaml", Package: "store"}},
		{name: "global under local", global: `{"policy":"global.yaml","sql_package":"pgx/v5"}`, local: `{"policy":"local.yaml"}`, out: "db",
			want: options{Policy: "local.yaml", Package: "db", SQLPackage: "pgx/v5"}},
		{name: "global only", global: `{"policy":"global.yaml"}`, out: "db",
			want: options{Policy: "global.yaml", Package: "db"}},
		{name: "migrations", local: `{"policy":"p.yaml","migrations":"goose"}`, out: "db",
			want: options{Policy: "p.yaml", Package: "db", Migrations: "goose", MigrationsDir: "migrations", MigrationName: "0001_tombstone"}},
		{name: "migrations dir cleaned", local: `{"policy":"p.yaml","migrations":"sql","migrations_dir":"./schema/","migration_name":"tombstone"}`, out: "db",
			want: options{Policy: "p.yaml", Package: "db", Migrations: "sql", MigrationsDir: "schema", MigrationName: "tombstone"}},
		{name: "migrations outside out", local: `{"policy":"p.yaml","migrations":"sql","migrations_dir":"../schema"}`, out: "db", err: ErrOptions, msg: "only inside out"},
		{name: "migrations absolute", local: `{"policy":"p.yaml","migrations":"sql","migrations_dir":"/tmp/x"}`, out: "db", err: ErrOptions, msg: "only inside out"},
		{name: "migration name without layout", local: `{"policy":"p.yaml","migration_name":"x"}`, out: "db", err: ErrOptions, msg: "need migrations"},
		{name: "no policy", local: `{"package":"db"}`, out: "db", err: ErrNoPolicy, msg: "options: {policy: tombstone.yaml}"},
		{name: "nothing", out: "db", err: ErrNoPolicy},
		{name: "unknown key", local: `{"policy":"p.yaml","polcy":"x"}`, out: "db", err: ErrOptions, msg: `unknown field "polcy"`},
		{name: "wrong kind", local: `{"policy":["p.yaml"]}`, out: "db", err: ErrOptions, msg: "codegen options"},
		{name: "global wrong", global: `{"sql_package":1}`, local: `{"policy":"p.yaml"}`, out: "db", err: ErrOptions, msg: "options.tombstone (top level)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := parseOptions([]byte(tc.global), []byte(tc.local), tc.out)
			if tc.err != nil {
				if !errors.Is(err, tc.err) || !strings.Contains(err.Error(), tc.msg) {
					t.Fatalf("err = %v, want %v containing %q", err, tc.err, tc.msg)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.want, got, cmp.AllowUnexported(options{})); diff != "" {
				t.Errorf("options (-want +got):\n%s", diff)
			}
		})
	}
}

func TestFlavor(t *testing.T) {
	for _, ok := range []string{"", "database/sql", "pgx/v5"} {
		if _, err := (options{SQLPackage: ok}).flavor(); err != nil {
			t.Errorf("%q: %v", ok, err)
		}
	}
	for _, bad := range []string{"pgx/v4", "lib/pq"} {
		if _, err := (options{SQLPackage: bad}).flavor(); !errors.Is(err, ErrOptions) || !strings.Contains(err.Error(), bad) {
			t.Errorf("%q: %v, want ErrOptions naming it", bad, err)
		}
	}
}
