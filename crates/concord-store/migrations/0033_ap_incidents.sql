-- Approved premises, continued (issue 23): incidents at a premises, with whom they were
-- reported to, and a booking's cancellation.

-- kind: an IncidentKind code. police_reference: the police log or crime number when the
-- police were told (empty when they were not). safeguarding_referral: to whom a
-- safeguarding concern was referred (the local authority's adult or children's services),
-- empty when there was none.
CREATE TABLE ap_incident (
    id UUID PRIMARY KEY,
    booking_id UUID NOT NULL REFERENCES ap_booking(id),
    person_id UUID NOT NULL REFERENCES person(id),
    premises_id UUID NOT NULL REFERENCES ap_premises(id),
    occurred_at TIMESTAMPTZ NOT NULL,
    kind TEXT NOT NULL,
    details TEXT NOT NULL,
    police_informed BOOLEAN NOT NULL,
    police_reference TEXT NOT NULL,
    safeguarding_referral TEXT NOT NULL,
    recorded_by UUID NOT NULL REFERENCES app_user(id),
    recorded_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX ap_incident_person ON ap_incident (person_id, occurred_at);

-- Why a booked place was cancelled before he arrived (the application then awaits a
-- place again, as CAS1's placement request does).
ALTER TABLE ap_booking ADD COLUMN cancellation_reason TEXT NOT NULL DEFAULT '';
