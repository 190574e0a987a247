-- Integrated Offender Management (issue 21). The IOM team (police and probation) selects
-- its cohort from the register's offending and records the panel's decisions.
UPDATE role SET permissions = '["person.read","person.search","person.create","person.change","person.share","person.break_glass","section.intelligence","caseload.view","assessment.write","iom.manage"]' WHERE code = 'iom_officer';

-- The panel's decisions, newest last: adopt (into a strand, with a review date), reject
-- (not taken on), deselect (leaves the cohort). A person is in the cohort while their
-- latest decision is an adoption. The score the panel saw is kept with the decision
-- (JSON: concord_iom::CohortScore), with the versions of the score and harm weights.
CREATE TABLE iom_cohort_decision (
    id UUID PRIMARY KEY,
    person_id UUID NOT NULL REFERENCES person(id),
    town TEXT NOT NULL,
    decision TEXT NOT NULL,
    strand TEXT,
    rationale TEXT NOT NULL,
    score JSONB NOT NULL,
    review_on DATE,
    decided_by UUID NOT NULL REFERENCES app_user(id),
    decided_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX iom_cohort_decision_person ON iom_cohort_decision (person_id, decided_at);
CREATE INDEX iom_cohort_decision_town ON iom_cohort_decision (town, decided_at);
