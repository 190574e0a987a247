-- The supervisor's diary (issue 24 point 10): appointments booked ahead — an office
-- appointment, a home visit, a police monitoring visit — in the record's licence section.
-- Its outcome, once recorded, is a compliance event (`event_id`), so a missed appointment
-- meets the enforcement rules like any other; a cancelled one keeps who cancelled it and why.
CREATE TABLE diary_appointment (
    id UUID PRIMARY KEY,
    person_id UUID NOT NULL REFERENCES person(id),
    agency_id UUID NOT NULL REFERENCES agency(id),
    kind TEXT NOT NULL,
    starts_at TIMESTAMPTZ NOT NULL,
    place TEXT NOT NULL,
    notes TEXT NOT NULL,
    -- Whose diary it is in: who books it sees him.
    booked_by UUID NOT NULL REFERENCES app_user(id),
    booked_at TIMESTAMPTZ NOT NULL,
    event_id UUID REFERENCES compliance_event(id),
    cancelled_by UUID REFERENCES app_user(id),
    cancelled_at TIMESTAMPTZ,
    cancel_reason TEXT NOT NULL DEFAULT ''
);
CREATE INDEX diary_appointment_person ON diary_appointment (person_id, starts_at);
-- A diary's open appointments (no outcome, not cancelled), in time order.
CREATE INDEX diary_appointment_open ON diary_appointment (booked_by, starts_at)
    WHERE event_id IS NULL AND cancelled_at IS NULL;
