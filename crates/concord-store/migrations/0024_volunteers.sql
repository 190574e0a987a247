-- Volunteers and mentors (issue 20 item 6): the volunteers a provider keeps, with their
-- vetting (DBS level and date, references, training); their matches with people, each
-- made on the provider's referral, proposed by the co-ordinator and approved by the
-- officer; and the hours worked. Volunteers are the provider's records; matches and
-- hours are the person's interventions section.

CREATE TABLE volunteer (
    id UUID PRIMARY KEY,
    agency_id UUID NOT NULL REFERENCES agency(id),
    name TEXT NOT NULL,
    role TEXT NOT NULL,
    dbs_level TEXT,
    dbs_checked_on DATE,
    references_received INTEGER NOT NULL,
    trained_on DATE,
    active BOOLEAN NOT NULL,
    created_by UUID NOT NULL REFERENCES app_user(id),
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX volunteer_agency ON volunteer (agency_id, name);

CREATE TABLE volunteer_match (
    id UUID PRIMARY KEY,
    person_id UUID NOT NULL REFERENCES person(id),
    volunteer_id UUID NOT NULL REFERENCES volunteer(id),
    referral_id UUID NOT NULL REFERENCES service_referral(id),
    status TEXT NOT NULL,
    proposed_by UUID NOT NULL REFERENCES app_user(id),
    proposed_at TIMESTAMPTZ NOT NULL,
    decided_by UUID REFERENCES app_user(id),
    decided_at TIMESTAMPTZ,
    decision_note TEXT,
    ended_on DATE,
    outcome TEXT
);
CREATE INDEX volunteer_match_person ON volunteer_match (person_id);
CREATE INDEX volunteer_match_volunteer ON volunteer_match (volunteer_id, status);

CREATE TABLE volunteer_hours (
    id UUID PRIMARY KEY,
    match_id UUID NOT NULL REFERENCES volunteer_match(id),
    person_id UUID NOT NULL REFERENCES person(id),
    worked_on DATE NOT NULL,
    minutes INTEGER NOT NULL,
    note TEXT NOT NULL,
    recorded_by UUID NOT NULL REFERENCES app_user(id),
    recorded_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX volunteer_hours_match ON volunteer_hours (match_id, worked_on);
