-- Concord foundation schema. ONE source for both backends: the column types are
-- PostgreSQL's native ones (UUID, DATE, TIMESTAMPTZ, JSONB, BOOLEAN, BIGINT), and
-- SQLite accepts the same names, storing uuids as 16-byte blobs and dates/instants
-- as ISO-8601 text (see docs/adr/0001-database-layer.md). Backend-only statements
-- live beside this file in 0001_foundation.{sqlite,postgres}.sql.

CREATE TABLE agency (
    id UUID PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    area TEXT NOT NULL
);

CREATE TABLE team (
    id UUID PRIMARY KEY,
    agency_id UUID NOT NULL REFERENCES agency(id),
    name TEXT NOT NULL,
    town TEXT
);

-- Roles are data: each names the permissions it grants (concord-authz Permission codes).
CREATE TABLE role (
    code TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    description TEXT NOT NULL,
    permissions JSONB NOT NULL
);

CREATE TABLE app_user (
    id UUID PRIMARY KEY,
    username TEXT NOT NULL UNIQUE,
    display_name TEXT NOT NULL,
    email TEXT,
    password_hash TEXT NOT NULL,
    agency_id UUID NOT NULL REFERENCES agency(id),
    team_id UUID REFERENCES team(id),
    active BOOLEAN NOT NULL,
    created_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE user_role (
    user_id UUID NOT NULL REFERENCES app_user(id),
    role_code TEXT NOT NULL REFERENCES role(code),
    PRIMARY KEY (user_id, role_code)
);

-- Server-side sessions. The cookie carries a random token; only its SHA-256 is stored,
-- so a copy of the database cannot be used to sign in.
CREATE TABLE user_session (
    token_hash TEXT PRIMARY KEY,
    user_id UUID NOT NULL REFERENCES app_user(id),
    csrf_token TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    last_seen_at TIMESTAMPTZ NOT NULL,
    expires_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX user_session_user ON user_session (user_id);

CREATE TABLE sign_in_attempt (
    id UUID PRIMARY KEY,
    username TEXT NOT NULL,
    at TIMESTAMPTZ NOT NULL,
    succeeded BOOLEAN NOT NULL
);
CREATE INDEX sign_in_attempt_username ON sign_in_attempt (username, at);

-- The nominal record.
CREATE TABLE person (
    id UUID PRIMARY KEY,
    owning_agency_id UUID NOT NULL REFERENCES agency(id),
    given_name TEXT NOT NULL,
    middle_names TEXT,
    family_name TEXT NOT NULL,
    sort_key TEXT NOT NULL,
    date_of_birth DATE NOT NULL,
    gender TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL,
    version BIGINT NOT NULL
);
CREATE INDEX person_date_of_birth ON person (date_of_birth);
CREATE INDEX person_sort_key ON person (sort_key);

CREATE TABLE person_alias (
    id UUID PRIMARY KEY,
    person_id UUID NOT NULL REFERENCES person(id),
    given_name TEXT NOT NULL,
    middle_names TEXT,
    family_name TEXT NOT NULL,
    date_of_birth DATE,
    agency_id UUID NOT NULL REFERENCES agency(id),
    created_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX person_alias_person ON person_alias (person_id);

CREATE TABLE person_identifier (
    id UUID PRIMARY KEY,
    person_id UUID NOT NULL REFERENCES person(id),
    kind TEXT NOT NULL,
    value TEXT NOT NULL,
    agency_id UUID NOT NULL REFERENCES agency(id),
    created_at TIMESTAMPTZ NOT NULL,
    UNIQUE (person_id, kind, value)
);
CREATE INDEX person_identifier_value ON person_identifier (value);

CREATE TABLE person_address (
    id UUID PRIMARY KEY,
    person_id UUID NOT NULL REFERENCES person(id),
    kind TEXT NOT NULL,
    line1 TEXT NOT NULL,
    line2 TEXT,
    town TEXT NOT NULL,
    postcode TEXT,
    from_date DATE NOT NULL,
    to_date DATE,
    agency_id UUID NOT NULL REFERENCES agency(id),
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL,
    version BIGINT NOT NULL
);
CREATE INDEX person_address_person ON person_address (person_id);
CREATE INDEX person_address_postcode ON person_address (postcode);

CREATE TABLE offence (
    id UUID PRIMARY KEY,
    person_id UUID NOT NULL REFERENCES person(id),
    offence_code TEXT NOT NULL,
    description TEXT NOT NULL,
    offence_date DATE NOT NULL,
    conviction_date DATE,
    disposal TEXT,
    agency_id UUID NOT NULL REFERENCES agency(id),
    created_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX offence_person ON offence (person_id);

CREATE TABLE sentence (
    id UUID PRIMARY KEY,
    person_id UUID NOT NULL REFERENCES person(id),
    kind TEXT NOT NULL,
    description TEXT,
    start_date DATE NOT NULL,
    end_date DATE,
    release_date DATE,
    licence_end_date DATE,
    agency_id UUID NOT NULL REFERENCES agency(id),
    created_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX sentence_person ON sentence (person_id);

CREATE TABLE warning_marker (
    id UUID PRIMARY KEY,
    person_id UUID NOT NULL REFERENCES person(id),
    kind TEXT NOT NULL,
    note TEXT NOT NULL,
    agency_id UUID NOT NULL REFERENCES agency(id),
    raised_by UUID REFERENCES app_user(id),
    raised_on DATE NOT NULL,
    removed_on DATE,
    created_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX warning_marker_person ON warning_marker (person_id);

-- Events each agency records against a person (contacts, visits, arrests, notes). The
-- chronology merges these with the dated facts of the other tables.
CREATE TABLE person_event (
    id UUID PRIMARY KEY,
    person_id UUID NOT NULL REFERENCES person(id),
    event_type TEXT NOT NULL,
    occurred_on DATE NOT NULL,
    summary TEXT NOT NULL,
    agency_id UUID NOT NULL REFERENCES agency(id),
    recorded_by UUID REFERENCES app_user(id),
    created_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX person_event_person ON person_event (person_id, occurred_on);

-- Case allocation: who manages whom ("my cases").
CREATE TABLE allocation (
    id UUID PRIMARY KEY,
    person_id UUID NOT NULL REFERENCES person(id),
    user_id UUID NOT NULL REFERENCES app_user(id),
    agency_id UUID NOT NULL REFERENCES agency(id),
    role TEXT NOT NULL,
    from_date DATE NOT NULL,
    to_date DATE
);
CREATE INDEX allocation_user ON allocation (user_id);
CREATE INDEX allocation_person ON allocation (person_id);

-- Name tokens for search: accent- and case-folded (concord_domain::search_tokens), one
-- row per distinct token of a person's names and aliases. A btree range scan on the
-- token gives prefix matching on both backends without extensions.
CREATE TABLE person_search_token (
    token TEXT NOT NULL,
    person_id UUID NOT NULL REFERENCES person(id),
    source TEXT NOT NULL,
    PRIMARY KEY (token, person_id, source)
);
CREATE INDEX person_search_token_person ON person_search_token (person_id);

-- What changed, field by field, for the record's history page.
CREATE TABLE record_change (
    id UUID PRIMARY KEY,
    person_id UUID NOT NULL REFERENCES person(id),
    at TIMESTAMPTZ NOT NULL,
    user_id UUID REFERENCES app_user(id),
    agency_id UUID REFERENCES agency(id),
    entity TEXT NOT NULL,
    entity_id UUID NOT NULL,
    operation TEXT NOT NULL,
    changes JSONB NOT NULL
);
CREATE INDEX record_change_person ON record_change (person_id, at);

-- The audit chain (DPA 2018 s.62): append-only; each row's hash covers its content and
-- the previous row's hash. audit_head holds the tip and is locked first by every
-- writing transaction, which serialises appends on both backends.
CREATE TABLE audit_event (
    seq BIGINT PRIMARY KEY,
    id UUID NOT NULL UNIQUE,
    at TIMESTAMPTZ NOT NULL,
    actor_user_id UUID,
    actor_agency_id UUID,
    kind TEXT NOT NULL,
    action TEXT NOT NULL,
    resource_type TEXT NOT NULL,
    resource_id UUID,
    person_id UUID,
    outcome TEXT NOT NULL,
    reason TEXT NOT NULL,
    recipient TEXT,
    detail JSONB NOT NULL,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL
);
CREATE INDEX audit_event_person ON audit_event (person_id, seq);

CREATE TABLE audit_head (
    id BIGINT PRIMARY KEY,
    seq BIGINT NOT NULL,
    hash TEXT NOT NULL,
    touched_at TIMESTAMPTZ
);
INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');
