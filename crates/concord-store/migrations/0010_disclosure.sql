-- MAPPA disclosure: a police decision to tell a third party (a new partner, a landlord, a
-- head teacher) about a person, with the lawful, necessary and proportionate test, what
-- was told from which sections of the record, whether and how the person was told, and
-- the recipient's undertaking. Each is also an audit event naming the recipient.
CREATE TABLE disclosure (
    id UUID PRIMARY KEY,
    person_id UUID NOT NULL REFERENCES person(id),
    agency_id UUID NOT NULL REFERENCES agency(id),
    recipient TEXT NOT NULL,
    recipient_role TEXT NOT NULL,
    what TEXT NOT NULL,
    -- Section codes the disclosure draws on, comma-separated (never a restricted one).
    sections TEXT NOT NULL,
    lawful_basis TEXT NOT NULL,
    reasons TEXT NOT NULL,
    person_told BOOLEAN NOT NULL,
    told_detail TEXT NOT NULL,
    undertaking_given BOOLEAN NOT NULL,
    disclosed_on DATE NOT NULL,
    disclosed_by UUID NOT NULL REFERENCES app_user(id),
    created_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX disclosure_person ON disclosure (person_id);
