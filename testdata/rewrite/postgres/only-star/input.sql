SELECT * FROM ONLY customers, orders *
