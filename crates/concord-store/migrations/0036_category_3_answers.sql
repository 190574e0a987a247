-- MAPPA Category 3 asked as two recorded answers with reasons (issue 26): does a
-- conviction show capacity for serious harm, and does the risk need Level 2 or 3
-- management? The latest answers apply; earlier ones stay as history.
CREATE TABLE mappa_category3_answer (
    id UUID PRIMARY KEY,
    person_id UUID NOT NULL REFERENCES person(id),
    capacity_for_serious_harm BOOLEAN NOT NULL,
    capacity_reason TEXT NOT NULL,
    needs_level_2_or_3 BOOLEAN NOT NULL,
    need_reason TEXT NOT NULL,
    recorded_by UUID NOT NULL REFERENCES app_user(id),
    recorded_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX mappa_category3_answer_person ON mappa_category3_answer (person_id, recorded_at);
