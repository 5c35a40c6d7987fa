-- PostgreSQL only (db/vendor/postgresql/V6): the embedded SQLite serves one node, which has
-- nobody to notify. This version exists so both databases record the same schema history.
SELECT 1;
