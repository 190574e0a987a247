-- The postcode directory (issue 24 point 2): each postcode's centre, imported from the ONS
-- Postcode Directory (or a file in its format), so an address with a postcode can be
-- placed on the map and measured against zones without anyone typing coordinates. It is
-- open reference data (Open Government Licence), not personal data: it is read without a
-- person's capability; only replacing it is decided and audited.
CREATE TABLE postcode (
    -- As the directory's `pcds` column writes it: outward code, one space, inward code.
    postcode TEXT PRIMARY KEY,
    latitude DOUBLE PRECISION NOT NULL,
    longitude DOUBLE PRECISION NOT NULL,
    -- The month the postcode was terminated (`doterm`, YYYYMM), or NULL while in use.
    -- Terminated postcodes are kept: an old address still carries one.
    terminated TEXT
);

-- One row per import: which file, how many postcodes, by whom.
CREATE TABLE postcode_directory_import (
    id UUID PRIMARY KEY,
    source TEXT NOT NULL,
    postcodes BIGINT NOT NULL,
    without_location BIGINT NOT NULL,
    imported_by UUID NOT NULL REFERENCES app_user(id),
    imported_at TIMESTAMPTZ NOT NULL
);
