-- CRM contacts with duplicates for the dedup fault tests (DedupKillIT, DedupReplicaIT); PostgreSQL,
-- set-based. 100,000 people C1..C100000 (each at one of companies CO1..CO20); 6,000 copies D1..D6000
-- of 4,500 of them (every 7th person up to C31500, the first 1,500 of those copied twice: 3,000
-- groups of 2 and 1,500 of 3), half by e-mail in another case with spaces, half by the same phone in
-- another format and the same last name; a third of the copies are newer than their original (they
-- survive, so the original is the row merged); and E1..E300 sharing one e-mail (a group of 300).
-- 106,300 contacts, 4,501 groups, 6,299 merges. Children name their contact in owner too, so a test
-- can tell which were re-pointed: an opportunity for every 4th person and every 2nd copy (28,150),
-- an activity for every 2nd person and every copy (56,300). Companies CO21 and CO22 are one company
-- spelled twice.
INSERT INTO crm_companies (company_id, company_name, row_hash, first_run_id, last_run_id)
SELECT 'CO' || g, 'Company ' || g, md5('CO' || g), 0, 0 FROM generate_series(1, 20) g;
INSERT INTO crm_companies (company_id, company_name, phone, row_hash, first_run_id, last_run_id)
VALUES ('CO21', 'Acme, Inc.', '+15125550100', md5('CO21'), 0, 0), ('CO22', 'ACME Inc', NULL, md5('CO22'), 0, 0);

INSERT INTO crm_contacts (contact_id, company_id, first_name, last_name, email, phone, row_hash, first_run_id,
    last_run_id, updated_at)
SELECT 'C' || g, 'CO' || (1 + g % 20), 'Pat', 'Last' || g, 'person' || g || '@example.com', '+1' || (5120000000 + g),
    md5('C' || g), 0, 0, TIMESTAMP WITH TIME ZONE '2025-01-01 00:00:00+00' + g * INTERVAL '1 second'
FROM generate_series(1, 100000) g;

INSERT INTO crm_contacts (contact_id, company_id, first_name, last_name, email, phone, row_hash, first_run_id,
    last_run_id, updated_at)
SELECT 'D' || j, 'CO' || (1 + p % 20), 'Pat', 'Last' || p,
    CASE WHEN j % 2 = 0 THEN ' PERSON' || p || '@Example.COM ' END,
    CASE WHEN j % 2 = 1 THEN (5120000000 + p)::text END,
    md5('D' || j), 0, 0,
    CASE WHEN j % 3 = 0 THEN TIMESTAMP WITH TIME ZONE '2026-01-01 00:00:00+00'
         ELSE TIMESTAMP WITH TIME ZONE '2024-01-01 00:00:00+00' END + j * INTERVAL '1 second'
FROM (SELECT j, ((j - 1) % 4500 + 1) * 7 AS p FROM generate_series(1, 6000) j) copies;

INSERT INTO crm_contacts (contact_id, company_id, first_name, last_name, email, row_hash, first_run_id, last_run_id,
    updated_at)
SELECT 'E' || g, 'CO1', 'Sam', 'Shared' || g, 'shared@example.com', md5('E' || g), 0, 0,
    TIMESTAMP WITH TIME ZONE '2025-06-01 00:00:00+00' + g * INTERVAL '1 second'
FROM generate_series(1, 300) g;

INSERT INTO crm_opportunities (opportunity_id, company_id, contact_id, opportunity_name, stage, owner, row_hash,
    first_run_id, last_run_id)
SELECT 'O-' || contact_id, 'CO1', contact_id, 'Deal', 'open', contact_id, md5('O-' || contact_id), 0, 0
FROM crm_contacts
WHERE (contact_id LIKE 'C%' AND substr(contact_id, 2)::int % 4 = 0)
   OR (contact_id NOT LIKE 'C%' AND substr(contact_id, 2)::int % 2 = 0);

INSERT INTO crm_activities (activity_id, contact_id, activity_type, activity_at, owner, row_hash, first_run_id,
    last_run_id)
SELECT 'A-' || contact_id, contact_id, 'call', TIMESTAMP WITH TIME ZONE '2025-07-01 10:00:00+00', contact_id,
    md5('A-' || contact_id), 0, 0
FROM crm_contacts
WHERE contact_id NOT LIKE 'C%' OR substr(contact_id, 2)::int % 2 = 0;

ANALYZE crm_companies;
ANALYZE crm_contacts;
ANALYZE crm_opportunities;
ANALYZE crm_activities;
