SELECT * FROM crosstab('SELECT name, email, email FROM custom' || 'ers ORDER BY 1') AS t(name text, v text)
