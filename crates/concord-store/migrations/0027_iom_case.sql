-- IOM case management (issue 21 item 3): the engage-or-enforce status with its reason and
-- history, attendance at the IOM drop-in, and a voluntary electronic tag request with the
-- person's consent. One row per entry, newest last; entries are never changed. The IOM
-- team writes them to the person's management section.
CREATE TABLE iom_case_entry (
    id UUID PRIMARY KEY,
    person_id UUID NOT NULL REFERENCES person(id),
    kind TEXT NOT NULL,
    status TEXT,
    held_on DATE NOT NULL,
    attended BOOLEAN,
    consent BOOLEAN,
    note TEXT NOT NULL,
    agency_id UUID NOT NULL REFERENCES agency(id),
    recorded_by UUID NOT NULL REFERENCES app_user(id),
    recorded_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX iom_case_entry_person ON iom_case_entry (person_id, recorded_at);
