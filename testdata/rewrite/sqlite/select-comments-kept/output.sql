/* report */ SELECT count(*) -- all
FROM customers /* t */ WHERE (region <> 'apac') AND customers.deleted_at IS NULL -- end
