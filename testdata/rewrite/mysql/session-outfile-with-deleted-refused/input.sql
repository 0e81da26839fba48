SELECT name FROM customers INTO OUTFILE '/tmp/names'
