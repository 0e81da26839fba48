SELECT set_config('app.user', 'x', false)
