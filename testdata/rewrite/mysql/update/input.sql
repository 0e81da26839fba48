UPDATE customers SET name = ? WHERE id = ?
