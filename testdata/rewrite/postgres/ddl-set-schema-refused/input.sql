ALTER TABLE sales.accounts SET SCHEMA archive
