-- What a tag enforces is built from the person's zones, active licence and approved
-- curfew address. Each write to those counts one more revision on the person's live
-- tags, in the same transaction, so the evaluator (which reads the count with every
-- batch of fixes) rebuilds its rules at once: a zone added to protect a victim is in
-- force for the next fix, not after a periodic recheck.
ALTER TABLE em_tag ADD COLUMN rules_rev BIGINT NOT NULL DEFAULT 0;
