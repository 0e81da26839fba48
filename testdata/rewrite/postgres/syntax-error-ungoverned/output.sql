SELECT * FORM products
