PREPARE s FROM 'DELETE FROM cust\omers WHERE id = ?'
