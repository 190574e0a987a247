-- Moves of responsibility between probation organisations when risk changes (issue 20
-- item 7; seed 001, Transforming Rehabilitation). An agency's remit says which cases it
-- manages: 'high_risk' (the National Probation Service: high and very high risk, MAPPA
-- cases) or 'community' (a Community Rehabilitation Company: low and medium). NULL: it
-- manages every case (the unified Probation Service since 2021), and nothing moves.
ALTER TABLE agency ADD COLUMN probation_remit TEXT;

-- A proposed move, made by Concord when a signed review crosses the threshold, decided
-- by the receiving organisation (accepted with the officer it allocates, or declined
-- with a reason) or withdrawn by the sending one. While proposed, the receiving
-- organisation's managers reach the record (Relationship::TransferProposed).
CREATE TABLE responsibility_transfer (
    id UUID PRIMARY KEY,
    person_id UUID NOT NULL REFERENCES person(id),
    from_agency_id UUID NOT NULL REFERENCES agency(id),
    to_agency_id UUID NOT NULL REFERENCES agency(id),
    to_remit TEXT NOT NULL,
    reason TEXT NOT NULL,
    assessment_id UUID REFERENCES risk_assessment(id),
    status TEXT NOT NULL,
    proposed_by UUID NOT NULL REFERENCES app_user(id),
    proposed_at TIMESTAMPTZ NOT NULL,
    decided_by UUID REFERENCES app_user(id),
    decided_at TIMESTAMPTZ,
    decision_note TEXT,
    allocated_to UUID REFERENCES app_user(id),
    -- What moved with the case on acceptance, for the record of the move:
    -- {"allocations_ended", "referrals", "tasks", "actions", "licences"}.
    moved TEXT
);
CREATE INDEX responsibility_transfer_person ON responsibility_transfer (person_id);
CREATE INDEX responsibility_transfer_to ON responsibility_transfer (to_agency_id, status);
CREATE INDEX responsibility_transfer_from ON responsibility_transfer (from_agency_id, status);
-- One open proposal per person: a second rise while one waits adds nothing.
CREATE UNIQUE INDEX responsibility_transfer_open ON responsibility_transfer (person_id) WHERE status = 'proposed';
