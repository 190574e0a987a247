CREATE TABLE attachment_content (
    attachment_id UUID PRIMARY KEY REFERENCES attachment(id),
    content BLOB NOT NULL
);
