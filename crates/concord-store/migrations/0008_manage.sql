-- Manage: victims, licences and their versions (variations), exclusion and inclusion
-- zones, and address checks. Everything here is in the record's licence section, except
-- victims (and a condition's link to one), which are in the restricted victim section.

-- A victim of the person's offending, or a child at risk from them. Restricted: read and
-- written only by those who hold the victim section (the victim liaison officer, the
-- police domestic abuse officer, the MAPPA chair). The location is what address checks
-- measure distance from; the address itself never leaves the victim section.
CREATE TABLE victim (
    id UUID PRIMARY KEY,
    person_id UUID NOT NULL REFERENCES person(id),
    agency_id UUID NOT NULL REFERENCES agency(id),
    name TEXT NOT NULL,
    -- 'victim' or 'child_at_risk'
    kind TEXT NOT NULL,
    relationship TEXT NOT NULL,
    address TEXT NOT NULL,
    latitude DOUBLE PRECISION,
    longitude DOUBLE PRECISION,
    -- The victim's representations about the licence, and what they may be told.
    representations TEXT NOT NULL,
    may_be_told TEXT NOT NULL,
    created_by UUID NOT NULL REFERENCES app_user(id),
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL,
    version BIGINT NOT NULL
);
CREATE INDEX victim_person ON victim (person_id);

-- One version of a licence. The first version is the licence as drafted and approved; a
-- variation is a new version of the same licence (licence_id), so every version stays
-- readable. status: IN_PROGRESS, SUBMITTED, APPROVED, ACTIVE, INACTIVE, RECALLED,
-- REJECTED for a licence; VARIATION_IN_PROGRESS, VARIATION_SUBMITTED, VARIATION_APPROVED,
-- VARIATION_REJECTED for a variation. conditions: [{code, policy, params, victim_id}].
CREATE TABLE licence (
    id UUID PRIMARY KEY,
    licence_id UUID NOT NULL,
    version_number INTEGER NOT NULL,
    person_id UUID NOT NULL REFERENCES person(id),
    agency_id UUID NOT NULL REFERENCES agency(id),
    type_code TEXT NOT NULL,
    status TEXT NOT NULL,
    policy_version TEXT NOT NULL,
    release_date DATE NOT NULL,
    licence_end_date DATE NOT NULL,
    sentence_end_date DATE,
    top_up_end_date DATE,
    hdc_start_date DATE,
    hdc_end_date DATE,
    responsible_officer UUID REFERENCES app_user(id),
    team_id UUID REFERENCES team(id),
    conditions JSONB NOT NULL,
    -- Why this version exists (a variation's reason).
    reason TEXT NOT NULL,
    created_by UUID NOT NULL REFERENCES app_user(id),
    created_at TIMESTAMPTZ NOT NULL,
    submitted_by UUID REFERENCES app_user(id),
    submitted_at TIMESTAMPTZ,
    approved_by UUID REFERENCES app_user(id),
    approved_at TIMESTAMPTZ,
    version BIGINT NOT NULL,
    UNIQUE (licence_id, version_number)
);
CREATE INDEX licence_person ON licence (person_id);

-- Everything that happened to a licence, for its timeline: who, when, what and why.
CREATE TABLE licence_event (
    id UUID PRIMARY KEY,
    licence_id UUID NOT NULL,
    version_id UUID NOT NULL REFERENCES licence(id),
    person_id UUID NOT NULL REFERENCES person(id),
    event TEXT NOT NULL,
    reason TEXT NOT NULL,
    detail JSONB NOT NULL,
    by_user UUID NOT NULL REFERENCES app_user(id),
    at TIMESTAMPTZ NOT NULL
);
CREATE INDEX licence_event_licence ON licence_event (licence_id, at);

-- An exclusion or inclusion zone: always a written description, optionally a geometry
-- (GeoJSON, longitude/latitude) drawn, uploaded or made as a circle round a point.
-- Time windows ('HH:MM-HH:MM'; empty means always) limit an exclusion to those hours.
CREATE TABLE zone (
    id UUID PRIMARY KEY,
    person_id UUID NOT NULL REFERENCES person(id),
    agency_id UUID NOT NULL REFERENCES agency(id),
    kind TEXT NOT NULL,
    name TEXT NOT NULL,
    description TEXT NOT NULL,
    geometry JSONB,
    windows TEXT NOT NULL,
    created_by UUID NOT NULL REFERENCES app_user(id),
    created_at TIMESTAMPTZ NOT NULL,
    retired_at TIMESTAMPTZ
);
CREATE INDEX zone_person ON zone (person_id);

-- A proposed address (release, curfew, approved premises) checked against the person's
-- exclusion zones and the known addresses of victims and children at risk, with the
-- safeguarding checks recorded. outcome: 'refused' (with the reasons), 'pending' (checks
-- outstanding) or 'approved'. findings: zones and victims it was measured against.
CREATE TABLE address_check (
    id UUID PRIMARY KEY,
    person_id UUID NOT NULL REFERENCES person(id),
    agency_id UUID NOT NULL REFERENCES agency(id),
    purpose TEXT NOT NULL,
    address TEXT NOT NULL,
    latitude DOUBLE PRECISION NOT NULL,
    longitude DOUBLE PRECISION NOT NULL,
    outcome TEXT NOT NULL,
    findings JSONB NOT NULL,
    police_check TEXT NOT NULL,
    childrens_services_check TEXT NOT NULL,
    home_visit TEXT NOT NULL,
    decided_by UUID REFERENCES app_user(id),
    decided_at TIMESTAMPTZ,
    created_by UUID NOT NULL REFERENCES app_user(id),
    created_at TIMESTAMPTZ NOT NULL,
    version BIGINT NOT NULL
);
CREATE INDEX address_check_person ON address_check (person_id);

-- Which licence conditions protect which victim (a non-contact or exclusion-zone
-- condition), kept in the victim section: the licence itself names no victim.
-- condition_id is the condition's id, which it keeps across variations.
CREATE TABLE victim_condition (
    victim_id UUID NOT NULL REFERENCES victim(id),
    person_id UUID NOT NULL REFERENCES person(id),
    licence_id UUID NOT NULL,
    condition_id UUID NOT NULL,
    created_by UUID NOT NULL REFERENCES app_user(id),
    created_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (victim_id, condition_id)
);

-- A senior probation officer approves licences and variations drafted by others.
INSERT INTO role (code, name, description, permissions) VALUES
('senior_probation_officer', 'Senior probation officer', 'Manages offender managers; approves licences and variations they draft', '["person.read","person.search","person.create","person.change","person.share","person.disclose","person.break_glass","section.health","section.do_not_disclose","caseload.view","assessment.write","licence.approve"]');
