-- Need-to-know: sections on agencies' entries, the relationships that give access
-- (referrals, shares, MAPPA panels, break-glass), and the s.62 fields of the audit chain.
-- Section lists are stored as comma-separated concord-authz Section codes.

-- Which section an entry belongs to (victim, health and intelligence are restricted),
-- and whether the person themselves must not be told of it.
ALTER TABLE person_event ADD COLUMN section TEXT NOT NULL DEFAULT 'chronology';
ALTER TABLE person_event ADD COLUMN withheld_from_person BOOLEAN NOT NULL DEFAULT FALSE;

-- A partner agency working with the person: while open, its staff read the sections
-- named here, and nothing else.
CREATE TABLE referral (
    id UUID PRIMARY KEY,
    person_id UUID NOT NULL REFERENCES person(id),
    from_agency_id UUID NOT NULL REFERENCES agency(id),
    to_agency_id UUID NOT NULL REFERENCES agency(id),
    to_user_id UUID REFERENCES app_user(id),
    purpose TEXT NOT NULL,
    sections TEXT NOT NULL,
    opened_on DATE NOT NULL,
    closed_on DATE,
    created_by UUID NOT NULL REFERENCES app_user(id),
    created_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX referral_person ON referral (person_id);
CREATE INDEX referral_to_agency ON referral (to_agency_id, closed_on);

-- The owning agency shares sections of one person's record with exactly one of an
-- agency, a team or a user, for a purpose, until a date (inclusive). Revoked shares
-- are kept, with who revoked them and why.
CREATE TABLE section_share (
    id UUID PRIMARY KEY,
    person_id UUID NOT NULL REFERENCES person(id),
    sections TEXT NOT NULL,
    from_agency_id UUID NOT NULL REFERENCES agency(id),
    to_agency_id UUID REFERENCES agency(id),
    to_team_id UUID REFERENCES team(id),
    to_user_id UUID REFERENCES app_user(id),
    purpose TEXT NOT NULL,
    expires_on DATE NOT NULL,
    created_by UUID NOT NULL REFERENCES app_user(id),
    created_at TIMESTAMPTZ NOT NULL,
    revoked_at TIMESTAMPTZ,
    revoked_by UUID REFERENCES app_user(id),
    revoke_reason TEXT
);
CREATE INDEX section_share_person ON section_share (person_id);

-- A MAPPA panel member's access to one person: from the invitation to the meeting's
-- close (the MAPPA issue creates these).
CREATE TABLE panel_membership (
    id UUID PRIMARY KEY,
    person_id UUID NOT NULL REFERENCES person(id),
    user_id UUID NOT NULL REFERENCES app_user(id),
    meeting TEXT NOT NULL,
    invited_at TIMESTAMPTZ NOT NULL,
    closes_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX panel_membership_person ON panel_membership (person_id, user_id);

-- Break-glass: access outside one's relationships, with a reason, until expires_at,
-- queued for the owning agency's information governance lead to review.
CREATE TABLE break_glass (
    id UUID PRIMARY KEY,
    person_id UUID NOT NULL REFERENCES person(id),
    user_id UUID NOT NULL REFERENCES app_user(id),
    agency_id UUID NOT NULL REFERENCES agency(id),
    owning_agency_id UUID NOT NULL REFERENCES agency(id),
    reason TEXT NOT NULL,
    opened_at TIMESTAMPTZ NOT NULL,
    expires_at TIMESTAMPTZ NOT NULL,
    review_outcome TEXT,
    reviewed_by UUID REFERENCES app_user(id),
    reviewed_at TIMESTAMPTZ,
    review_note TEXT
);
CREATE INDEX break_glass_person ON break_glass (person_id, user_id);
CREATE INDEX break_glass_review ON break_glass (owning_agency_id, review_outcome);

-- The s.62 fields: which request, which sections, and the purpose or justification.
-- Events written before this migration have none; their hashes do not cover them.
ALTER TABLE audit_event ADD COLUMN request_id TEXT;
ALTER TABLE audit_event ADD COLUMN sections TEXT;
ALTER TABLE audit_event ADD COLUMN purpose TEXT;

-- The roles, re-stated with the need-to-know permissions. `person.read` reads only
-- what a relationship gives; `section.*` open the restricted sections within it.
UPDATE role SET permissions = '["person.read","person.search","person.create","person.change","person.share","person.disclose","person.break_glass","section.health","section.do_not_disclose","caseload.view"]' WHERE code = 'offender_manager';
UPDATE role SET permissions = '["person.read","person.search","person.create","person.change","person.share","person.disclose","person.break_glass","section.intelligence","section.do_not_disclose","caseload.view"]' WHERE code = 'public_protection_officer';
UPDATE role SET permissions = '["person.read","person.search","person.create","person.change","person.share","person.break_glass","section.health","section.do_not_disclose","caseload.view"]' WHERE code = 'prison_offender_manager';
UPDATE role SET permissions = '["person.read","person.search","person.share","person.break_glass","section.do_not_disclose","caseload.view"]' WHERE code = 'mappa_coordinator';
UPDATE role SET permissions = '["person.read","person.search","person.share","person.disclose","person.break_glass","section.victim","section.health","section.intelligence","section.do_not_disclose","caseload.view"]' WHERE code = 'mappa_chair';
UPDATE role SET permissions = '["person.read","person.search","person.change","section.victim","section.do_not_disclose","caseload.view"]' WHERE code = 'victim_liaison_officer';
UPDATE role SET permissions = '["person.read","person.search","person.change","caseload.view"]' WHERE code = 'approved_premises_manager';
UPDATE role SET permissions = '["person.read","person.search","person.create","person.change","person.share","person.break_glass","section.intelligence","caseload.view"]' WHERE code = 'iom_officer';
UPDATE role SET permissions = '["person.read","caseload.view"]' WHERE code = 'partner_caseworker';
UPDATE role SET permissions = '["aggregate.view"]' WHERE code = 'board_member';
UPDATE role SET permissions = '["aggregate.view"]' WHERE code = 'lay_adviser';
UPDATE role SET permissions = '["audit.read","access.review","aggregate.view"]' WHERE code = 'information_governance_lead';
UPDATE role SET permissions = '["person.read","person.search","person.change"]' WHERE code = 'data_quality_officer';
