DROP TABLE tombstone_audit
