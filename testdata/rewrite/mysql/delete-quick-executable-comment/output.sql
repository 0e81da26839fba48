UPDATE /*! */ customers SET deleted_at = CURRENT_TIMESTAMP(6) WHERE (id = 1) AND customers.deleted_at IS NULL
