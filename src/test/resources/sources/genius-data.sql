-- Test data for the Genius CRM source schema (genius-schema.sql): one home-improvement company with
-- three divisions. Fixed ids and updated_at values (2025-06-01 .. 2025-06-30, local time of the
-- definitions' zone America/Chicago); some rows share an updated_at, so the key breaks the tie.
-- Every value passes the definitions' cleaning: a full sync inserts every row.
-- Executed statement by statement (statements end with a semicolon at the end of a line).

-- Divisions: one per market
INSERT INTO division (id, name, code, region, phone, city, state, is_active, created_at, updated_at) VALUES
    (1, 'Austin', 'AUS', 'South Central', '(512) 833-4100', 'Austin', 'TX', 1, '2019-02-04 09:00:00', '2025-06-01 08:00:00.000'),
    (2, 'Denver', 'DEN', 'Mountain', '(303) 791-2250', 'Denver', 'CO', 1, '2016-03-01 09:00:00', '2025-06-01 08:00:00.000'),
    (3, 'Columbus', 'CBUS', 'Midwest', '(614) 848-3300', 'Columbus', 'OH', 1, '2022-08-15 09:00:00', '2025-06-02 10:15:30.250');

-- Users: admin and branch managers first (manager_id references user)
INSERT INTO `user` (id, division_id, first_name, last_name, email, phone, role, title, manager_id, is_active, hire_date, termination_date, commission_rate, last_login, created_at, updated_at) VALUES
    (1, 2, 'Dana', 'Whitfield', 'dana.whitfield@heartlandexteriors.com', '(303) 722-4411', 'admin', 'General Manager', NULL, 1, '2016-03-14', NULL, NULL, '2025-06-30 08:02:00', '2016-03-14 08:00:00', '2025-06-03 09:12:44.100'),
    (2, 1, 'Marcus', 'Oyelaran', 'marcus.oyelaran@heartlandexteriors.com', '(512) 744-3120', 'manager', 'Sales Manager', 1, 1, '2019-02-18', NULL, '0.0200', '2025-06-29 07:45:00', '2019-02-18 08:00:00', '2025-06-03 09:12:44.100'),
    (3, 2, 'Grant', 'McAllister', 'grant.mcallister@heartlandexteriors.com', '(720) 441-3088', 'manager', 'Sales Manager', 1, 1, '2017-05-02', NULL, '0.0200', '2025-06-28 18:20:00', '2017-05-02 08:00:00', '2025-06-04 14:30:00.000'),
    (4, 3, 'Renee', 'Kowalski', 'renee.kowalski@heartlandexteriors.com', '(614) 726-9014', 'manager', 'Branch Manager', 1, 1, '2022-08-15', NULL, '0.0250', '2025-06-27 12:05:00', '2022-08-15 08:00:00', '2025-06-04 14:30:00.000'),
    (5, 1, 'Kelsey', 'Brandt', 'kelsey.brandt@heartlandexteriors.com', '(512) 744-3190', 'sales_rep', 'Sales Representative', 2, 1, '2021-03-08', NULL, '0.0850', '2025-06-30 18:45:00', '2021-03-08 08:00:00', '2025-06-10 17:02:11.500'),
    (6, 2, 'Tomás', 'Ruiz', 'tomas.ruiz@heartlandexteriors.com', '(720) 441-3095', 'sales_rep', 'Senior Sales Representative', 3, 1, '2018-09-24', NULL, '0.0900', '2025-06-30 19:10:00', '2018-09-24 08:00:00', '2025-06-12 11:40:00.000'),
    (7, 3, 'Jordan', 'Ellis', 'jordan.ellis@heartlandexteriors.com', '(614) 726-9032', 'sales_rep', 'Sales Representative', 4, 0, '2023-01-09', '2025-06-20', '0.0750', '2025-06-19 16:30:00', '2023-01-09 08:00:00', '2025-06-20 17:30:00.000'),
    (8, 1, 'Priya', 'Natarajan', 'priya.natarajan@heartlandexteriors.com', '(737) 260-1457', 'setter', 'Appointment Setter', 2, 1, '2022-04-04', NULL, '0.0100', '2025-06-30 08:31:00', '2022-04-04 08:00:00', '2025-06-21 08:05:09.875');

-- Marketing sources: 1 and 6 are company-wide (no division)
INSERT INTO marketing_source (id, division_id, name, category, parent_source, tracking_phone, cost_per_lead, monthly_budget, is_active, start_date, end_date, created_at, updated_at) VALUES
    (1, NULL, 'Google Ads - Roofing', 'digital', 'Google Ads', '(512) 861-2040', '85.00', '12000.00', 1, '2024-01-01', NULL, '2023-12-18 10:00:00', '2025-06-02 09:00:00.000'),
    (2, 2, 'Facebook Lead Ads', 'digital', 'Meta', '(720) 398-1181', '42.50', '6500.00', 1, '2024-01-15', NULL, '2024-01-10 10:00:00', '2025-06-05 13:21:07.330'),
    (3, 2, 'Parade of Homes Denver 2024', 'home show', 'Events', NULL, '125.00', '3000.00', 0, '2024-09-01', '2024-09-30', '2024-08-20 10:00:00', '2025-06-05 13:21:07.330'),
    (4, 1, 'KXAN Morning Show', 'tv', 'Local TV', '(512) 861-2055', '140.00', '9000.00', 1, '2025-02-01', NULL, '2025-01-22 10:00:00', '2025-06-09 10:00:00.000'),
    (5, 3, 'Neighborhood Canvass Columbus', 'canvass', 'Canvassing', '(614) 721-5530', '35.00', '4000.00', 1, '2025-03-01', NULL, '2025-02-24 10:00:00', '2025-06-15 16:45:00.000'),
    (6, NULL, 'Customer Referral', 'referral', NULL, NULL, '0.00', NULL, 1, '2023-01-01', NULL, '2023-01-01 00:00:00', '2025-06-18 12:00:00.000');

-- Prospects: ZIP codes belong to their state; 4 and 11 have an address2 (lands in extra)
INSERT INTO prospect (id, division_id, marketing_source_id, sales_rep_id, first_name, last_name, spouse_name, email, phone1, phone2, address1, address2, city, state, zip, product_interest, status, lead_date, notes, created_at, updated_at) VALUES
    (1, 1, 1, 5, 'Greg', 'Hollis', 'Linda Hollis', 'greg.hollis@gmail.com', '(512) 448-2190', '(512) 731-8823', '2301 S Lamar Blvd', NULL, 'Austin', 'TX', '78704', 'Roofing', 'sold', '2025-05-27', 'Hail damage, insurance claim open', '2025-05-27 09:14:00', '2025-06-06 15:20:00.000'),
    (2, 1, 4, 5, 'Sandra', 'Kowalczyk', NULL, 'sandra.k@outlook.com', '(512) 448-3377', NULL, '4410 Avenue F', NULL, 'Austin', 'TX', '78751', 'Windows', 'appointment set', '2025-05-28', '12 double-hung windows', '2025-05-28 10:22:00', '2025-06-03 11:00:00.000'),
    (3, 1, 1, 5, 'Luis', 'Ortega', 'Marisol Ortega', 'lortega@yahoo.com', NULL, '(737) 219-4825', '1607 Gentry Dr', NULL, 'Round Rock', 'TX', '78664', 'Roofing', 'sold', '2025-05-29', 'Two-story, steep pitch', '2025-05-29 11:05:00', '2025-06-10 09:30:00.000'),
    (4, 1, 6, 2, 'Beverly', 'Tran', NULL, 'bev.tran@icloud.com', '(512) 336-9081', '(512) 731-0442', '12800 Harris Glenn Dr', 'Unit 12', 'Austin', 'TX', '78753', 'Siding', 'contacted', '2025-05-30', 'Referred by Greg Hollis', '2025-05-30 14:40:00', '2025-06-04 16:10:00.000'),
    (5, 1, 4, 5, 'Raymond', 'Acosta', 'Delia Acosta', 'racosta@gmail.com', '(512) 251-6604', NULL, '505 Wells Branch Pkwy', NULL, 'Pflugerville', 'TX', '78660', 'Windows', 'not interested', '2025-06-01', 'Only wanted a ballpark price', '2025-06-01 08:55:00', '2025-06-08 10:00:00.000'),
    (6, 1, 1, 5, 'Naomi', 'Fischer', NULL, 'naomi.fischer@gmail.com', '(512) 258-7710', '(737) 219-6631', '1100 Discovery Blvd', NULL, 'Cedar Park', 'TX', '78613', 'Roofing', 'appointment set', '2025-06-02', NULL, '2025-06-02 13:30:00', '2025-06-11 12:45:00.000'),
    (7, 1, 6, 5, 'Howard', 'Blackwell', 'June Blackwell', 'hblackwell@att.net', '(512) 454-1836', NULL, '3903 Duval St', NULL, 'Austin', 'TX', '78751-4707', 'Gutters', 'sold', '2025-06-03', 'Wants leaf guards', '2025-06-03 15:12:00', '2025-06-16 14:00:00.000'),
    (8, 2, 2, 6, 'Alicia', 'Moreno', NULL, 'alicia.moreno@gmail.com', '(303) 733-2191', '(720) 209-8834', '1845 S Pearl St', NULL, 'Denver', 'CO', '80210', 'Roofing', 'sold', '2025-05-26', 'Hail 5/19, adjuster visit done', '2025-05-26 09:02:00', '2025-06-09 17:15:00.000'),
    (9, 2, 2, 6, 'Peter', 'Lindqvist', 'Karin Lindqvist', 'plindqvist@comcast.net', '(303) 455-7120', NULL, '4410 W 38th Ave', NULL, 'Denver', 'CO', '80212', 'Windows', 'appointment set', '2025-05-27', 'Historic district, needs wood look', '2025-05-27 10:45:00', '2025-06-05 09:00:00.000'),
    (10, 2, 3, 3, 'Ken', 'Watanabe', NULL, 'ken.watanabe@gmail.com', NULL, '(720) 209-4417', '9620 W Dartmouth Pl', NULL, 'Lakewood', 'CO', '80227', 'Siding', 'dead', '2025-05-20', 'Met at Parade of Homes booth last fall; moving out of state', '2025-05-20 16:20:00', '2025-06-07 08:30:00.000'),
    (11, 2, 2, 6, 'Shonda', 'Price', NULL, 'shonda.price@yahoo.com', '(303) 690-3318', '(720) 209-5590', '15201 E Mississippi Ave', 'Apt 204', 'Aurora', 'CO', '80012', 'Roofing', 'sold', '2025-05-31', NULL, '2025-05-31 12:00:00', '2025-06-19 13:40:00.000'),
    (12, 2, 1, 6, 'Michael', 'Doyle', 'Erin Doyle', 'mdoyle@gmail.com', '(303) 798-4402', NULL, '6920 S Cherry St', NULL, 'Centennial', 'CO', '80122', 'Roofing', 'contacted', '2025-06-04', 'Call after 5pm', '2025-06-04 17:35:00', '2025-06-12 10:00:00.000'),
    (13, 2, 6, 3, 'Olivia', 'Brennan', NULL, 'olivia.brennan@hotmail.com', '(303) 932-6671', NULL, '3100 S Sheridan Blvd', NULL, 'Denver', 'CO', '80227', 'Gutters', 'new', '2025-06-10', NULL, '2025-06-10 09:20:00', '2025-06-10 09:20:00.000'),
    (14, 3, 5, 7, 'Darnell', 'Hughes', 'Tasha Hughes', 'darnell.hughes@gmail.com', '(614) 262-4419', '(380) 212-7765', '2850 N High St', NULL, 'Columbus', 'OH', '43202', 'Siding', 'sold', '2025-05-28', 'Vinyl to fiber cement', '2025-05-28 11:11:00', '2025-06-13 15:05:00.000'),
    (15, 3, 5, 7, 'Emily', 'Sato', NULL, 'emily.sato@outlook.com', NULL, '(614) 581-2290', '6500 Perimeter Dr', NULL, 'Dublin', 'OH', '43016', 'Windows', 'appointment set', '2025-05-30', NULL, '2025-05-30 13:48:00', '2025-06-06 09:45:00.000'),
    (16, 3, 5, 4, 'Frank', 'Kessler', 'Ruth Kessler', 'fkessler@att.net', '(614) 891-0037', NULL, '175 S State St', NULL, 'Westerville', 'OH', '43081', 'Roofing', 'sold', '2025-06-02', 'Flat roof over porch too', '2025-06-02 10:05:00', '2025-06-22 11:20:00.000'),
    (17, 3, 6, 7, 'Angela', 'Morrison', NULL, 'angela.morrison@gmail.com', '(614) 875-3352', '(380) 212-9904', '4023 Broadway', NULL, 'Grove City', 'OH', '43123', 'Gutters', 'not interested', '2025-06-05', 'Price shopping', '2025-06-05 15:30:00', '2025-06-14 10:10:00.000'),
    (18, 3, 5, 4, 'Samuel', 'Okafor', 'Grace Okafor', 'sam.okafor@yahoo.com', '(614) 443-8126', NULL, '1500 Parsons Ave', NULL, 'Columbus', 'OH', '43207', 'Roofing', 'appointment set', '2025-06-08', NULL, '2025-06-08 09:00:00', '2025-06-24 16:00:00.000'),
    (19, 1, 1, 5, 'Carmen', 'Villarreal', NULL, 'carmen.villarreal@gmail.com', '(512) 292-6648', NULL, '8800 Brodie Ln', NULL, 'Austin', 'TX', '78745', 'Roofing', 'new', '2025-06-20', NULL, '2025-06-20 11:25:00', '2025-06-20 11:25:00.000'),
    (20, 3, 5, 7, 'Nathan', 'Price', NULL, 'nathan.price@icloud.com', NULL, '(614) 581-7723', '88 E Broad St', 'Suite 1400', 'Columbus', 'OH', '43215', 'Windows', 'contacted', '2025-06-12', 'Office is downtown; home in Bexley', '2025-06-12 14:14:00', '2025-06-26 10:30:00.000');

-- Appointments: in-home sales calls, follow-ups, measures and installs
INSERT INTO appointment (id, prospect_id, user_id, marketing_source_id, appointment_date, duration_minutes, appt_type, product, result, quoted_amount, sale_amount, is_confirmed, set_by, notes, created_at, updated_at) VALUES
    (1, 1, 5, 1, '2025-05-29 18:00:00', 90, 'in-home', 'Roofing', 'sold', '18450.00', '17900.00', 1, 'Priya Natarajan', 'Insurance approved, full replacement', '2025-05-27 09:30:00', '2025-06-06 15:20:00.000'),
    (2, 2, 5, 4, '2025-06-04 18:30:00', 120, 'in-home', 'Windows', 'demo no sale', '11200.00', NULL, 1, 'Priya Natarajan', 'Wants 3 bids', '2025-05-28 10:40:00', '2025-06-04 21:10:00.000'),
    (3, 3, 5, 1, '2025-05-31 10:00:00', 90, 'in-home', 'Roofing', 'sold', '21300.00', '20750.00', 1, 'Priya Natarajan', NULL, '2025-05-29 11:20:00', '2025-06-10 09:30:00.000'),
    (4, 4, 2, 6, '2025-06-05 17:00:00', 60, 'virtual', 'Siding', NULL, NULL, NULL, 0, 'Priya Natarajan', 'Video walk-around first', '2025-05-30 15:00:00', '2025-06-04 16:10:00.000'),
    (5, 5, 5, 4, '2025-06-03 19:00:00', 90, 'in-home', 'Windows', 'no demo', NULL, NULL, 1, 'Priya Natarajan', 'Husband not home, no demo', '2025-06-01 09:10:00', '2025-06-08 10:00:00.000'),
    (6, 6, 5, 1, '2025-06-13 16:00:00', 90, 'in-home', 'Roofing', 'pending', '16800.00', NULL, 1, 'Priya Natarajan', 'Waiting on insurance scope', '2025-06-02 13:45:00', '2025-06-13 19:00:00.000'),
    (7, 7, 5, 6, '2025-06-07 11:00:00', 60, 'in-home', 'Gutters', 'sold', '3850.00', '3850.00', 1, 'Priya Natarajan', 'Seamless 6in + guards', '2025-06-03 15:30:00', '2025-06-16 14:00:00.000'),
    (8, 8, 6, 2, '2025-05-28 17:30:00', 90, 'in-home', 'Roofing', 'sold', '24600.00', '23900.00', 1, NULL, 'Class 4 shingles upgrade', '2025-05-26 09:20:00', '2025-06-09 17:15:00.000'),
    (9, 9, 6, 2, '2025-06-06 18:00:00', 120, 'in-home', 'Windows', 'reset', NULL, NULL, 0, NULL, 'Reset at customer request', '2025-05-27 11:00:00', '2025-06-05 09:00:00.000'),
    (10, 9, 6, 2, '2025-06-17 18:00:00', 120, 'in-home', 'Windows', 'pending', '14750.00', NULL, 1, NULL, NULL, '2025-06-05 09:00:00', '2025-06-17 21:30:00.000'),
    (11, 10, 3, 3, '2025-05-23 10:00:00', 60, 'in-home', 'Siding', 'canceled', NULL, NULL, 0, NULL, 'Customer relocating', '2025-05-20 16:30:00', '2025-06-07 08:30:00.000'),
    (12, 11, 6, 2, '2025-06-02 18:00:00', 90, 'in-home', 'Roofing', 'sold', '19900.00', '19400.00', 1, NULL, NULL, '2025-05-31 12:10:00', '2025-06-19 13:40:00.000'),
    (13, 12, 6, 1, '2025-06-11 17:30:00', 90, 'in-home', 'Roofing', 'no show', NULL, NULL, 1, NULL, 'No answer at door', '2025-06-04 17:50:00', '2025-06-12 10:00:00.000'),
    (14, 12, 3, 1, '2025-06-25 17:30:00', 90, 'in-home', 'Roofing', NULL, NULL, NULL, 0, NULL, 'Manager to run rescheduled appt', '2025-06-12 10:00:00', '2025-06-12 10:00:00.000'),
    (15, 14, 7, 5, '2025-05-30 18:00:00', 120, 'in-home', 'Siding', 'sold', '27800.00', '26950.00', 1, NULL, 'James Hardie lap siding', '2025-05-28 11:30:00', '2025-06-13 15:05:00.000'),
    (16, 15, 7, 5, '2025-06-03 10:00:00', 90, 'virtual', 'Windows', 'demo no sale', '9600.00', NULL, 1, NULL, NULL, '2025-05-30 14:00:00', '2025-06-03 12:00:00.000'),
    (17, 15, 7, 5, '2025-06-18 10:00:00', 60, 'follow-up', 'Windows', 'pending', '9200.00', NULL, 1, NULL, 'Revised bid with 2 fewer windows', '2025-06-03 12:00:00', '2025-06-18 12:30:00.000'),
    (18, 16, 4, 5, '2025-06-04 15:00:00', 90, 'in-home', 'Roofing', 'sold', '15400.00', '15400.00', 1, NULL, NULL, '2025-06-02 10:20:00', '2025-06-22 11:20:00.000'),
    (19, 16, 4, 5, '2025-06-21 09:00:00', 45, 'measure', 'Roofing', NULL, NULL, NULL, 1, NULL, 'Final measure before install', '2025-06-05 08:00:00', '2025-06-22 11:20:00.000'),
    (20, 17, 7, 6, '2025-06-09 17:00:00', 60, 'in-home', 'Gutters', 'demo no sale', '2900.00', NULL, 1, NULL, 'Got a cheaper bid', '2025-06-05 15:45:00', '2025-06-14 10:10:00.000'),
    (21, 18, 4, 5, '2025-06-27 16:00:00', 90, 'in-home', 'Roofing', NULL, NULL, NULL, 1, NULL, NULL, '2025-06-08 09:15:00', '2025-06-24 16:00:00.000'),
    (22, 1, 5, 1, '2025-06-23 08:00:00', 480, 'install', 'Roofing', NULL, NULL, NULL, 1, NULL, 'Install day 1 of 2', '2025-06-06 15:20:00', '2025-06-23 18:00:00.000'),
    (23, 8, 6, 2, '2025-06-16 07:30:00', 480, 'install', 'Roofing', NULL, NULL, NULL, 1, NULL, 'Crew 2', '2025-06-09 17:15:00', '2025-06-16 17:45:00.000'),
    (24, 20, 4, 5, '2025-06-29 18:00:00', 90, 'in-home', 'Windows', NULL, NULL, NULL, 0, NULL, 'Needs Saturday option', '2025-06-26 10:30:00', '2025-06-26 10:30:00.000'),
    (25, 11, 6, 2, '2025-06-30 07:30:00', 480, 'install', 'Roofing', 'pending', NULL, NULL, 1, NULL, 'Materials drop 6/27', '2025-06-19 13:40:00', '2025-06-30 06:55:00.000');

-- Services: line items of sold appointments
INSERT INTO service (id, appointment_id, prospect_id, product, description, quantity, unit_price, total, status, install_date, created_at, updated_at) VALUES
    (1, 1, 1, 'GAF Timberline HDZ Shingles', 'Tear-off and replace, 32 squares', 32, '485.00', '15520.00', 'installed', '2025-06-24', '2025-05-29 20:00:00', '2025-06-24 17:30:00.000'),
    (2, 1, 1, 'Ridge Vent', 'Shingle-over ridge vent, linear feet', 60, '12.50', '750.00', 'installed', '2025-06-24', '2025-05-29 20:00:00', '2025-06-24 17:30:00.000'),
    (3, 1, 1, 'Ice and Water Shield', 'Valleys and eaves', 8, '203.75', '1630.00', 'installed', '2025-06-24', '2025-05-29 20:00:00', '2025-06-24 17:30:00.000'),
    (4, 3, 3, 'Owens Corning Duration Shingles', 'Two-story, steep pitch charge included', 38, '546.05', '20749.90', 'scheduled', NULL, '2025-05-31 12:00:00', '2025-06-10 09:30:00.000'),
    (5, 7, 7, 'Seamless Aluminum Gutters 6in', 'Linear feet, white', 140, '17.50', '2450.00', 'completed', '2025-06-14', '2025-06-07 12:30:00', '2025-06-16 14:00:00.000'),
    (6, 7, 7, 'Gutter Guards', 'Micro-mesh guards, linear feet', 140, '10.00', '1400.00', 'completed', '2025-06-14', '2025-06-07 12:30:00', '2025-06-16 14:00:00.000'),
    (7, 8, 8, 'GAF Timberline AS II Class 4 Shingles', 'Impact-resistant upgrade, 36 squares', 36, '610.00', '21960.00', 'installed', '2025-06-16', '2025-05-28 19:30:00', '2025-06-16 17:45:00.000'),
    (8, 8, 8, 'Skylight Replacement', 'Velux fixed skylight', 2, '970.00', '1940.00', 'installed', '2025-06-16', '2025-05-28 19:30:00', '2025-06-16 17:45:00.000'),
    (9, 12, 11, 'CertainTeed Landmark Shingles', '30 squares', 30, '580.00', '17400.00', 'scheduled', NULL, '2025-06-02 20:00:00', '2025-06-19 13:40:00.000'),
    (10, 12, 11, 'Gutter Replacement', 'Reattach and replace damaged runs', 1, '2000.00', '2000.00', 'sold', NULL, '2025-06-02 20:00:00', '2025-06-02 20:00:00.000'),
    (11, 15, 14, 'James Hardie Lap Siding', 'Fiber cement, 2,100 sq ft', 21, '1150.00', '24150.00', 'scheduled', NULL, '2025-05-30 21:00:00', '2025-06-13 15:05:00.000'),
    (12, 15, 14, 'Trim and Soffit Package', 'Hardie trim, vented soffit', 1, '2800.00', '2800.00', 'scheduled', NULL, '2025-05-30 21:00:00', '2025-06-13 15:05:00.000'),
    (13, 18, 16, 'Owens Corning Duration Shingles', '24 squares', 24, '560.00', '13440.00', 'pending', NULL, '2025-06-04 17:00:00', '2025-06-22 11:20:00.000'),
    (14, 18, 16, 'Low-Slope Membrane', 'Porch roof, modified bitumen', 1, '1960.00', '1960.00', 'pending', NULL, '2025-06-04 17:00:00', '2025-06-22 11:20:00.000'),
    (15, 3, 3, 'Permit and Disposal', 'Customer pulled own permit', 1, '650.00', '650.00', 'canceled', NULL, '2025-05-31 12:00:00', '2025-06-10 09:30:00.000');

-- Quotes: 12 has no appointment; 12 expires the day it was issued (allowed: not before)
INSERT INTO quote (id, appointment_id, prospect_id, quote_number, product, amount, status, quote_date, expiration_date, notes, created_at, updated_at) VALUES
    (1, 1, 1, 'Q-2025-0101', 'Roofing', '18450.00', 'accepted', '2025-05-29', '2025-06-28', 'Insurance scope matched', '2025-05-29 19:45:00', '2025-06-01 10:00:00.000'),
    (2, 2, 2, 'Q-2025-0102', 'Windows', '11200.00', 'sent', '2025-06-04', '2025-07-04', NULL, '2025-06-04 20:30:00', '2025-06-04 21:10:00.000'),
    (3, 3, 3, 'Q-2025-0103', 'Roofing', '21300.00', 'accepted', '2025-05-31', '2025-06-30', NULL, '2025-05-31 11:45:00', '2025-06-02 08:15:00.000'),
    (4, 6, 6, 'Q-2025-0104', 'Roofing', '16800.00', 'sent', '2025-06-13', '2025-07-13', 'Pending insurance scope', '2025-06-13 18:00:00', '2025-06-13 19:00:00.000'),
    (5, 8, 8, 'Q-2025-0105', 'Roofing', '24600.00', 'accepted', '2025-05-28', '2025-06-27', NULL, '2025-05-28 19:00:00', '2025-06-01 12:00:00.000'),
    (6, 10, 9, 'Q-2025-0106', 'Windows', '14750.00', 'sent', '2025-06-17', '2025-07-17', 'Wood-look interior', '2025-06-17 20:40:00', '2025-06-17 21:30:00.000'),
    (7, 12, 11, 'Q-2025-0107', 'Roofing', '19900.00', 'accepted', '2025-06-02', '2025-07-02', NULL, '2025-06-02 19:30:00', '2025-06-03 09:00:00.000'),
    (8, 15, 14, 'Q-2025-0108', 'Siding', '27800.00', 'accepted', '2025-05-30', '2025-06-29', NULL, '2025-05-30 20:30:00', '2025-06-02 14:00:00.000'),
    (9, 16, 15, 'Q-2025-0109', 'Windows', '9600.00', 'declined', '2025-06-03', '2025-07-03', 'Too high', '2025-06-03 11:30:00', '2025-06-11 10:00:00.000'),
    (10, 17, 15, 'Q-2025-0110', 'Windows', '9200.00', 'sent', '2025-06-18', '2025-07-18', NULL, '2025-06-18 11:50:00', '2025-06-18 12:30:00.000'),
    (11, 20, 17, 'Q-2025-0111', 'Gutters', '2900.00', 'expired', '2025-06-09', '2025-06-23', 'Lost to cheaper bid', '2025-06-09 18:00:00', '2025-06-23 23:59:59.999'),
    (12, NULL, 19, 'Q-2025-0112', 'Roofing', '15250.00', 'draft', '2025-06-27', '2025-06-27', 'Drive-by estimate, no appointment yet', '2025-06-27 13:00:00', '2025-06-30 16:45:00.000');
-- Row counts: division 3, user 8, marketing_source 6, prospect 20, appointment 25, service 15, quote 12 (89 rows)
