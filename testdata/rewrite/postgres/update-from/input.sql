UPDATE orders o SET status = 'orphan' FROM customers c WHERE c.id = o.customer_id AND c.region = 'us'
