-- "Who has looked at this record" reads a person's newest events from both the sealed
-- chain (indexed by person) and the events waiting to be sealed, on every record page.
-- audit_pending had no index but its key, so that read scanned the whole queue, dead rows
-- and all, once per page. Now it is an index range read.
CREATE INDEX audit_pending_person ON audit_pending (person_id, pending_id);
