-- name: ListNotes :many
SELECT * FROM notes;

-- name: GetNote :one
SELECT * FROM notes WHERE id = $1 AND "RemovedAt" IS NULL;
