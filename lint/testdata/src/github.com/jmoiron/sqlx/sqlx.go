// Package sqlx is a stub of github.com/jmoiron/sqlx for the analyzer's tests.
package sqlx

import "database/sql"

type DB struct{ *sql.DB }

type Tx struct{ *sql.Tx }

type NamedStmt struct{}

func (db *DB) Select(dest any, query string, args ...any) error { return nil }

func (db *DB) Get(dest any, query string, args ...any) error { return nil }

func (db *DB) MustExec(query string, args ...any) sql.Result { return nil }

func (db *DB) NamedExec(query string, arg any) (sql.Result, error) { return nil, nil }

func (db *DB) PrepareNamed(query string) (*NamedStmt, error) { return nil, nil }

func (db *DB) Rebind(query string) string { return query }

func (db *DB) BindNamed(query string, arg any) (string, []any, error) { return query, nil, nil }

func (tx *Tx) NamedExec(query string, arg any) (sql.Result, error) { return nil, nil }

func In(query string, args ...any) (string, []any, error) { return query, args, nil }

func Named(query string, arg any) (string, []any, error) { return query, nil, nil }

func Rebind(bindType int, query string) string { return query }
