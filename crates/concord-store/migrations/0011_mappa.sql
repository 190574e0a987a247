-- MAPPA (issue 7): the MAPPA record of a person (category, level, lead agency, dates),
-- the decisions that made it what it is (category confirmed, levels, reviews, exit,
-- transfer), and referrals (MAPPA A) with their screening. Categories and levels are
-- concord-mappa's codes (CATEGORY_1 … CATEGORY_4, LEVEL_1 … LEVEL_3).

-- One spell in MAPPA. status: 'referred' (category confirmed, referral awaiting
-- screening), 'active' (managed at a level), 'ended' (eligibility ended or exit agreed),
-- 'transferred' (to another MAPPA area). A person has at most one spell that is
-- referred or active.
CREATE TABLE mappa_record (
    id UUID PRIMARY KEY,
    person_id UUID NOT NULL REFERENCES person(id),
    area TEXT NOT NULL,
    category TEXT NOT NULL,
    -- Why the category: concord-mappa's proposal reasons as confirmed, one per line.
    category_reasons TEXT NOT NULL,
    level TEXT NOT NULL,
    lead_agency_id UUID NOT NULL REFERENCES agency(id),
    status TEXT NOT NULL,
    eligible_from DATE NOT NULL,
    -- When eligibility ends (registration ends, licence ends); NULL for indefinite.
    eligibility_ends_on DATE,
    -- The coordinator is prompted from this date to end or review the spell.
    end_prompt_on DATE,
    next_review_on DATE,
    critical_public_protection BOOLEAN NOT NULL DEFAULT FALSE,
    ended_on DATE,
    end_reason TEXT,
    confirmed_by UUID NOT NULL REFERENCES app_user(id),
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX mappa_record_person ON mappa_record (person_id);
CREATE INDEX mappa_record_status ON mappa_record (status, area);

-- Every decision on a spell, oldest first: kind 'category' (confirmed), 'level' (set or
-- changed at screening or review), 'review' (reviewed, level kept), 'exit', 'transfer'.
CREATE TABLE mappa_decision (
    id UUID PRIMARY KEY,
    record_id UUID NOT NULL REFERENCES mappa_record(id),
    person_id UUID NOT NULL REFERENCES person(id),
    kind TEXT NOT NULL,
    level TEXT,
    rationale TEXT NOT NULL,
    -- Level 3: was the case considered as a critical public protection case, and why.
    critical_public_protection BOOLEAN NOT NULL DEFAULT FALSE,
    decided_on DATE NOT NULL,
    decided_by UUID NOT NULL REFERENCES app_user(id),
    next_review_on DATE,
    created_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX mappa_decision_record ON mappa_decision (record_id);

-- A referral (MAPPA A) to the area's MAPPA coordinator. The form's pre-filled facts are
-- kept as they stood when it was sent (JSON), so the referral reads as it was made.
-- status: 'awaiting_screening', 'screened', 'withdrawn'.
CREATE TABLE mappa_referral (
    id UUID PRIMARY KEY,
    record_id UUID NOT NULL REFERENCES mappa_record(id),
    person_id UUID NOT NULL REFERENCES person(id),
    area TEXT NOT NULL,
    level_requested TEXT NOT NULL,
    reasons TEXT NOT NULL,
    facts TEXT NOT NULL,
    referred_on DATE NOT NULL,
    release_on DATE,
    late BOOLEAN NOT NULL,
    referred_by UUID NOT NULL REFERENCES app_user(id),
    referring_agency_id UUID NOT NULL REFERENCES agency(id),
    status TEXT NOT NULL,
    screened_by UUID REFERENCES app_user(id),
    screened_on DATE,
    level_decided TEXT,
    screening_rationale TEXT,
    created_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX mappa_referral_person ON mappa_referral (person_id);
CREATE INDEX mappa_referral_status ON mappa_referral (status, area);

-- Those who run MAPPA screen, decide levels, schedule meetings and record minutes.
UPDATE role SET permissions = '["person.read","person.search","person.share","person.break_glass","section.do_not_disclose","caseload.view","mappa.manage"]' WHERE code = 'mappa_coordinator';
UPDATE role SET permissions = '["person.read","person.search","person.share","person.disclose","person.break_glass","section.victim","section.health","section.intelligence","section.do_not_disclose","caseload.view","mappa.manage"]' WHERE code = 'mappa_chair';
