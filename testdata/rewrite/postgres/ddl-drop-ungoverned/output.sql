DROP TABLE report
