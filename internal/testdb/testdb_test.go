package testdb

import "testing"

func TestPostgresSmoke(t *testing.T) {
	db := Postgres(t)
	MustExec(t, db, "CREATE TABLE smoke (id int PRIMARY KEY)", "INSERT INTO smoke VALUES (1), (2)")
	var n int
	if err := db.QueryRow("SELECT count(*) FROM smoke").Scan(&n); err != nil || n != 2 {
		t.Fatalf("count = %d, %v", n, err)
	}
	t.Logf("server: %s", Describe(db))
}

func TestMySQLSmoke(t *testing.T) {
	db := MySQL(t, "")
	MustExec(t, db, "CREATE TABLE smoke (id int PRIMARY KEY)", "INSERT INTO smoke VALUES (1), (2)")
	var n int
	if err := db.QueryRow("SELECT count(*) FROM smoke").Scan(&n); err != nil || n != 2 {
		t.Fatalf("count = %d, %v", n, err)
	}
	t.Logf("server: %s", Describe(db))
}
