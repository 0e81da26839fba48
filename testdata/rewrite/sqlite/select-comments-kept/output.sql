/* report */ SELECT count(*) -- all
FROM customers /* t */ WHERE customers.deleted_at IS NULL AND (region <> 'apac') -- end
