-- Attachments (issue 24 point 10): letters, photographs, OASys documents and the like,
-- kept with the record and filed under one of its sections, which decides who may list
-- and open them. Only a file the virus scanner passed is kept; what scanned it is kept
-- with it. The bytes are in their own table (`attachment_content`, BYTEA or BLOB by
-- engine) so listing a person's documents never reads them.
CREATE TABLE attachment (
    id UUID PRIMARY KEY,
    person_id UUID NOT NULL REFERENCES person(id),
    agency_id UUID NOT NULL REFERENCES agency(id),
    -- The record section it is filed under (a Section code): read and listed only with it.
    section TEXT NOT NULL,
    title TEXT NOT NULL,
    file_name TEXT NOT NULL,
    -- Decided from the file's own bytes, never from what the browser claimed.
    media_type TEXT NOT NULL,
    size_bytes BIGINT NOT NULL,
    sha256 TEXT NOT NULL,
    -- e.g. "ClamAV 1.4.6/27482": the scanner and its signatures when it passed the file.
    scanned_by TEXT NOT NULL,
    uploaded_by UUID NOT NULL REFERENCES app_user(id),
    uploaded_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX attachment_person ON attachment (person_id, uploaded_at);
