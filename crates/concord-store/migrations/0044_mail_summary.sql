-- Email summaries (issue 24 point 3): when each member of staff was last sent the summary
-- of what waits for them in Concord, so it goes at most once per `mail_summary_hours`.
-- The summary itself holds counts and a link, never a name: nothing about a person
-- leaves Concord by email.
CREATE TABLE mail_summary (
    user_id UUID PRIMARY KEY REFERENCES app_user(id),
    sent_at TIMESTAMPTZ NOT NULL
);
