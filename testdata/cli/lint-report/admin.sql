-- name: ListCustomersWithDeleted :many
-- @tombstone-ignore missing-live-predicate the admin restore screen lists tombstones
SELECT * FROM customers ORDER BY deleted_at NULLS FIRST;
