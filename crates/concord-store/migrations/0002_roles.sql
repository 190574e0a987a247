-- The roles of DESIGN.md §1 as reference data. Permissions are concord-authz
-- Permission codes; an administrator may add roles without a code change.
INSERT INTO role (code, name, description, permissions) VALUES
('offender_manager', 'Offender manager', 'Probation practitioner who manages a caseload', '["person.read","person.search","person.create","person.change","caseload.view"]'),
('public_protection_officer', 'Public protection officer', 'Police officer managing registered and dangerous offenders', '["person.read","person.search","person.create","person.change","caseload.view"]'),
('prison_offender_manager', 'Prison offender manager', 'Prison staff managing a person in custody', '["person.read","person.search","person.create","person.change","caseload.view"]'),
('mappa_coordinator', 'MAPPA coordinator', 'Runs referrals, meetings and minutes for the area', '["person.read","person.search","caseload.view"]'),
('mappa_chair', 'MAPPA chair', 'Chairs MAPP meetings and approves minutes', '["person.read","person.search","caseload.view"]'),
('victim_liaison_officer', 'Victim liaison officer', 'Probation victim contact scheme', '["person.read","person.search","caseload.view"]'),
('approved_premises_manager', 'Approved premises manager', 'Manages beds, curfews, arrivals and departures', '["person.read","person.search","person.change","caseload.view"]'),
('iom_officer', 'IOM officer', 'Police or probation member of the Integrated Offender Management team', '["person.read","person.search","person.create","person.change","caseload.view"]'),
('partner_caseworker', 'Partner caseworker', 'Housing, health, drug service, Jobcentre or voluntary-sector worker: sees only what is referred or shared', '["caseload.view"]'),
('board_member', 'Board member', 'Strategic Management Board member: aggregate figures only', '["aggregate.view"]'),
('lay_adviser', 'Lay adviser', 'Member of the public on the Strategic Management Board: aggregate figures only', '["aggregate.view"]'),
('information_governance_lead', 'Information governance lead', 'Reviews access and exports audit trails', '["audit.read"]'),
('data_quality_officer', 'Data quality officer', 'Keeps the register accurate and resolves duplicates', '["person.read","person.search","person.change"]'),
('administrator', 'Administrator', 'Manages accounts, roles and reference data', '["user.admin"]');
