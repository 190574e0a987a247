-- Approved premises (issue 23), as HMPPS's CAS1 service runs them, inside the one record:
-- the premises and their beds (no person in them); an offender manager's application
-- for a place, assessed by the central referral unit; the booking of a bed, the arrival
-- (or non-arrival), and the departure with its move-on. A stay is in the record's licence
-- section (residence at the premises is a licence condition).

-- A premises and who runs it: `team_id` is the AP's staff, who reach the residents and
-- those booked in. characteristics: a JSON list of codes (women_only, men_only,
-- sex_offender_suitable, step_free, pipe, esap, ...). Its location is measured against
-- each applicant's zones and victims' homes, never shown beside them.
CREATE TABLE ap_premises (
    id UUID PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    address TEXT NOT NULL,
    latitude DOUBLE PRECISION NOT NULL,
    longitude DOUBLE PRECISION NOT NULL,
    area TEXT NOT NULL,
    team_id UUID NOT NULL REFERENCES team(id),
    characteristics JSONB NOT NULL,
    created_at TIMESTAMPTZ NOT NULL
);

-- A bed in a room; characteristics as for premises (step_free, ensuite, ground_floor,
-- wheelchair). A bed out of service between two dates takes no booking then.
CREATE TABLE ap_bed (
    id UUID PRIMARY KEY,
    premises_id UUID NOT NULL REFERENCES ap_premises(id),
    room TEXT NOT NULL,
    label TEXT NOT NULL,
    characteristics JSONB NOT NULL,
    out_of_service_from DATE,
    out_of_service_to DATE,
    out_of_service_reason TEXT NOT NULL,
    -- Bumped by every booking of the bed: on PostgreSQL the row lock orders two bookings
    -- of one bed, so the second sees the first and an overlap is refused, never stored.
    version BIGINT NOT NULL,
    UNIQUE (premises_id, room, label)
);

-- An application for a place. status: CAS1's (submitted, awaiting_placement once
-- accepted, placement_allocated once booked, rejected, withdrawn). ap_type: normal,
-- pipe, esap, recovery_focused, mental_health. needs: the characteristics the place
-- must have, a JSON list.
CREATE TABLE ap_application (
    id UUID PRIMARY KEY,
    person_id UUID NOT NULL REFERENCES person(id),
    agency_id UUID NOT NULL REFERENCES agency(id),
    status TEXT NOT NULL,
    ap_type TEXT NOT NULL,
    reason TEXT NOT NULL,
    risk_summary TEXT NOT NULL,
    release_on DATE NOT NULL,
    duration_weeks BIGINT NOT NULL,
    needs JSONB NOT NULL,
    submitted_by UUID NOT NULL REFERENCES app_user(id),
    submitted_at TIMESTAMPTZ NOT NULL,
    decision_reasons TEXT NOT NULL,
    assessed_by UUID REFERENCES app_user(id),
    assessed_at TIMESTAMPTZ,
    version BIGINT NOT NULL
);
CREATE INDEX ap_application_person ON ap_application (person_id);
CREATE INDEX ap_application_status ON ap_application (status);

-- A bed booked for an accepted application, from arrival_on to departure_on (the
-- departure day is free for the next arrival). status: CAS1's placement status
-- (upcoming, arrived, not_arrived, departed, cancelled).
CREATE TABLE ap_booking (
    id UUID PRIMARY KEY,
    application_id UUID NOT NULL REFERENCES ap_application(id),
    person_id UUID NOT NULL REFERENCES person(id),
    premises_id UUID NOT NULL REFERENCES ap_premises(id),
    bed_id UUID NOT NULL REFERENCES ap_bed(id),
    arrival_on DATE NOT NULL,
    departure_on DATE NOT NULL,
    status TEXT NOT NULL,
    arrived_at TIMESTAMPTZ,
    key_worker UUID REFERENCES app_user(id),
    non_arrival_reason TEXT NOT NULL,
    departed_at TIMESTAMPTZ,
    -- planned_move_on, breach_or_recall, absconded, other
    departure_reason TEXT NOT NULL,
    -- Where he goes and how (the housing partners' offer), and the check of that address.
    move_on_plan TEXT NOT NULL,
    next_address_check UUID,
    created_by UUID NOT NULL REFERENCES app_user(id),
    created_at TIMESTAMPTZ NOT NULL,
    version BIGINT NOT NULL
);
CREATE INDEX ap_booking_bed ON ap_booking (bed_id, arrival_on);
CREATE INDEX ap_booking_person ON ap_booking (person_id);
CREATE INDEX ap_booking_premises ON ap_booking (premises_id, status);

-- The approved premises manager (and staff) run their premises through `ap.manage` and
-- reach only those booked into it: no search of the register, no change to anyone's
-- record but their stay. The central referral unit assesses and books.
UPDATE role SET permissions = '["person.read","caseload.view","ap.manage"]', description = 'Runs an approved premises: its beds, the arrivals, sign-in register, incidents and departures of its own residents' WHERE code = 'approved_premises_manager';
INSERT INTO role (code, name, description, permissions) VALUES
('ap_assessor', 'Central referral unit assessor', 'Assesses applications for approved premises and books the places', '["person.read","ap.assess"]');
