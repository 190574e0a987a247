-- A person's correction of the notification period Concord computed by SOA 2003 s.82
-- (issue 26): the last day as corrected (NULL: indefinite) and why, kept beside the
-- computed period, which stays on show. The latest correction applies.
CREATE TABLE notification_correction (
    id UUID PRIMARY KEY,
    person_id UUID NOT NULL REFERENCES person(id),
    last_day DATE,
    reason TEXT NOT NULL,
    recorded_by UUID NOT NULL REFERENCES app_user(id),
    recorded_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX notification_correction_person ON notification_correction (person_id, recorded_at);
