package cli

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/tombstone-sql/tombstone/gen"
	"github.com/tombstone-sql/tombstone/internal/dburl"
)

// genTimeout bounds reading the live catalog.
const genTimeout = 30 * time.Second

// runGen writes the typed handles (and, with --migrations, the migration
// files) for the policy, from the live database's catalog; with --check it
// writes nothing and exits 1 when a file on disk differs from what it
// would write.
func runGen(e *env, args []string) int {
	fs := e.flags("gen", "[--policy FILE] [--dsn URL | --sqlc FILE [--engine ENGINE]] --out DIR --package NAME [--sql-package database/sql|pgx/v5] [--migrations sql|goose|golang-migrate --migrations-out DIR [--migration-name NAME]] [--check]")
	path := fs.String("policy", "tombstone.yaml", "the policy file")
	dsn := fs.String("dsn", "", "the database URL whose catalog gives the key columns' types (postgres://…, mysql://…, sqlite:PATH); default $"+dburl.EnvVar)
	sqlcFile := fs.String("sqlc", "", "read the tables from the schema files of this sqlc.yaml (sql[].schema) instead of a live database")
	engine := fs.String("engine", "", "with --sqlc: the sql entry's engine (postgresql, mysql, sqlite) when the file has several and --out names none of their outputs")
	out := fs.String("out", "", "the directory of the generated Go file (tombstone.go)")
	pkg := fs.String("package", "", "the generated file's Go package name")
	flavor := fs.String("sql-package", string(gen.DatabaseSQL), "the handles' database: database/sql (a *sql.DB through tombstone) or pgx/v5 (the pgx native pool, PostgreSQL)")
	layout := fs.String("migrations", "", "also write the migration in this layout: sql (sqlc's schema folder), goose or golang-migrate")
	migOut := fs.String("migrations-out", "", "the directory of the migration files (with --migrations)")
	migName := fs.String("migration-name", "0001_tombstone", "the migration's file name without extension; goose and golang-migrate want the version first")
	check := fs.Bool("check", false, "write nothing; exit 1 listing the files that differ from what would be generated")
	if code, ok := e.parse(fs, args); !ok {
		return code
	}
	usage := func(format string, args ...any) int {
		fmt.Fprintf(e.stderr, "tombstone gen: "+format+"\n", args...)
		return exitUsage
	}
	if (*layout == "") != (*migOut == "") {
		return usage("--migrations and --migrations-out go together: name the layout (sql, goose or golang-migrate) and the directory")
	}
	p, ok := e.loadPolicy("gen", *path)
	if !ok {
		return exitUsage
	}
	if *engine != "" && *sqlcFile == "" {
		return usage("--engine picks an entry of --sqlc's file; pass --sqlc too")
	}
	var (
		cat     *gen.Catalog
		dialect string
	)
	if *sqlcFile != "" {
		if *dsn != "" {
			return usage("--dsn and --sqlc both name where the tables come from; pass one")
		}
		var err error
		if cat, err = sqlcCatalog(*sqlcFile, *engine, *out); err != nil {
			return usage("%s", oneLine(err.Error()))
		}
		dialect = cat.Dialect
	} else {
		raw, err := dburl.FromEnv(*dsn)
		if err != nil {
			return usage("%v", err)
		}
		db, target, err := dburl.OpenPlain(raw)
		if err != nil {
			return usage("%v", err)
		}
		defer db.Close()
		ctx, cancel := context.WithTimeout(context.Background(), genTimeout)
		defer cancel()
		if cat, err = liveCatalog(ctx, db, target.Dialect); err != nil {
			return usage("cannot read the database's tables: %s", oneLine(err.Error()))
		}
		dialect = target.Dialect
	}
	files, err := gen.Generate(gen.Config{Package: *pkg, Flavor: gen.Flavor(*flavor), Policy: p, Catalog: cat, Source: filepath.Base(*path)})
	if err != nil {
		return usage("%s", oneLine(err.Error()))
	}
	type placed struct {
		dir string
		gen.File
	}
	var all []placed
	for _, f := range files {
		all = append(all, placed{*out, f})
	}
	if *layout != "" {
		src := *p
		src.Source = filepath.Base(*path)
		mig, err := gen.Migration(&src, dialect, gen.Layout(*layout), *migName)
		if err != nil {
			return usage("%s", oneLine(err.Error()))
		}
		for _, f := range mig {
			all = append(all, placed{*migOut, f})
		}
	}
	if *check {
		drift := 0
		for _, f := range all {
			name := filepath.Join(f.dir, f.Name)
			have, err := os.ReadFile(name)
			switch {
			case os.IsNotExist(err):
				fmt.Fprintf(e.stdout, "%s: missing\n", name)
				drift++
			case err != nil:
				return usage("%v", err)
			case !bytes.Equal(have, f.Contents):
				fmt.Fprintf(e.stdout, "%s: differs from what tombstone gen would write\n", name)
				drift++
			}
		}
		if drift > 0 {
			fmt.Fprintf(e.stderr, "tombstone gen: %d generated file(s) are out of date; run tombstone gen without --check and commit the result\n", drift)
			return exitFinding
		}
		return exitOK
	}
	for _, f := range all {
		if err := os.MkdirAll(f.dir, 0o755); err != nil {
			return usage("%v", err)
		}
		name := filepath.Join(f.dir, f.Name)
		if err := os.WriteFile(name, f.Contents, 0o644); err != nil {
			return usage("%v", err)
		}
		fmt.Fprintf(e.stdout, "wrote %s\n", name)
	}
	return exitOK
}

// liveCatalog reads the database's tables (gen.ReadCatalog).
func liveCatalog(ctx context.Context, db *sql.DB, dialect string) (*gen.Catalog, error) {
	return gen.ReadCatalog(ctx, db, dialect)
}

// sqlcCatalog reads the tables of a sqlc.yaml's schema files: the entry
// of engine, or the one writing into out (gen.PickSQLC).
func sqlcCatalog(file, engine, out string) (*gen.Catalog, error) {
	entries, err := gen.LoadSQLC(file)
	if err != nil {
		return nil, err
	}
	entry, err := gen.PickSQLC(file, entries, engine, out)
	if err != nil {
		return nil, err
	}
	files, err := gen.ReadSchema(entry.Schema...)
	if err != nil {
		return nil, err
	}
	return gen.SchemaCatalog(entry.Dialect, files)
}
