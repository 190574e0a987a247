-- MAPP meetings (issue 7 item 3): scheduled per area and town, an agenda of cases (new
-- referrals, reviews due, open actions carried), invitations that grant time-bounded
-- access to one case each (through panel_membership), attendance with the
-- confidentiality statement accepted, minutes per case in versions, and onward sharing
-- only with the chair's permission.

-- status: 'scheduled', 'open' (in progress), 'closed'.
CREATE TABLE mappa_meeting (
    id UUID PRIMARY KEY,
    area TEXT NOT NULL,
    town TEXT NOT NULL,
    held_on DATE NOT NULL,
    starts_at TEXT NOT NULL,
    chair_id UUID NOT NULL REFERENCES app_user(id),
    status TEXT NOT NULL,
    -- Invitations give access until this instant (the end of the meeting day plus the
    -- days allowed for minutes).
    access_until TIMESTAMPTZ NOT NULL,
    created_by UUID NOT NULL REFERENCES app_user(id),
    created_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX mappa_meeting_date ON mappa_meeting (area, held_on);

-- One case on the agenda. reason: 'new_referral', 'review', 'actions'.
CREATE TABLE mappa_agenda_item (
    id UUID PRIMARY KEY,
    meeting_id UUID NOT NULL REFERENCES mappa_meeting(id),
    person_id UUID NOT NULL REFERENCES person(id),
    reason TEXT NOT NULL,
    position INTEGER NOT NULL,
    created_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX mappa_agenda_item_meeting ON mappa_agenda_item (meeting_id);

-- A named person invited to discuss one case; the panel membership is their access.
CREATE TABLE mappa_invitation (
    id UUID PRIMARY KEY,
    meeting_id UUID NOT NULL REFERENCES mappa_meeting(id),
    person_id UUID NOT NULL REFERENCES person(id),
    user_id UUID NOT NULL REFERENCES app_user(id),
    panel_membership_id UUID NOT NULL REFERENCES panel_membership(id),
    invited_by UUID NOT NULL REFERENCES app_user(id),
    invited_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX mappa_invitation_meeting ON mappa_invitation (meeting_id);

-- Who attended (MAPPA E) and when they accepted the confidentiality statement (MAPPA D).
CREATE TABLE mappa_attendance (
    id UUID PRIMARY KEY,
    meeting_id UUID NOT NULL REFERENCES mappa_meeting(id),
    user_id UUID NOT NULL REFERENCES app_user(id),
    agency_id UUID NOT NULL REFERENCES agency(id),
    present BOOLEAN NOT NULL,
    confidentiality_accepted_at TIMESTAMPTZ,
    recorded_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX mappa_attendance_meeting ON mappa_attendance (meeting_id);

-- Minutes of one case at one meeting (MAPPA B), every version kept: a new row per save.
-- status: 'draft', 'approved', 'distributed'. sections is JSON (the standard headings).
CREATE TABLE mappa_minutes (
    id UUID PRIMARY KEY,
    meeting_id UUID NOT NULL REFERENCES mappa_meeting(id),
    person_id UUID NOT NULL REFERENCES person(id),
    version INTEGER NOT NULL,
    status TEXT NOT NULL,
    sections TEXT NOT NULL,
    written_by UUID NOT NULL REFERENCES app_user(id),
    approved_by UUID REFERENCES app_user(id),
    approved_at TIMESTAMPTZ,
    distributed_at TIMESTAMPTZ,
    created_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX mappa_minutes_case ON mappa_minutes (meeting_id, person_id);

-- A request to share minutes beyond the recipients' agencies; decided by the chair.
-- status: 'requested', 'granted', 'refused'.
CREATE TABLE mappa_onward_share (
    id UUID PRIMARY KEY,
    minutes_id UUID NOT NULL REFERENCES mappa_minutes(id),
    person_id UUID NOT NULL REFERENCES person(id),
    requested_by UUID NOT NULL REFERENCES app_user(id),
    recipient TEXT NOT NULL,
    purpose TEXT NOT NULL,
    status TEXT NOT NULL,
    decided_by UUID REFERENCES app_user(id),
    decided_at TIMESTAMPTZ,
    created_at TIMESTAMPTZ NOT NULL
);

-- One agenda line per case, one attendance line per person, one row per minutes version:
-- a repeated click cannot add a second copy.
CREATE UNIQUE INDEX mappa_agenda_item_once ON mappa_agenda_item (meeting_id, person_id);
CREATE UNIQUE INDEX mappa_attendance_once ON mappa_attendance (meeting_id, user_id);
CREATE UNIQUE INDEX mappa_minutes_version ON mappa_minutes (meeting_id, person_id, version);
