-- Values derived from a victim's location are victim-section facts (issue 16, ADR 0005):
-- a distance to her home, or a zone drawn round it, locates her as surely as her address.
--
-- A zone round a victim's home names the victim it protects; those without the victim
-- section see such a zone by its name and kind only, never its map or description.
ALTER TABLE zone ADD COLUMN victim_id UUID REFERENCES victim(id);

-- What an address check measured against victims' homes and the zones round them
-- (distances, which victim, how many) is kept apart from the licence-section findings and
-- read only with the victim section.
ALTER TABLE address_check ADD COLUMN victim_findings JSONB;

-- Checks made before this kept the distance in the refusal's words. Their findings move
-- whole to the victim section; the licence section keeps the refusal without a distance.
UPDATE address_check
   SET victim_findings = findings,
       findings = '{"refusals":[],"zones":[],"victim_restriction":true,"unmeasured":[],"unmeasured_confirmed":false}'
 WHERE CAST(findings AS TEXT) LIKE '%from the home of%';
