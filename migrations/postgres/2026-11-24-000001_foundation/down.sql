DROP TABLE credentials;
DROP TABLE contact_books;
DROP TABLE properties;
DROP TABLE regions;
DROP TABLE countries;
DROP TABLE api_keys;
DROP TABLE companies;
