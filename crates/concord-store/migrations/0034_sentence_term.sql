-- A sentence's length as the court imposed it ("2 years", "26 weeks"), kept apart from
-- its start and end dates (issue 26): MAPPA's categories and the notification period
-- read the term, and the dates stay the release facts they are. Empty for sentences
-- recorded before, and for kinds without a term.
ALTER TABLE sentence ADD COLUMN term TEXT;
