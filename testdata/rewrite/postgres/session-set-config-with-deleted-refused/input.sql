SELECT set_config('x', (SELECT string_agg(name, ',') FROM customers), false)
