-- The individual action plan (issue 20 item 5): the objectives the person works towards
-- (from the needs screening), the officer's own actions, their progress, and the
-- reviews at which the person agreed (or did not) to the plan and its next review date.
-- The partner work the plan includes is the person's service referrals, read with it.

CREATE TABLE action_plan_item (
    id UUID PRIMARY KEY,
    person_id UUID NOT NULL REFERENCES person(id),
    kind TEXT NOT NULL,
    need TEXT,
    text TEXT NOT NULL,
    target_on DATE,
    status TEXT NOT NULL,
    progress TEXT NOT NULL,
    created_by UUID NOT NULL REFERENCES app_user(id),
    created_at TIMESTAMPTZ NOT NULL,
    updated_by UUID NOT NULL REFERENCES app_user(id),
    updated_at TIMESTAMPTZ NOT NULL,
    -- Bumped by every change: a form sends the version it showed.
    version INTEGER NOT NULL
);
CREATE INDEX action_plan_item_person ON action_plan_item (person_id, created_at);

CREATE TABLE action_plan_review (
    id UUID PRIMARY KEY,
    person_id UUID NOT NULL REFERENCES person(id),
    reviewed_on DATE NOT NULL,
    person_agreed BOOLEAN NOT NULL,
    note TEXT NOT NULL,
    next_review_on DATE NOT NULL,
    reviewed_by UUID NOT NULL REFERENCES app_user(id),
    created_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX action_plan_review_person ON action_plan_review (person_id, reviewed_on);
