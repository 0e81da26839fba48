-- The key and deletion-time types of SQLite, NOT NULL (k_) and nullable
-- (n_); u_ columns are types tombstone refuses as keys.
CREATE TABLE kinds (
  k_integer INTEGER NOT NULL, n_integer INTEGER,
  k_int INT NOT NULL, n_int INT,
  k_bigint BIGINT NOT NULL, n_bigint BIGINT,
  k_text TEXT NOT NULL, n_text TEXT,
  k_varchar VARCHAR(40) NOT NULL, n_varchar VARCHAR(40),
  k_datetime DATETIME NOT NULL, n_datetime DATETIME,
  k_timestamp TIMESTAMP NOT NULL, n_timestamp TIMESTAMP,
  k_date DATE NOT NULL, n_date DATE,
  k_boolean BOOLEAN NOT NULL, n_boolean BOOLEAN,
  u_real REAL NOT NULL,
  u_blob BLOB,
  u_numeric NUMERIC NOT NULL
);
