SELECT /*M! STRAIGHT_JOIN */ * FROM customers
