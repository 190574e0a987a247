-- Electronic monitoring (issue 22): tags fitted to people, the location fixes the
-- monitoring provider sends, and the alerts the geofence engine raises from them. All in
-- the record's licence section; an alert on a zone round a victim's home names the zone,
-- whose map stays in the victim section.

-- A tag fitted to a person: the device, why (the licence conditions it enforces, or worn
-- voluntarily, as an IOM client may ask), and when it was fitted and removed. A device is
-- on one person at a time: the partial unique index refuses a second live fitting.
CREATE TABLE em_tag (
    id UUID PRIMARY KEY,
    person_id UUID NOT NULL REFERENCES person(id),
    agency_id UUID NOT NULL REFERENCES agency(id),
    device_id TEXT NOT NULL,
    -- 'licence' (enforces the active licence's zones and curfew) or 'voluntary'
    basis TEXT NOT NULL,
    -- What it enforces: a JSON list of 'exclusion', 'inclusion', 'curfew'; empty when
    -- voluntary (the location is recorded, no rule is enforced).
    enforces JSONB NOT NULL,
    -- For a voluntary tag: the person's consent as recorded.
    consent TEXT NOT NULL,
    fitted_at TIMESTAMPTZ NOT NULL,
    planned_end DATE,
    removed_at TIMESTAMPTZ,
    removal_reason TEXT NOT NULL,
    -- How many fixes have been kept for the tag. An evaluator bumps it in the same
    -- transaction as the fixes it keeps (which also orders evaluators of one tag across
    -- nodes); one that finds it moved by another node rebuilds from the stored fixes.
    fix_seq BIGINT NOT NULL DEFAULT 0,
    created_by UUID NOT NULL REFERENCES app_user(id),
    created_at TIMESTAMPTZ NOT NULL,
    version BIGINT NOT NULL
);
CREATE INDEX em_tag_person ON em_tag (person_id);
CREATE UNIQUE INDEX em_tag_live_device ON em_tag (device_id) WHERE removed_at IS NULL;

-- A location fix as the provider sent it; its id is the provider's, so a fix sent twice
-- (a retried batch, a redelivered message) is kept once.
CREATE TABLE em_fix (
    tag_id UUID NOT NULL REFERENCES em_tag(id),
    fix_id TEXT NOT NULL,
    person_id UUID NOT NULL REFERENCES person(id),
    at TIMESTAMPTZ NOT NULL,
    longitude DOUBLE PRECISION NOT NULL,
    latitude DOUBLE PRECISION NOT NULL,
    accuracy_m DOUBLE PRECISION NOT NULL,
    received_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (tag_id, fix_id)
);
CREATE INDEX em_fix_tag_at ON em_fix (tag_id, at);

-- A breach the engine found: an exclusion zone entered, an inclusion zone left, away
-- from the curfew address in curfew hours, or no fix for too long (possible tamper).
-- Its identity is (tag, rule, kind, opened_at): written again by a redelivered or
-- re-evaluated fix, it is the same alert. retracted_at: a late fix showed the dwell was
-- never met. outcome: no_action, contact, warning, recall.
CREATE TABLE em_alert (
    id UUID PRIMARY KEY,
    person_id UUID NOT NULL REFERENCES person(id),
    tag_id UUID NOT NULL REFERENCES em_tag(id),
    kind TEXT NOT NULL,
    -- 'zone:<id>', 'curfew' or 'signal'
    rule TEXT NOT NULL,
    zone_id UUID REFERENCES zone(id),
    opened_at TIMESTAMPTZ NOT NULL,
    raised_at TIMESTAMPTZ NOT NULL,
    closed_at TIMESTAMPTZ,
    retracted_at TIMESTAMPTZ,
    acknowledged_by UUID REFERENCES app_user(id),
    acknowledged_at TIMESTAMPTZ,
    outcome TEXT,
    outcome_note TEXT NOT NULL,
    outcome_by UUID REFERENCES app_user(id),
    outcome_at TIMESTAMPTZ,
    version BIGINT NOT NULL,
    UNIQUE (tag_id, rule, kind, opened_at)
);
CREATE INDEX em_alert_person ON em_alert (person_id, opened_at);
CREATE INDEX em_alert_open ON em_alert (closed_at, opened_at);

INSERT INTO role (code, name, description, permissions) VALUES
('em_provider', 'Electronic monitoring provider (service account)', 'The monitoring provider''s feed: sends the location fixes of the tags it has fitted; reads nothing', '["em.fixes.submit"]');
