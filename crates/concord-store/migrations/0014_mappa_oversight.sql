-- Serious further offences, serious case reviews, transfers to another MAPPA area and
-- the orders the annual report counts (issue 7 items 9–11).

-- A serious further offence charged while (or within 28 days after) the person was a
-- MAPPA case: MAPPA N due to the SMB chair and the coordinator within the configured days.
-- scr_decision: 'pending', 'review' (an SCR is held), 'no_review'.
CREATE TABLE mappa_sfo (
    id UUID PRIMARY KEY,
    person_id UUID NOT NULL REFERENCES person(id),
    record_id UUID REFERENCES mappa_record(id),
    offence TEXT NOT NULL,
    charged_on DATE NOT NULL,
    notification_due_on DATE NOT NULL,
    notified_on DATE,
    scr_decision TEXT NOT NULL,
    scr_rationale TEXT,
    scr_decided_on DATE,
    recorded_by UUID NOT NULL REFERENCES app_user(id),
    created_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX mappa_sfo_person ON mappa_sfo (person_id);

-- A MAPPA case moved to another area with its chronology, minutes, actions and victim
-- information (the bundle is the JSON that was sent).
CREATE TABLE mappa_transfer (
    id UUID PRIMARY KEY,
    person_id UUID NOT NULL REFERENCES person(id),
    record_id UUID NOT NULL REFERENCES mappa_record(id),
    from_area TEXT NOT NULL,
    to_area TEXT NOT NULL,
    reason TEXT NOT NULL,
    transferred_on DATE NOT NULL,
    transferred_by UUID NOT NULL REFERENCES app_user(id),
    bundle_sha256 TEXT NOT NULL,
    -- The bundle's JSON as sent, so the sending area can show what it sent.
    bundle TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX mappa_transfer_person ON mappa_transfer (person_id);

-- Orders and breaches the annual report counts for registered sexual offenders (kind:
-- 'notification_breach', 'shpo_imposed', 'shpo_foreign_travel', 'notification_order',
-- 'sro_breach_notification', 'order_breach_return': returned to custody for breach of a
-- SHPO or SOPO).
CREATE TABLE mappa_order_event (
    id UUID PRIMARY KEY,
    person_id UUID NOT NULL REFERENCES person(id),
    kind TEXT NOT NULL,
    occurred_on DATE NOT NULL,
    note TEXT NOT NULL,
    recorded_by UUID NOT NULL REFERENCES app_user(id),
    created_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX mappa_order_event_person ON mappa_order_event (person_id);
