DELETE FROM support_tickets
