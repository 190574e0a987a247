-- Manage: compliance with the licence, enforcement after a failure to comply (warnings
-- and breach referrals, rules.md §6.4) and recall (rules.md §6.3). All in the record's
-- licence section.

-- What happened at a contact, an appointment or a police monitoring visit, or something
-- the person disclosed as the licence requires.
-- kind: 'contact', 'appointment', 'police_visit', 'disclosure_relationship',
-- 'disclosure_vehicle'.
-- outcome: for a contact or an appointment, 'attended', 'acceptable_absence' or
-- 'unacceptable_absence'; for a police visit, what the visit found (text); empty for a
-- disclosure, whose substance is in details.
-- licence_id: the licence in force when it was recorded (its first version's id, which
-- every variation shares, so that warnings under one licence count together); NULL when
-- none was in force.
-- task_id: the enforcement task an unacceptable absence opened (decide warning or breach,
-- or the mandatory breach referral); done when the warning or referral is recorded.
CREATE TABLE compliance_event (
    id UUID PRIMARY KEY,
    person_id UUID NOT NULL REFERENCES person(id),
    agency_id UUID NOT NULL REFERENCES agency(id),
    licence_id UUID,
    kind TEXT NOT NULL,
    occurred_on DATE NOT NULL,
    outcome TEXT NOT NULL,
    details TEXT NOT NULL,
    task_id UUID REFERENCES task(id),
    recorded_by UUID NOT NULL REFERENCES app_user(id),
    recorded_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX compliance_event_person ON compliance_event (person_id, occurred_on);

-- A warning or a breach referral answering one unacceptable absence (at most one each).
-- kind: 'warning' or 'breach'.
-- status: 'given' for a warning; 'referred' for a breach until a recall is started from
-- it, then 'recall_requested'.
-- deadline: when the next step is due — for a breach, the enforcement decision (laying
-- the information, or recall); NULL for a warning, whose expiry is computed from the
-- date it was given (concord_licence::warning_expires) rather than stored.
CREATE TABLE enforcement_action (
    id UUID PRIMARY KEY,
    person_id UUID NOT NULL REFERENCES person(id),
    agency_id UUID NOT NULL REFERENCES agency(id),
    licence_id UUID,
    kind TEXT NOT NULL,
    failure_event_id UUID NOT NULL REFERENCES compliance_event(id),
    given_on DATE NOT NULL,
    reason TEXT NOT NULL,
    deadline DATE,
    status TEXT NOT NULL,
    created_by UUID NOT NULL REFERENCES app_user(id),
    created_at TIMESTAMPTZ NOT NULL,
    UNIQUE (failure_event_id, kind)
);
CREATE INDEX enforcement_action_person ON enforcement_action (person_id, given_on);

-- A recall of a licence: requested with reasons, decided by a senior officer who did not
-- request it, executed by the police (return to custody).
-- licence_id: the licence VERSION in force when recall was requested.
-- status: REQUESTED, then REJECTED or REVOKED, then RETURNED_TO_CUSTODY.
-- facts: the RecallFacts assessed; assessment: the RecallAssessment as made then, every
-- criterion with whether it was met and why (kept, not recomputed, so the record shows
-- what the decision was based on).
-- recall_type: 'fixed_term' or 'standard', as assessed; fixed_term_days: 14 or 28.
-- execute_task_id: the police task to execute the revocation, done on return to custody.
-- release_on: a fixed-term recall's automatic release date (return + the fixed term).
CREATE TABLE recall (
    id UUID PRIMARY KEY,
    person_id UUID NOT NULL REFERENCES person(id),
    agency_id UUID NOT NULL REFERENCES agency(id),
    licence_id UUID NOT NULL REFERENCES licence(id),
    status TEXT NOT NULL,
    reasons TEXT NOT NULL,
    facts JSONB NOT NULL,
    assessment JSONB NOT NULL,
    recall_type TEXT NOT NULL,
    fixed_term_days INTEGER,
    breach_action_id UUID REFERENCES enforcement_action(id),
    requested_by UUID NOT NULL REFERENCES app_user(id),
    requested_at TIMESTAMPTZ NOT NULL,
    decided_by UUID REFERENCES app_user(id),
    decided_at TIMESTAMPTZ,
    decision_reason TEXT NOT NULL,
    revoked_at TIMESTAMPTZ,
    execute_task_id UUID REFERENCES task(id),
    returned_on DATE,
    returned_by UUID REFERENCES app_user(id),
    release_on DATE,
    version BIGINT NOT NULL
);
CREATE INDEX recall_person ON recall (person_id, requested_at);
