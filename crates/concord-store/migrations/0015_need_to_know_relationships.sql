-- Need-to-know by relationship, not agency membership (ADR 0005, issue 16).
--
-- Whoever registers a person reaches the record until someone is allocated: they
-- complete it and allocate it. Records loaded from an agency's feed have no registrar
-- (the loader acts on the agency's behalf and must not reach every record it loads).
ALTER TABLE person ADD COLUMN registered_by UUID REFERENCES app_user(id);

-- Working for the owning agency no longer opens its records; its managers keep
-- oversight of the unrestricted sections (never health, intelligence, victim or
-- do-not-disclose, which need a case relationship as well as their permission).
UPDATE role SET permissions = '["person.read","person.search","person.create","person.change","person.share","person.disclose","person.break_glass","section.health","section.do_not_disclose","caseload.view","assessment.write","licence.approve","agency.oversight"]' WHERE code = 'senior_probation_officer';

-- Sign-in is throttled by source address as well as by account (issue 16): an outsider
-- must not be able to lock anyone out by failing five times with their username.
ALTER TABLE sign_in_attempt ADD COLUMN source TEXT NOT NULL DEFAULT 'unknown';
CREATE INDEX sign_in_attempt_source ON sign_in_attempt (source, at);
