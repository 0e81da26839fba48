DELETE c, l FROM customers c JOIN leads l ON l.email = c.email
