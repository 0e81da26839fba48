SELECT 'a;--b', "x""y", [p"q], `r``s`, x'00', 0x1F, 1_000, 1e5, $a::b(c) FROM customers /* ; */ WHERE customers.deleted_at IS NULL AND (name <> 'it''s') -- ;
