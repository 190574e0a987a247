-- Assess: risk of serious harm reviews with the actuarial predictors and the tier, DASH
-- checklists, and the tasks that follow when risk rises.

-- One assessment of one person. A new assessment is a new row: a signed one is never
-- changed, so every past score can be shown exactly as it was signed.
-- kind: 'rosh' (RoSH review with predictors and tier) or 'dash' (DASH checklist).
-- status: 'draft' while being completed, 'signed' once signed off.
-- inputs: the predictor inputs as confirmed, each with the value the record gave and
-- the assessor's correction and reason where they differ (JSON).
-- answers: the RoSH levels per risk group and the narrative, or the DASH answers (JSON).
-- results: the predictors, their explanations and the tier at signing (JSON).
CREATE TABLE risk_assessment (
    id UUID PRIMARY KEY,
    person_id UUID NOT NULL REFERENCES person(id),
    agency_id UUID NOT NULL REFERENCES agency(id),
    kind TEXT NOT NULL,
    status TEXT NOT NULL,
    inputs JSONB NOT NULL,
    answers JSONB NOT NULL,
    results JSONB,
    overall_level TEXT,
    tier TEXT,
    review_due_on DATE,
    -- Other agencies' entries and markers up to this time were shown and acknowledged.
    acknowledged_at TIMESTAMPTZ,
    started_by UUID NOT NULL REFERENCES app_user(id),
    started_at TIMESTAMPTZ NOT NULL,
    signed_by UUID REFERENCES app_user(id),
    signed_at TIMESTAMPTZ,
    version BIGINT NOT NULL
);
CREATE INDEX risk_assessment_person ON risk_assessment (person_id, kind, started_at);

-- Work for a team or a person about one case: a risk review after a rise in risk, an
-- allocation review. Open until done; shown on the caseload and the chronology.
CREATE TABLE task (
    id UUID PRIMARY KEY,
    person_id UUID NOT NULL REFERENCES person(id),
    agency_id UUID NOT NULL REFERENCES agency(id),
    team_id UUID REFERENCES team(id),
    user_id UUID REFERENCES app_user(id),
    kind TEXT NOT NULL,
    title TEXT NOT NULL,
    reason TEXT NOT NULL,
    due_on DATE NOT NULL,
    assessment_id UUID REFERENCES risk_assessment(id),
    created_by UUID NOT NULL REFERENCES app_user(id),
    created_at TIMESTAMPTZ NOT NULL,
    done_by UUID REFERENCES app_user(id),
    done_at TIMESTAMPTZ
);
CREATE INDEX task_person ON task (person_id);
CREATE INDEX task_open ON task (agency_id, done_at, due_on);

-- Assessors: those who complete RoSH reviews (probation, prison offender managers, the
-- IOM team) and DASH checklists (police). The DASH victim answers still need
-- section.victim to be read back.
UPDATE role SET permissions = '["person.read","person.search","person.create","person.change","person.share","person.disclose","person.break_glass","section.health","section.do_not_disclose","caseload.view","assessment.write"]' WHERE code = 'offender_manager';
UPDATE role SET permissions = '["person.read","person.search","person.create","person.change","person.share","person.disclose","person.break_glass","section.intelligence","section.do_not_disclose","caseload.view","assessment.write"]' WHERE code = 'public_protection_officer';
UPDATE role SET permissions = '["person.read","person.search","person.create","person.change","person.share","person.break_glass","section.health","section.do_not_disclose","caseload.view","assessment.write"]' WHERE code = 'prison_offender_manager';
UPDATE role SET permissions = '["person.read","person.search","person.create","person.change","person.share","person.break_glass","section.intelligence","caseload.view","assessment.write"]' WHERE code = 'iom_officer';

-- A system that calls the compute-only calculators (POST /api/v1/risk-scores and
-- /api/v1/tier) in place of the MoJ actuarial service: figures in, scores out, no
-- person's record.
INSERT INTO role (code, name, description, permissions) VALUES
('risk_service', 'Risk calculator service', 'Service account of a system that calls the compute-only risk calculators: no access to any record', '["risk.compute"]');
