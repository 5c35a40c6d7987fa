-- audit.retention deletes the events older than a cutoff every hour. Without an index on the time
-- alone, each run would read the whole table; this one lets both databases find the old rows
-- (the oldest first) by a range scan.
CREATE INDEX audit_events_by_at ON audit_events (at);
