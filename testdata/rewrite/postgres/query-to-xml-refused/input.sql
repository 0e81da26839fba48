SELECT query_to_xml('SELECT id FROM custom' || 'ers', true, true, '')
