-- The key and deletion-time types of MySQL/MariaDB, NOT NULL (k_) and
-- nullable (n_); u_ columns are types tombstone refuses as keys.
CREATE TABLE kinds (
  k_int INT NOT NULL, n_int INT,
  k_integer INTEGER NOT NULL, n_integer INTEGER,
  k_uint INT UNSIGNED NOT NULL, n_uint INT UNSIGNED,
  k_bigint BIGINT NOT NULL, n_bigint BIGINT,
  k_ubigint BIGINT UNSIGNED NOT NULL, n_ubigint BIGINT UNSIGNED,
  k_smallint SMALLINT NOT NULL, n_smallint SMALLINT,
  k_usmallint SMALLINT UNSIGNED NOT NULL,
  k_mediumint MEDIUMINT NOT NULL, n_mediumint MEDIUMINT,
  k_tinyint TINYINT NOT NULL, n_tinyint TINYINT,
  k_utinyint TINYINT UNSIGNED NOT NULL,
  k_serial SERIAL,
  k_auto BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  k_bool1 TINYINT(1) NOT NULL, n_bool1 TINYINT(1),
  k_boolean BOOLEAN NOT NULL, n_boolean BOOLEAN,
  k_varchar VARCHAR(255) NOT NULL, n_varchar VARCHAR(255),
  k_char CHAR(36) NOT NULL, n_char CHAR(36),
  k_text TEXT NOT NULL, n_text TEXT,
  k_datetime DATETIME NOT NULL, n_datetime DATETIME,
  k_datetime6 DATETIME(6) NOT NULL, n_datetime6 DATETIME(6) NULL,
  k_timestamp TIMESTAMP NOT NULL, n_timestamp TIMESTAMP NULL,
  k_date DATE NOT NULL, n_date DATE,
  u_decimal DECIMAL(10, 2) NOT NULL,
  u_json JSON,
  u_blob BLOB NOT NULL
);
