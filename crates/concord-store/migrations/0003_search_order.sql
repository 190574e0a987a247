-- Keep each person's sort key beside their search tokens, so the first page of a common
-- name ("Smith": 1.3% of a register) is read from one index in name order instead of
-- fetching and sorting every Smith (BENCHMARKS.md).
ALTER TABLE person_search_token ADD COLUMN sort_key TEXT NOT NULL DEFAULT '';
UPDATE person_search_token SET sort_key = (SELECT p.sort_key FROM person p WHERE p.id = person_search_token.person_id);
CREATE INDEX person_search_token_order ON person_search_token (token, sort_key, person_id);
