-- PostgreSQL twin of the SQLite guard: audit rows can be inserted, never changed.
CREATE FUNCTION audit_event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_event is append-only';
END;
$$;
CREATE TRIGGER audit_event_no_update BEFORE UPDATE OR DELETE ON audit_event
    FOR EACH ROW EXECUTE FUNCTION audit_event_append_only();
CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON audit_event
    FOR EACH STATEMENT EXECUTE FUNCTION audit_event_append_only();

-- Search tokens compare bytewise on both engines (SQLite's BINARY collation), so a
-- prefix is a btree range [prefix, prefix-with-last-char+1) under the "C" collation.
ALTER TABLE person_search_token ALTER COLUMN token TYPE TEXT COLLATE "C";
