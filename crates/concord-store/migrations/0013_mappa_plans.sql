-- Risk management plans under the four pillars with contingency plans (issue 7 item 4),
-- actions with owners, due dates, status and evidence (item 5), and the victim safety
-- measures in place (item 8, restricted to the victim section).

-- A version of the plan; a new version supersedes the last (every version kept).
-- status: 'current', 'superseded'. Licence conditions are not copied here: the plan
-- shows the licence's own conditions.
CREATE TABLE mappa_plan (
    id UUID PRIMARY KEY,
    person_id UUID NOT NULL REFERENCES person(id),
    version INTEGER NOT NULL,
    status TEXT NOT NULL,
    -- The risks to be managed and the scenarios (who, when, how).
    risks TEXT NOT NULL,
    supervision TEXT NOT NULL,
    monitoring_and_control TEXT NOT NULL,
    interventions_and_treatment TEXT NOT NULL,
    victim_safety_planning TEXT NOT NULL,
    contingency TEXT NOT NULL,
    meeting_id UUID REFERENCES mappa_meeting(id),
    written_by UUID NOT NULL REFERENCES app_user(id),
    created_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX mappa_plan_person ON mappa_plan (person_id);

-- status: 'OPEN', 'DONE', 'CANCELLED' (concord-mappa ActionStatus). pillar is a
-- concord-mappa Pillar code.
CREATE TABLE mappa_action (
    id UUID PRIMARY KEY,
    person_id UUID NOT NULL REFERENCES person(id),
    pillar TEXT NOT NULL,
    description TEXT NOT NULL,
    owner_user_id UUID REFERENCES app_user(id),
    owner_name TEXT NOT NULL,
    owner_agency_id UUID NOT NULL REFERENCES agency(id),
    due_on DATE NOT NULL,
    status TEXT NOT NULL,
    evidence TEXT NOT NULL,
    completed_on DATE,
    meeting_id UUID REFERENCES mappa_meeting(id),
    created_by UUID NOT NULL REFERENCES app_user(id),
    created_at TIMESTAMPTZ NOT NULL,
    updated_by UUID NOT NULL REFERENCES app_user(id),
    updated_at TIMESTAMPTZ NOT NULL,
    -- Optimistic concurrency: a change names the version it was made from.
    version INTEGER NOT NULL
);
CREATE INDEX mappa_action_person ON mappa_action (person_id);
CREATE INDEX mappa_action_open ON mappa_action (status, due_on);

-- A measure protecting a victim (a police alarm fitted, a marker on the address, a
-- safety plan), restricted like the victim's details.
CREATE TABLE victim_measure (
    id UUID PRIMARY KEY,
    person_id UUID NOT NULL REFERENCES person(id),
    victim_id UUID REFERENCES victim(id),
    measure TEXT NOT NULL,
    in_place_on DATE NOT NULL,
    review_on DATE,
    recorded_by UUID NOT NULL REFERENCES app_user(id),
    created_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX victim_measure_person ON victim_measure (person_id);
