-- Fixture for the gold views (docs/schema.md, "Gold views"): the sample-query results there are
-- computed from these rows. Portable INSERTs (H2 and PostgreSQL). Rows with deleted_at set must not
-- count; edge cases: zero and missing spend, missing amounts, a lead with no appointment, a lead
-- without a submission time, one person with two leads, a deleted parent marketing source, NULL
-- e-mails and phones on both sides (NULL never matches NULL).

-- Redshift: Google Ads campaigns
INSERT INTO redshift_marketing_campaigns (campaign_id, campaign_name, channel, status, spend, impressions, clicks, conversions, start_date, end_date, deleted_at, row_hash, first_run_id, last_run_id) VALUES
 ('5550001', 'CO Roofing Q3', 'SEARCH', 'ENABLED', 1200.00, 40000, 800, 24.50, DATE '2025-07-01', DATE '2025-09-30', NULL, 'x', 0, 0),
 ('5550002', 'TX Solar', 'PERFORMANCE_MAX', 'ENABLED', 900.00, 30000, 450, 9.00, DATE '2025-07-01', NULL, NULL, 'x', 0, 0),
 ('5550003', 'OH Bath Remodel', 'DISPLAY', 'PAUSED', 0.00, 5000, 0, 0.00, DATE '2025-07-01', NULL, NULL, 'x', 0, 0),
 ('5550004', 'Brand Search', 'SEARCH', 'ENABLED', NULL, NULL, NULL, NULL, NULL, NULL, NULL, 'x', 0, 0),
 ('5550005', 'CO Windows Q3', 'VIDEO', 'ENABLED', 300.00, 12000, 120, 2.00, DATE '2025-07-01', NULL, NULL, 'x', 0, 0),
 ('5550006', 'Old Gutters', 'SEARCH', 'REMOVED', 500.00, 9000, 300, 6.00, DATE '2025-01-01', DATE '2025-03-31', TIMESTAMP WITH TIME ZONE '2025-08-01 00:00:00+00', 'x', 0, 0);

-- LeadConduit leads (e-mails lower-case and phones E.164, as the cleaners store them)
INSERT INTO leadconduit_leads (lead_id, first_name, last_name, email, phone, source, campaign, outcome, price, submitted_at, deleted_at, row_hash, first_run_id, last_run_id) VALUES
 ('L01', 'Jessica', 'Tran', 'jessica.tran@gmail.com', '+13037912284', 'Modernize', 'CO Roofing Q3', 'success', 45.00, TIMESTAMP WITH TIME ZONE '2025-07-07 10:30:00+00', NULL, 'x', 0, 0),
 ('L02', 'Robert', 'McKinney', 'rob.mckinney@yahoo.com', '+17202914410', 'HomeAdvisor', 'CO Windows Q3', 'success', 38.50, TIMESTAMP WITH TIME ZONE '2025-07-07 16:41:12+00', NULL, 'x', 0, 0),
 ('L03', 'Angela', 'Ruiz', 'angela.ruiz@outlook.com', '+15124439081', 'QuinStreet', 'TX Solar', 'success', 62.00, TIMESTAMP WITH TIME ZONE '2025-07-07 16:02:00+00', NULL, 'x', 0, 0),
 ('L04', 'Kevin', 'O''Brien', 'kobrien@gmail.com', '+16148712291', 'Modernize', 'OH Bath Remodel', 'failure', 0.00, TIMESTAMP WITH TIME ZONE '2025-07-07 11:15:00+00', NULL, 'x', 0, 0),
 ('L05', 'Jessica', 'Tran', 'jessica.tran@gmail.com', '+13037912284', 'Modernize', 'CO Roofing Q3', 'success', 45.00, TIMESTAMP WITH TIME ZONE '2025-07-09 09:00:00+00', NULL, 'x', 0, 0),
 ('L06', 'Karen', 'Mitchell', 'karen.mitchell@yahoo.com', '+16148824410', 'Angi', NULL, 'success', 55.00, TIMESTAMP WITH TIME ZONE '2025-06-30 14:00:00+00', NULL, 'x', 0, 0),
 ('L07', 'Doug', 'Fairbanks', NULL, '+16148824411', 'Google Ads', '5550001', 'success', 30.00, TIMESTAMP WITH TIME ZONE '2025-07-01 12:00:00+00', NULL, 'x', 0, 0),
 ('L08', 'Marcus', 'Greene', 'marcus.greene@gmail.com', NULL, NULL, NULL, 'success', NULL, TIMESTAMP WITH TIME ZONE '2025-07-02 12:00:00+00', NULL, 'x', 0, 0),
 ('L09', 'Eileen', 'Vasquez', 'eileen.vasquez@outlook.com', '+16148824412', 'HomeAdvisor', 'OH Bath Remodel', 'success', 40.00, TIMESTAMP WITH TIME ZONE '2025-07-03 12:00:00+00', NULL, 'x', 0, 0),
 ('L10', 'Dana', 'Gone', 'dana.gone@example.com', '+16148820000', 'Modernize', 'CO Roofing Q3', 'success', 45.00, TIMESTAMP WITH TIME ZONE '2025-07-04 12:00:00+00', TIMESTAMP WITH TIME ZONE '2025-08-01 00:00:00+00', 'x', 0, 0),
 ('L11', 'Nina', 'Patel', 'nina.patel@gmail.com', '+15125550111', 'QuinStreet', 'TX Solar', 'success', 62.00, NULL, NULL, 'x', 0, 0),
 ('L12', 'Greg', 'Hollis', 'greg.hollis@gmail.com', '+13035550100', 'Google Ads', 'CO Roofing Q3', 'success', 30.00, TIMESTAMP WITH TIME ZONE '2025-06-01 15:00:00+00', NULL, 'x', 0, 0);

-- Genius marketing sources (MS04 is deleted: its prospects count under '(none)')
INSERT INTO genius_marketing_sources (marketing_source_id, source_name, category, cost_per_lead, deleted_at, row_hash, first_run_id, last_run_id) VALUES
 ('MS01', 'Google Ads - Roofing', 'digital', 85.00, NULL, 'x', 0, 0),
 ('MS02', 'Facebook Lead Ads', 'digital', 42.50, NULL, 'x', 0, 0),
 ('MS03', 'Parade of Homes', 'home show', NULL, NULL, 'x', 0, 0),
 ('MS04', 'Radio Spring', 'radio', 100.00, TIMESTAMP WITH TIME ZONE '2025-08-01 00:00:00+00', 'x', 0, 0);

-- Genius prospects
INSERT INTO genius_prospects (prospect_id, first_name, last_name, email, home_phone, mobile_phone, marketing_source_id, lead_date, deleted_at, row_hash, first_run_id, last_run_id) VALUES
 ('P1001', 'Greg', 'Hollis', 'greg.hollis@gmail.com', '+13037332190', NULL, 'MS01', DATE '2025-06-02', NULL, 'x', 0, 0),
 ('P1002', 'Sandra', 'Kowalczyk', 'sandra.k@comcast.net', '+13037332191', NULL, 'MS02', DATE '2025-06-03', NULL, 'x', 0, 0),
 ('P1003', 'Luis', 'Ortega', 'lortega@outlook.com', NULL, '+17204418825', 'MS03', DATE '2025-06-04', NULL, 'x', 0, 0),
 ('P1004', 'Beth', 'Carrington', 'beth.carrington@gmail.com', '+13037332192', NULL, 'MS01', DATE '2025-06-05', NULL, 'x', 0, 0),
 ('P1005', 'Tom', 'Reyes', 'tom.reyes@gmail.com', NULL, NULL, 'MS02', DATE '2025-06-06', NULL, 'x', 0, 0),
 ('P1006', 'Ann', 'Lee', 'ann.lee@gmail.com', NULL, NULL, NULL, DATE '2025-06-07', NULL, 'x', 0, 0),
 ('P1007', 'Nina', 'Patel', 'nina.patel@gmail.com', NULL, NULL, 'MS01', DATE '2025-06-08', TIMESTAMP WITH TIME ZONE '2025-08-01 00:00:00+00', 'x', 0, 0),
 ('P1008', 'Ray', 'Dio', 'ray.dio@gmail.com', NULL, NULL, 'MS04', DATE '2025-06-09', NULL, 'x', 0, 0),
 ('P1009', 'Jess', 'Tran', 'jtran.home@gmail.com', NULL, '+13037912284', 'MS02', DATE '2025-07-08', NULL, 'x', 0, 0);

-- Genius appointments (A5007's prospect is deleted; A5008 itself is deleted; each would be credited to
-- a LeadConduit lead if it were live)
INSERT INTO genius_appointments (appointment_id, prospect_id, marketing_source_id, scheduled_at, result, quoted_amount, sale_amount, deleted_at, row_hash, first_run_id, last_run_id) VALUES
 ('A5001', 'P1001', 'MS01', TIMESTAMP WITH TIME ZONE '2025-06-04 23:00:00+00', 'sold', 18450.00, 17900.00, NULL, 'x', 0, 0),
 ('A5002', 'P1002', 'MS02', TIMESTAMP WITH TIME ZONE '2025-06-05 23:30:00+00', 'demo no sale', 11200.00, NULL, NULL, 'x', 0, 0),
 ('A5003', 'P1003', 'MS03', TIMESTAMP WITH TIME ZONE '2025-06-06 15:00:00+00', 'pending', 32500.00, NULL, NULL, 'x', 0, 0),
 ('A5004', 'P1004', 'MS01', TIMESTAMP WITH TIME ZONE '2025-06-07 19:00:00+00', 'sold', 9850.00, 9850.00, NULL, 'x', 0, 0),
 ('A5005', 'P1004', 'MS01', TIMESTAMP WITH TIME ZONE '2025-06-20 19:00:00+00', 'reset', NULL, NULL, NULL, 'x', 0, 0),
 ('A5006', 'P1006', NULL, TIMESTAMP WITH TIME ZONE '2025-06-10 19:00:00+00', 'sold', 2400.00, NULL, NULL, 'x', 0, 0),
 ('A5007', 'P1007', 'MS01', TIMESTAMP WITH TIME ZONE '2025-06-11 19:00:00+00', 'sold', 12000.00, 12000.00, NULL, 'x', 0, 0),
 ('A5008', 'P1009', 'MS02', TIMESTAMP WITH TIME ZONE '2025-06-12 19:00:00+00', 'sold', 5000.00, 5000.00, TIMESTAMP WITH TIME ZONE '2025-08-01 00:00:00+00', 'x', 0, 0),
 ('A5009', 'P1009', 'MS02', TIMESTAMP WITH TIME ZONE '2025-07-10 19:00:00+00', 'demo no sale', 15000.00, 15000.00, NULL, 'x', 0, 0),
 ('A5010', 'P1008', NULL, TIMESTAMP WITH TIME ZONE '2025-06-13 19:00:00+00', 'sold', 7000.00, 7000.00, NULL, 'x', 0, 0);

-- SalesPro appointments (SPA-9005 matches no lead; SPA-9006's lead is deleted; SPA-9007 is deleted)
INSERT INTO salespro_appointments (appointment_id, appointment_date, customer_first_name, customer_last_name, customer_email, customer_phone, result, sale_amount, deleted_at, row_hash, first_run_id, last_run_id) VALUES
 ('SPA-9001', DATE '2025-07-10', 'Karen', 'Mitchell', 'karen.mitchell@yahoo.com', '+16148824410', 'sold', 14880.00, NULL, 'x', 0, 0),
 ('SPA-9002', DATE '2025-07-11', 'Doug', 'Fairbanks', 'dfairbanks@gmail.com', '+16148824411', 'no sale', NULL, NULL, 'x', 0, 0),
 ('SPA-9003', DATE '2025-07-12', 'Eileen', 'Vasquez', 'eileen.vasquez@outlook.com', '+16148824412', 'sold', NULL, NULL, 'x', 0, 0),
 ('SPA-9004', DATE '2025-07-13', 'Marcus', 'Greene', 'marcus.greene@gmail.com', '+16148824413', 'sold', 21375.50, NULL, 'x', 0, 0),
 ('SPA-9005', DATE '2025-07-14', 'Walt', 'Walkin', 'walt@example.com', '+16148829999', 'sold', 8000.00, NULL, 'x', 0, 0),
 ('SPA-9006', DATE '2025-07-15', 'Dana', 'Gone', 'dana.gone@example.com', '+16148820000', 'sold', 5000.00, NULL, 'x', 0, 0),
 ('SPA-9007', DATE '2025-07-16', 'Karen', 'Mitchell', 'karen.mitchell@yahoo.com', '+16148824410', 'sold', 3000.00, TIMESTAMP WITH TIME ZONE '2025-08-01 00:00:00+00', 'x', 0, 0),
 ('SPA-9008', DATE '2025-07-20', 'Karen', 'Mitchell', 'karen.mitchell@yahoo.com', '+16148824410', 'canceled', NULL, NULL, 'x', 0, 0);

-- HubSpot deals (D7 is deleted, D8 archived; D5 closes on 30 June in Chicago, 1 July in UTC)
INSERT INTO hubspot_deals (hubspot_id, deal_name, amount, deal_stage, pipeline, close_date, archived, deleted_at, row_hash, first_run_id, last_run_id) VALUES
 ('D1', 'Hollis roof', 17900.00, 'closedwon', 'default', TIMESTAMP WITH TIME ZONE '2025-06-15 00:00:00+00', FALSE, NULL, 'x', 0, 0),
 ('D2', 'Carrington roof', 9850.00, 'closedwon', 'default', TIMESTAMP WITH TIME ZONE '2025-06-20 00:00:00+00', FALSE, NULL, 'x', 0, 0),
 ('D3', 'Ortega solar', 32500.00, 'presentationscheduled', 'default', TIMESTAMP WITH TIME ZONE '2025-07-15 00:00:00+00', FALSE, NULL, 'x', 0, 0),
 ('D4', 'Kowalczyk windows', NULL, 'appointmentscheduled', 'default', TIMESTAMP WITH TIME ZONE '2025-07-20 00:00:00+00', NULL, NULL, 'x', 0, 0),
 ('D5', 'Patel bath', 14000.00, 'closedlost', 'default', TIMESTAMP WITH TIME ZONE '2025-06-30 23:30:00-05:00', FALSE, NULL, 'x', 0, 0),
 ('D6', 'Lee gutters', 2400.00, 'appointmentscheduled', 'default', NULL, FALSE, NULL, 'x', 0, 0),
 ('D7', 'Big deleted deal', 50000.00, 'closedwon', 'default', TIMESTAMP WITH TIME ZONE '2025-06-10 00:00:00+00', FALSE, TIMESTAMP WITH TIME ZONE '2025-08-01 00:00:00+00', 'x', 0, 0),
 ('D8', 'Archived deal', 7700.00, 'closedwon', 'default', TIMESTAMP WITH TIME ZONE '2025-06-11 00:00:00+00', TRUE, NULL, 'x', 0, 0),
 ('D9', 'Reyes siding', 7000.00, 'appointmentscheduled', 'default', TIMESTAMP WITH TIME ZONE '2025-07-05 00:00:00+00', FALSE, NULL, 'x', 0, 0);

-- CRM companies and opportunities (O7 is deleted)
INSERT INTO crm_companies (company_id, company_name, row_hash, first_run_id, last_run_id) VALUES
 ('CO1', 'Acme Facilities', 'x', 0, 0),
 ('CO2', 'Birch Property Group', 'x', 0, 0);

INSERT INTO crm_opportunities (opportunity_id, company_id, opportunity_name, amount, stage, close_date, probability, created_on, deleted_at, row_hash, first_run_id, last_run_id) VALUES
 ('O1', 'CO1', 'Acme HVAC retrofit', 25000.00, 'proposal', DATE '2025-07-31', 50, DATE '2025-05-02', NULL, 'x', 0, 0),
 ('O2', 'CO1', 'Acme roof', 40000.00, 'negotiation', DATE '2025-07-15', 70, DATE '2025-05-10', NULL, 'x', 0, 0),
 ('O3', 'CO2', 'Birch windows', 18000.00, 'closed won', DATE '2025-06-12', 100, DATE '2025-04-01', NULL, 'x', 0, 0),
 ('O4', 'CO2', 'Birch gutters', NULL, 'proposal', DATE '2025-07-02', 40, DATE '2025-05-20', NULL, 'x', 0, 0),
 ('O5', 'CO1', 'Acme solar', 12000.00, 'closed lost', DATE '2025-06-28', 0, DATE '2025-03-15', NULL, 'x', 0, 0),
 ('O6', 'CO2', 'Birch paving', 9000.00, 'prospecting', NULL, 10, DATE '2025-06-01', NULL, 'x', 0, 0),
 ('O7', 'CO1', 'Acme deleted deal', 99000.00, 'closed won', DATE '2025-06-01', 100, DATE '2025-01-05', TIMESTAMP WITH TIME ZONE '2025-08-01 00:00:00+00', 'x', 0, 0);
