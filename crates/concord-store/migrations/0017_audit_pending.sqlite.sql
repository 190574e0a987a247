CREATE TABLE audit_pending (
    pending_id INTEGER PRIMARY KEY AUTOINCREMENT,
    id UUID NOT NULL UNIQUE,
    at TIMESTAMPTZ NOT NULL,
    actor_user_id UUID,
    actor_agency_id UUID,
    kind TEXT NOT NULL,
    action TEXT NOT NULL,
    resource_type TEXT NOT NULL,
    resource_id UUID,
    person_id UUID,
    outcome TEXT NOT NULL,
    reason TEXT NOT NULL,
    recipient TEXT,
    detail JSONB NOT NULL,
    request_id TEXT,
    sections TEXT,
    purpose TEXT
);
CREATE TRIGGER audit_pending_no_update BEFORE UPDATE ON audit_pending
BEGIN SELECT RAISE(ABORT, 'audit_pending rows cannot be changed'); END;
