package review

import "github.com/tombstone-sql/tombstone/lint"

// DoctorDocs is the page that documents doctor's rules; each has an anchor
// (its code and name) in it.
const DoctorDocs = "https://github.com/tombstone-sql/tombstone/blob/main/docs/review.md"

// Doctor's rules. Codes and names never change meaning.
var (
	MissingTable = &lint.Rule{Code: "TD001", Name: "missing-table", Severity: lint.Error, Docs: DoctorDocs,
		Summary: "A governed table does not exist",
		Help:    "The policy governs a table the database does not have (or the connection's schema search path does not reach). Create the table, fix its name in the policy, or remove its entry."}
	MissingTombstoneColumn = &lint.Rule{Code: "TD002", Name: "missing-tombstone-column", Severity: lint.Error, Docs: DoctorDocs,
		Summary: "A soft table has no tombstone column",
		Help:    "Soft deletes set the table's tombstone column; without it every statement on the table fails. Run the DDL tombstone migrate prints (the suggestion)."}
	TombstoneColumnMismatch = &lint.Rule{Code: "TD003", Name: "tombstone-column-mismatch", Severity: lint.Error, Docs: DoctorDocs,
		Summary: "The tombstone column's type, nullability or default does not fit its marker",
		Help:    "A timestamp marker is a nullable timestamp with no default (NULL = live); a flag marker is a boolean defaulting to false; a unix marker is a NOT NULL integer defaulting to 0. Any other shape hides live rows or makes new rows tombstones. Change the column to what tombstone migrate adds (the suggestion)."}
	UniqueCountsTombstones = &lint.Rule{Code: "TD004", Name: "unique-counts-tombstones", Severity: lint.Error, Docs: DoctorDocs,
		Summary: "A unique key on a soft table still counts tombstones",
		Help:    "A plain unique key holds tombstones too, so a new row cannot reuse a deleted row's value (an email address, a slug) — the most reported soft-delete bug. Replace it with one that holds live rows only: add the columns to the table's `unique:` in the policy and run the DDL tombstone migrate prints (the suggestion), then drop the plain key."}
	MissingLiveUnique = &lint.Rule{Code: "TD005", Name: "missing-live-unique", Severity: lint.Error, Docs: DoctorDocs,
		Summary: "A unique key of the policy is not installed",
		Help:    "The policy's `unique:` names a key that the database does not enforce among live rows. Run the DDL tombstone migrate prints (the suggestion)."}
	MissingAuditTable = &lint.Rule{Code: "TD006", Name: "missing-audit-table", Severity: lint.Error, Docs: DoctorDocs,
		Summary: "The audit table is missing or lacks columns",
		Help:    "The policy has an audit trail, but its table is not there (or not in the shape the triggers write). Run the DDL tombstone migrate prints (the suggestion)."}
	MissingAuditTrigger = &lint.Rule{Code: "TD007", Name: "missing-audit-trigger", Severity: lint.Error, Docs: DoctorDocs,
		Summary: "An audit trigger is missing or does not match the policy",
		Help:    "Deletes, tombstones, restores and anonymizations of the table are not audited as the policy says: a table added to the policy since the last migrate, or a key or rule changed since. Run the DDL tombstone migrate prints (the suggestion shows this trigger's). On PostgreSQL the functions the triggers call (tombstone_audit_row, the cascades') are compared with migrate's too."}
	StaleAuditTrigger = &lint.Rule{Code: "TD008", Name: "stale-audit-trigger", Severity: lint.Warning, Docs: DoctorDocs,
		Summary: "A tombstone audit trigger the current policy does not have",
		Help:    "A trigger tombstone migrate once installed no longer matches the policy (a table or personal columns removed from it) and still writes audit rows. Drop it (the suggestion)."}
	CascadingForeignKey = &lint.Rule{Code: "TD009", Name: "cascading-foreign-key", Severity: lint.Error, Docs: DoctorDocs,
		Summary: "A foreign key deletes or changes governed rows behind the policy",
		Help:    "ON DELETE CASCADE, SET NULL or SET DEFAULT makes the database delete or change a governed table's rows when the referenced row is deleted (by a purge, an expiry or a hard delete), with no tombstone, no retention check and no audit row from the policy. Make it ON DELETE RESTRICT (the suggestion) and let the policy decide; for soft children use `cascade:` in the policy."}
	MissingColumn = &lint.Rule{Code: "TD010", Name: "missing-column", Severity: lint.Error, Docs: DoctorDocs,
		Summary: "A column the policy names does not exist",
		Help:    "A key, personal, age_column, cascade or subject column of the policy is not a column of its table. Fix the name in the policy or add the column."}
	PersonalNotNull = &lint.Rule{Code: "TD011", Name: "personal-not-null", Severity: lint.Error, Docs: DoctorDocs,
		Summary: "A NOT NULL personal column has no replacement value",
		Help:    "Anonymizing writes NULL in a personal column that anonymize_with gives no value for, which a NOT NULL column refuses: the anonymizing step of tombstone expire (or an erasure) fails. Add `anonymize_with: {column: …}` to the table in the policy, or make the column nullable."}
	NoLiveIndex = &lint.Rule{Code: "TD012", Name: "no-live-index", Severity: lint.Note, Docs: DoctorDocs,
		Summary: "A large soft table has no index that serves the live predicate",
		Help:    "Every read of a soft table carries the live predicate; on a large table with many tombstones an index led by the tombstone column (or partial on live rows) keeps those reads from scanning tombstones. Advice, not an error."}
	MissingErasedIndex = &lint.Rule{Code: "TD013", Name: "missing-erased-index", Severity: lint.Note, Docs: DoctorDocs,
		Summary: "The audit trail has no index for the restore trigger's look-up of erase rows",
		Help:    "Every restore looks up its table's erase rows in the audit trail, so that an erased row is refused; the index on (action, table_name) that tombstone migrate creates keeps the look-up short, and without it each restore scans the whole trail (a database migrated before erasures existed lacks it). Run the DDL tombstone migrate prints (the suggestion). Advice, not an error."}
	MissingKeyIndex = &lint.Rule{Code: "TD014", Name: "missing-key-index", Severity: lint.Note, Docs: DoctorDocs,
		Summary: "The audit trail has no index for the look-up of a row's audit rows",
		Help:    "Listing a soft table's tombstones (lifecycle.Tombstones, the generated handles' Tombstones) reads the listed rows' latest tombstoning from the audit trail by table and row key; the index on (table_name, row_key) that tombstone migrate creates bounds that read by the rows listed, and without it each listing scans the table's whole trail (a database migrated before the index existed lacks it). Run the DDL tombstone migrate prints (the suggestion). Advice, not an error."}
)

// Rules lists doctor's rules in code order.
var Rules = []*lint.Rule{
	MissingTable, MissingTombstoneColumn, TombstoneColumnMismatch, UniqueCountsTombstones, MissingLiveUnique,
	MissingAuditTable, MissingAuditTrigger, StaleAuditTrigger, CascadingForeignKey, MissingColumn, PersonalNotNull, NoLiveIndex,
	MissingErasedIndex, MissingKeyIndex,
}
