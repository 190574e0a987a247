-- SQLite keeps a table's rows in one b-tree by row number and its primary key in a second;
-- a fix is looked up only by its key (tag and the provider's id) and read by tag and time,
-- so keeping the rows in the key's own b-tree (WITHOUT ROWID) saves one b-tree insert per
-- fix, the largest part of keeping a fix. PostgreSQL's heap and index are unchanged.
CREATE TABLE em_fix_by_key (
    tag_id UUID NOT NULL REFERENCES em_tag(id),
    fix_id TEXT NOT NULL,
    person_id UUID NOT NULL REFERENCES person(id),
    at TIMESTAMPTZ NOT NULL,
    longitude DOUBLE PRECISION NOT NULL,
    latitude DOUBLE PRECISION NOT NULL,
    accuracy_m DOUBLE PRECISION NOT NULL,
    received_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (tag_id, fix_id)
) WITHOUT ROWID;
INSERT INTO em_fix_by_key (tag_id, fix_id, person_id, at, longitude, latitude, accuracy_m, received_at)
    SELECT tag_id, fix_id, person_id, at, longitude, latitude, accuracy_m, received_at FROM em_fix;
DROP TABLE em_fix;
ALTER TABLE em_fix_by_key RENAME TO em_fix;
CREATE INDEX em_fix_tag_at ON em_fix (tag_id, at);
