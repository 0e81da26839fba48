UPDATE customers AS c SET deleted_at = CURRENT_TIMESTAMP(6) WHERE (c.region = 'eu') AND c.deleted_at IS NULL
