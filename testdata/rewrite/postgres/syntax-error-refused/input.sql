SELECT * FORM customers
