-- The key and deletion-time types of PostgreSQL, NOT NULL (k_) and
-- nullable (n_); u_ columns are types tombstone refuses as keys.
CREATE TABLE kinds (
  k_int int NOT NULL, n_int int,
  k_integer integer NOT NULL, n_integer integer,
  k_int4 int4 NOT NULL, n_int4 int4,
  k_bigint bigint NOT NULL, n_bigint bigint,
  k_int8 int8 NOT NULL, n_int8 int8,
  k_smallint smallint NOT NULL, n_smallint smallint,
  k_int2 int2 NOT NULL, n_int2 int2,
  k_serial serial, k_bigserial bigserial, k_smallserial smallserial,
  k_text text NOT NULL, n_text text,
  k_varchar varchar(40) NOT NULL, n_varchar varchar(40),
  k_charvar character varying NOT NULL, n_charvar character varying,
  k_char char(3) NOT NULL, n_char char(3),
  k_uuid uuid NOT NULL, n_uuid uuid,
  k_timestamptz timestamptz NOT NULL, n_timestamptz timestamptz,
  k_tswtz timestamp with time zone NOT NULL, n_tswtz timestamp with time zone,
  k_timestamp timestamp NOT NULL, n_timestamp timestamp,
  k_tswotz timestamp without time zone NOT NULL, n_tswotz timestamp without time zone,
  k_bool boolean NOT NULL, n_bool boolean,
  u_numeric numeric(10, 2) NOT NULL,
  u_interval interval,
  u_real real,
  u_int_array int[] NOT NULL,
  u_bytea bytea NOT NULL
);

CREATE SCHEMA app;

CREATE TABLE app.accounts (
  id bigserial PRIMARY KEY,
  deleted_at timestamptz
);
