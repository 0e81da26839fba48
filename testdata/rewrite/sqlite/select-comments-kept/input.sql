/* report */ SELECT count(*) -- all
FROM customers /* t */ WHERE region <> 'apac' -- end
