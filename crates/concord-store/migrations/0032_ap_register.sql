-- The approved premises' sign-in register (issue 23): each time a resident goes out or
-- comes back, and each curfew he missed (a compliance event on his licence, kept like a
-- missed appointment, which the offender manager then meets with a warning or a breach
-- referral).

-- kind: 'out', 'in' or 'missed_curfew'. compliance_event_id: the event a missed curfew
-- (or a return after the curfew began) recorded on the licence.
CREATE TABLE ap_register (
    id UUID PRIMARY KEY,
    booking_id UUID NOT NULL REFERENCES ap_booking(id),
    person_id UUID NOT NULL REFERENCES person(id),
    kind TEXT NOT NULL,
    at TIMESTAMPTZ NOT NULL,
    note TEXT NOT NULL,
    compliance_event_id UUID,
    recorded_by UUID NOT NULL REFERENCES app_user(id),
    recorded_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX ap_register_booking ON ap_register (booking_id, at);
