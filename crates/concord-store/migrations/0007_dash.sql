-- DASH checklists. The victim's own answers (her injuries, fear, pregnancy, isolation,
-- who she is) are victim information: they are kept apart from the checklist so that only
-- those who may read the restricted victim section read them back. The abuser's
-- behaviour, the count of "yes" answers, the level and the MARAC decision stay in the
-- risk section, where the case team needs them.
ALTER TABLE risk_assessment ADD COLUMN victim_answers JSONB;

-- Police domestic abuse officers complete the police DASH with the victim and plan her
-- safety, so they hold the victim section as well as completing assessments.
INSERT INTO role (code, name, description, permissions) VALUES
('domestic_abuse_officer', 'Domestic abuse officer', 'Police officer who completes DASH checklists with victims and plans their safety', '["person.read","person.search","person.create","person.change","section.victim","section.do_not_disclose","caseload.view","assessment.write"]');
