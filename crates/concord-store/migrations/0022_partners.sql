-- Partnership work (issue 20): the contracts probation holds with providers (partner
-- agencies), the screening of a person's needs, and referrals to contracted services
-- with their action plan, sessions and end-of-service report. Codes are those of
-- concord-partners. A sent referral opens a `referral` row (the access it gives the
-- provider), closed when the service referral ends.

CREATE TABLE service_contract (
    id UUID PRIMARY KEY,
    provider_agency_id UUID NOT NULL REFERENCES agency(id),
    service TEXT NOT NULL,
    reference TEXT NOT NULL,
    -- The contract package area (e.g. 'Essex') and the towns it covers, one per line.
    package_area TEXT NOT NULL,
    towns TEXT NOT NULL,
    eligibility TEXT NOT NULL,
    places INTEGER NOT NULL,
    waiting_list INTEGER NOT NULL,
    -- The provider's first contact is due this many working days after sending.
    first_contact_days INTEGER NOT NULL,
    starts_on DATE NOT NULL,
    ends_on DATE NOT NULL,
    created_by UUID NOT NULL REFERENCES app_user(id),
    created_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX service_contract_provider ON service_contract (provider_agency_id);
CREATE UNIQUE INDEX service_contract_reference ON service_contract (reference);

-- The officer's screening of needs: JSON [{need, level, note, from_review}] where level
-- is 'none', 'standard' or 'severe'; pre-filled from the signed review named.
CREATE TABLE needs_screening (
    id UUID PRIMARY KEY,
    person_id UUID NOT NULL REFERENCES person(id),
    needs TEXT NOT NULL,
    minority_group BOOLEAN NOT NULL,
    assessment_id UUID,
    screened_on DATE NOT NULL,
    screened_by UUID NOT NULL REFERENCES app_user(id),
    created_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX needs_screening_person ON needs_screening (person_id, created_at);

CREATE TABLE service_referral (
    id UUID PRIMARY KEY,
    person_id UUID NOT NULL REFERENCES person(id),
    contract_id UUID NOT NULL REFERENCES service_contract(id),
    provider_agency_id UUID NOT NULL REFERENCES agency(id),
    from_agency_id UUID NOT NULL REFERENCES agency(id),
    officer_id UUID NOT NULL REFERENCES app_user(id),
    screening_id UUID REFERENCES needs_screening(id),
    -- Need codes, comma separated; what the officer asks the provider to work on.
    needs TEXT NOT NULL,
    reason TEXT NOT NULL,
    -- The sections shared with the provider (never a restricted one).
    sections TEXT NOT NULL,
    access_referral_id UUID REFERENCES referral(id),
    status TEXT NOT NULL,
    -- The town the person lived in when it was sent, for the board's figures by area.
    town TEXT,
    sent_on DATE,
    first_contact_due DATE,
    first_contact_on DATE,
    decided_at TIMESTAMPTZ,
    decline_reason TEXT,
    caseworker_id UUID REFERENCES app_user(id),
    -- JSON {objectives: [{need, objective}], activities, sessions_planned}.
    plan TEXT,
    plan_submitted_at TIMESTAMPTZ,
    plan_approved_at TIMESTAMPTZ,
    plan_approved_by UUID REFERENCES app_user(id),
    -- JSON {summary, outcomes: [{objective, achieved, note}], further_work}.
    end_report TEXT,
    closure TEXT,
    closed_on DATE,
    close_reason TEXT,
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX service_referral_person ON service_referral (person_id);
CREATE INDEX service_referral_provider ON service_referral (provider_agency_id, status);
CREATE INDEX service_referral_contract ON service_referral (contract_id, status);

-- A session or appointment the provider held, with attendance and engagement.
CREATE TABLE referral_session (
    id UUID PRIMARY KEY,
    referral_id UUID NOT NULL REFERENCES service_referral(id),
    person_id UUID NOT NULL REFERENCES person(id),
    held_on DATE NOT NULL,
    attendance TEXT NOT NULL,
    engagement TEXT,
    notes TEXT NOT NULL,
    recorded_by UUID NOT NULL REFERENCES app_user(id),
    recorded_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX referral_session_referral ON referral_session (referral_id, held_on);

-- Commissioning staff keep the directory; administrators keep reference data.
INSERT INTO role (code, name, description, permissions) VALUES
('partnerships_manager', 'Partnerships manager', 'Probation commissioning: keeps the directory of partner services and their contracts', '["contract.manage","aggregate.view"]');
UPDATE role SET permissions = '["user.admin","contract.manage"]' WHERE code = 'administrator';
