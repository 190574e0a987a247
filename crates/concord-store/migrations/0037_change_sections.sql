-- The sections a change to a record was written under (issue 24): the history page lists
-- a change in full only to a viewer who may read every one of them, so a police
-- intelligence entry's line no longer tells the offender manager its kind, author and
-- date. Comma-separated section codes (as the audit chain keeps them); earlier rows are filled from what they changed.
ALTER TABLE record_change ADD COLUMN sections TEXT NOT NULL DEFAULT '';
UPDATE record_change SET sections = CASE entity
    WHEN 'person' THEN 'identity'
    WHEN 'alias' THEN 'identity'
    WHEN 'identifier' THEN 'identity'
    WHEN 'address' THEN 'addresses'
    WHEN 'offence' THEN 'convictions'
    WHEN 'sentence' THEN 'convictions'
    WHEN 'warning_marker' THEN 'markers'
    WHEN 'allocation' THEN 'management'
    ELSE sections END;
UPDATE record_change SET sections = COALESCE(
    (SELECT e.section || CASE WHEN e.withheld_from_person THEN ',do_not_disclose' ELSE '' END
       FROM person_event e WHERE e.id = record_change.entity_id),
    'chronology')
WHERE entity = 'event';
