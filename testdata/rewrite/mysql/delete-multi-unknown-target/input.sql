DELETE customers FROM orders o
