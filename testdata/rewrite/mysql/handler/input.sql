HANDLER customers OPEN
