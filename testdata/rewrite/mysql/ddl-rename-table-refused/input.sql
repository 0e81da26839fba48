RENAME TABLE report TO r2, customers TO cx
