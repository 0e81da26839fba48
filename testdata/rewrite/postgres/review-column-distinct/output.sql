SELECT x.distinct FROM customers x WHERE x.deleted_at IS NULL
