-- The Local Criminal Justice Board's measures held outside Concord (issue 21 item 5):
-- ineffective trials and breach resolution (HMCTS), outstanding fail-to-appear warrants
-- (police), persistent young offenders' arrest-to-sentence days (youth offending service).
-- Imported as CSV by the board's performance officer; a later import of the same measure,
-- area and period replaces the figure (corrections arrive), and the import is audited.
-- measure: concord_iom::ImportedMeasure code. numerator/denominator: as that measure's
-- shape says (a share, a count with no denominator, or total days over cases).
CREATE TABLE lcjb_measure (
    id UUID PRIMARY KEY,
    measure TEXT NOT NULL,
    area TEXT NOT NULL,
    period_start DATE NOT NULL,
    period_end DATE NOT NULL,
    numerator BIGINT NOT NULL,
    denominator BIGINT,
    imported_by UUID NOT NULL REFERENCES app_user(id),
    imported_at TIMESTAMPTZ NOT NULL,
    UNIQUE (measure, area, period_start, period_end)
);

INSERT INTO role (code, name, description, permissions) VALUES
('lcjb_performance_officer', 'LCJB performance officer', 'Local Criminal Justice Board performance: imports the measures held by the courts, police and youth offending service; aggregate figures only', '["aggregate.view","measures.import"]');
