SELECT schema_to_xml('public', true, true, '')
