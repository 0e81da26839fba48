package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"path"
	"strings"

	"github.com/tombstone-sql/tombstone/gen"
)

// Errors of the plugin's configuration; match them with errors.Is.
var (
	// ErrOptions refuses plugin options that are not a JSON object of the
	// known keys, or whose values are of the wrong kind.
	ErrOptions = errors.New("sqlc-gen-tombstone: bad options")
	// ErrNoPolicy refuses a run without the policy option.
	ErrNoPolicy = errors.New("sqlc-gen-tombstone: no policy")
)

// options are the plugin's keys in sqlc.yaml: the codegen entry's options,
// over the top-level options.<plugin name> (global_options), key by key.
type options struct {
	// Policy is the path of tombstone.yaml, relative to sqlc's working
	// directory (sqlc runs the plugin there), or absolute.
	Policy string `json:"policy"`
	// Package is the generated file's package: it must be gen.go's
	// package (default: the last element of out).
	Package string `json:"package"`
	// SQLPackage is gen.go's sql_package: database/sql (default) or
	// pgx/v5; it chooses the key types and what the handles take.
	SQLPackage string `json:"sql_package"`
	// Migrations also writes the policy's migration in this layout: sql,
	// goose or golang-migrate (tombstone gen --migrations).
	Migrations string `json:"migrations"`
	// MigrationsDir is the migration files' directory, relative to out
	// and inside it (sqlc writes nothing outside out); default
	// "migrations".
	MigrationsDir string `json:"migrations_dir"`
	// MigrationName is the file name without extension (default
	// 0001_tombstone).
	MigrationName string `json:"migration_name"`
}

// parseOptions merges the global and the codegen options; out is the
// codegen entry's out, for the default package name.
func parseOptions(global, local []byte, out string) (options, error) {
	var o options
	for _, src := range []struct {
		where string
		data  []byte
	}{{"options.tombstone (top level)", global}, {"codegen options", local}} {
		if len(bytes.TrimSpace(src.data)) == 0 {
			continue
		}
		var next options
		dec := json.NewDecoder(bytes.NewReader(src.data))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&next); err != nil {
			return o, fmt.Errorf("%w: sqlc.yaml %s: %s; the keys are policy, package, sql_package, migrations, migrations_dir and migration_name, each a string", ErrOptions, src.where, strings.TrimPrefix(err.Error(), "json: "))
		}
		if err := dec.Decode(new(json.RawMessage)); err != io.EOF {
			return o, fmt.Errorf("%w: sqlc.yaml %s: more than one value", ErrOptions, src.where)
		}
		if next.Policy != "" {
			o.Policy = next.Policy
		}
		if next.Package != "" {
			o.Package = next.Package
		}
		if next.SQLPackage != "" {
			o.SQLPackage = next.SQLPackage
		}
		if next.Migrations != "" {
			o.Migrations = next.Migrations
		}
		if next.MigrationsDir != "" {
			o.MigrationsDir = next.MigrationsDir
		}
		if next.MigrationName != "" {
			o.MigrationName = next.MigrationName
		}
	}
	if o.Policy == "" {
		return o, fmt.Errorf("%w: set options: {policy: tombstone.yaml} on the tombstone codegen entry of sqlc.yaml (a path relative to the directory sqlc runs in)", ErrNoPolicy)
	}
	if o.Migrations == "" && (o.MigrationsDir != "" || o.MigrationName != "") {
		return o, fmt.Errorf("%w: migrations_dir and migration_name need migrations: sql, goose or golang-migrate", ErrOptions)
	}
	if o.Migrations != "" {
		if o.MigrationsDir == "" {
			o.MigrationsDir = "migrations"
		}
		if o.MigrationName == "" {
			o.MigrationName = "0001_tombstone"
		}
		d := path.Clean(strings.ReplaceAll(o.MigrationsDir, "\\", "/"))
		if path.IsAbs(d) || d == ".." || strings.HasPrefix(d, "../") {
			return o, fmt.Errorf("%w: migrations_dir %q: sqlc writes only inside out; name a directory under it, e.g. migrations", ErrOptions, o.MigrationsDir)
		}
		o.MigrationsDir = d
	}
	if o.Package == "" {
		o.Package = path.Base(strings.ReplaceAll(strings.TrimRight(out, "/\\"), "\\", "/"))
	}
	return o, nil
}

// flavor is the gen flavour of an sql_package value.
func (o options) flavor() (gen.Flavor, error) {
	switch o.SQLPackage {
	case "", "database/sql":
		return gen.DatabaseSQL, nil
	case "pgx/v5":
		return gen.PgxV5, nil
	}
	return "", fmt.Errorf("%w: sql_package %q: use database/sql or pgx/v5, the same as gen.go's sql_package", ErrOptions, o.SQLPackage)
}
