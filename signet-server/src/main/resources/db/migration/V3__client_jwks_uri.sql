-- RFC 7523 clients may publish their keys at a URL instead of registering them.
ALTER TABLE clients ADD COLUMN jwks_uri VARCHAR(2000);
