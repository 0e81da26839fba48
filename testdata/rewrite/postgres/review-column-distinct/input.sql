SELECT x.distinct FROM customers x
