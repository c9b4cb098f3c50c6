DROP TABLE invoices;
DROP TABLE contracts;
DROP TABLE units;
