-- Identify: agencies' feeds loaded with their own record ids, possible duplicates found
-- by the linkage model, reviewers' decisions, and the links that make several agencies'
-- records one person. Source records are never merged away: a link joins two records
-- and unlinking ends it, so an unmerge restores exactly what was there.

-- The id the source agency gave the record. Unique per agency, so re-running an
-- interrupted import skips what it already loaded (NULLs never clash: records entered
-- by hand have none).
ALTER TABLE person ADD COLUMN source_id TEXT;
CREATE UNIQUE INDEX person_source ON person (owning_agency_id, source_id);
-- Likeness search asks for the register's newest change before every name search.
CREATE INDEX person_updated_at ON person (updated_at);

-- Each trained linkage model (concord-match's versioned JSON), newest used.
CREATE TABLE match_model (
    id UUID PRIMARY KEY,
    trained_at TIMESTAMPTZ NOT NULL,
    trained_by UUID REFERENCES app_user(id),
    records BIGINT NOT NULL,
    model JSONB NOT NULL
);

-- A pair of records the model scored as possibly the same person (left id < right id).
-- status: 'review' (between the thresholds, waiting in the queue), 'linked' (above the
-- upper threshold, linked automatically), 'same' or 'different' (a reviewer decided).
-- A 'different' pair is never linked automatically again, whatever later runs score.
CREATE TABLE match_pair (
    id UUID PRIMARY KEY,
    left_person_id UUID NOT NULL REFERENCES person(id),
    right_person_id UUID NOT NULL REFERENCES person(id),
    match_probability DOUBLE PRECISION NOT NULL,
    match_weight DOUBLE PRECISION NOT NULL,
    explanation JSONB NOT NULL,
    status TEXT NOT NULL,
    found_at TIMESTAMPTZ NOT NULL,
    decided_by UUID REFERENCES app_user(id),
    decided_at TIMESTAMPTZ,
    decision_reason TEXT,
    UNIQUE (left_person_id, right_person_id)
);
CREATE INDEX match_pair_status ON match_pair (status, match_probability);
CREATE INDEX match_pair_right ON match_pair (right_person_id);

-- Two records linked as one person. Live while unlinked_at is NULL; a person's view is
-- every record reachable through live links.
CREATE TABLE person_link (
    id UUID PRIMARY KEY,
    pair_id UUID NOT NULL REFERENCES match_pair(id),
    left_person_id UUID NOT NULL REFERENCES person(id),
    right_person_id UUID NOT NULL REFERENCES person(id),
    kind TEXT NOT NULL,
    reason TEXT NOT NULL,
    linked_by UUID REFERENCES app_user(id),
    linked_at TIMESTAMPTZ NOT NULL,
    unlinked_by UUID REFERENCES app_user(id),
    unlinked_at TIMESTAMPTZ,
    unlink_reason TEXT
);
CREATE INDEX person_link_left ON person_link (left_person_id);
CREATE INDEX person_link_right ON person_link (right_person_id);

-- Those who resolve duplicates compare, link and unlink records, and load agencies'
-- feeds (loading links the records the model is sure of, so it needs the same sight of
-- them). An administrator who loads feeds is given this role as well.
UPDATE role SET permissions = '["person.read","person.search","person.change","person.combine","person.import"]' WHERE code = 'data_quality_officer';
