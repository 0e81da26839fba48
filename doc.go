// Package tombstone enforces a team's written deletion policy where SQL
// flows: soft delete with a restore window, hard delete, retention for a
// number of years, and anonymization of personal fields, one rule per
// record type.
//
// # The policy
//
// The policy is a file, tombstone.yaml, read by [LoadPolicy] or
// [ParsePolicy] into a [Policy]. Each governed table has one rule:
//
//   - delete: soft — a DELETE becomes an UPDATE that sets the table's
//     tombstone column (its marker: a timestamp, a flag or a unix time),
//     and reads see live rows only; restore_window and after_window say
//     how long a tombstone can be restored and what happens then (purge,
//     anonymize the personal columns, keep).
//   - delete: hard — a DELETE really deletes; expire_after removes old rows.
//   - delete: retain — a DELETE is refused until the retention period ends.
//
// The policy may also name roles (who may see, restore, erase or purge
// deleted rows) and an audit table that records every tombstoning, hard
// delete and refused delete with its actor and reason. A bad policy is
// refused as a whole: the error lists every problem with its file, line,
// column and key. Every table that is not governed passes untouched.
//
// # The front doors
//
// Open the database through tombstone and keep the application's SQL —
// hand-written, sqlc-generated, sqlx, GORM without its own soft delete —
// and every statement is
// rewritten to enforce the policy on its way to the server:
//
//   - [OpenDB] wraps any registered database/sql driver by name, and
//     [NewConnector] any driver.Connector; the packages drivers/pgx,
//     drivers/mysql and drivers/sqlite add constructors from each
//     driver's own config and register tombstone-pgx, tombstone-mysql
//     and tombstone-sqlite.
//   - drivers/pgx also wraps pgx's native interface (a pgxpool.Pool, a
//     pgx.Conn) for code that does not use database/sql.
//
// Both doors share one enforcement path, so a statement is decided the
// same way whichever door it comes through. [WithMode] ([Shadow]) sends
// statements unchanged and logs what enforcing would have done, for a
// rollout; [WithLogger] and [WithCache] set the logger and the rewrite
// cache's bounds.
//
// # Scopes, actor and role
//
// By default a statement sees live rows only and a DELETE of a soft table
// tombstones. The context widens that for one call: [WithDeleted] shows a
// table's tombstones too and [OnlyDeleted] shows only them, to list or
// restore them; with no table named they mean every soft table, and a name
// the policy does not govern as a soft table fails every statement with
// [ErrScope]. [HardDelete] makes a DELETE real (with OnlyDeleted: a purge),
// and [AllowSchemaChanges] lets a migration drop or rename governed tables
// and columns. [WithActor] names who acts and why, for the audit trail;
// [WithRole] names the policy role whose permissions the scopes need. No
// text in a statement can widen its scope.
//
// # Errors
//
// A statement that would break the policy is refused before anything is
// sent, with an error naming the table and the rule; match it with
// errors.Is: [ErrRetained], [ErrRefused], [ErrScope], [ErrUnparsed] (fail closed: a
// statement that may touch a governed table but cannot be followed),
// [ErrSchemaChange], [ErrForbidden], [ErrNoActor], [ErrNoAudit],
// [ErrEncoding] and [ErrDSN]. Restores return [ErrWindowClosed],
// [ErrNotDeleted] and [ErrNoRow].
//
// # The jobs and the tools
//
// The timed rules and the per-row actions are package lifecycle:
// [github.com/tombstone-sql/tombstone/lifecycle.Expire] purges and
// anonymizes what the windows and retention periods say is due,
// [github.com/tombstone-sql/tombstone/lifecycle.Restore] restores one
// tombstone inside its window, Purge and Tombstones delete and list
// tombstones, and Erase carries out a privacy erasure for one person. They
// take the application's database opened through tombstone (a *sql.DB, or
// for the per-row actions also the pgx pool), so their statements meet the
// same enforcement as any other. Package gen generates typed handles per
// governed table, package review reads a live database against its policy,
// and the tombstone command (cmd/tombstone) runs all of these, prints the
// migrations (audit table, triggers, live-only unique keys), explains a
// policy in plain sentences, rewrites SQL on stdin and lints SQL and Go
// code (package lint). Each subject has its page under docs/ in the
// repository, linked from the README.
package tombstone
