-- Gold views: reports over the silver target tables (docs/schema.md, "Gold views"). Portable SQL
-- (H2 2.x and PostgreSQL): EXTRACT, CASE, COALESCE, NULLIF, CAST, ROUND, window functions only.
-- Every view reads live rows only (deleted_at IS NULL on every table it reads). Rates and ratios are
-- NULL where their denominator is zero or unknown; money is NUMERIC(18, 2), rates NUMERIC(18, 4).

-- Building block: every live appointment (Genius or SalesPro) credited to the LeadConduit lead that
-- first reached the same person. No shared id links a LeadConduit lead to an appointment, so the link
-- is the contact: equal e-mail (lower-cased by the e-mail cleaner) or equal phone (E.164 by the phone
-- cleaner; a Genius prospect's home or mobile phone). A person who submitted several leads is credited
-- once, to the earliest submitted lead (first touch; leads without a submission time come last, then
-- by lead_id); an e-mail match names the match before a phone match. Genius appointments take their
-- contact from their live prospect. Contacts are unpivoted into (kind, value) rows on both sides so
-- the match is one equality join (index- and hash-join friendly) rather than a join on OR.
CREATE VIEW gold_lead_appointments AS
SELECT lead_id, lead_source, lead_campaign, appointment_system, appointment_id, matched_by, result,
       is_sale, sale_amount
FROM (
    SELECT lc.lead_id, lc.lead_source, lc.lead_campaign, ac.appointment_system, ac.appointment_id,
           lc.kind AS matched_by, ac.result,
           CASE WHEN ac.result = 'sold' THEN 1 ELSE 0 END AS is_sale,
           CASE WHEN ac.result = 'sold' THEN ac.sale_amount END AS sale_amount,
           ROW_NUMBER() OVER (PARTITION BY ac.appointment_system, ac.appointment_id
                              ORDER BY CASE WHEN lc.submitted_at IS NULL THEN 1 ELSE 0 END, lc.submitted_at,
                                       lc.lead_id, CASE WHEN lc.kind = 'email' THEN 0 ELSE 1 END) AS touch
    FROM (
        SELECT l.lead_id, l.source AS lead_source, l.campaign AS lead_campaign, l.submitted_at,
               CAST('email' AS VARCHAR(8)) AS kind, l.email AS contact
        FROM leadconduit_leads l
        WHERE l.deleted_at IS NULL AND l.email IS NOT NULL
        UNION ALL
        SELECT l.lead_id, l.source, l.campaign, l.submitted_at, CAST('phone' AS VARCHAR(8)), l.phone
        FROM leadconduit_leads l
        WHERE l.deleted_at IS NULL AND l.phone IS NOT NULL
    ) lc
    JOIN (
        SELECT CAST('salespro' AS VARCHAR(16)) AS appointment_system, s.appointment_id, s.result, s.sale_amount,
               CAST('email' AS VARCHAR(8)) AS kind, s.customer_email AS contact
        FROM salespro_appointments s
        WHERE s.deleted_at IS NULL AND s.customer_email IS NOT NULL
        UNION ALL
        SELECT CAST('salespro' AS VARCHAR(16)), s.appointment_id, s.result, s.sale_amount,
               CAST('phone' AS VARCHAR(8)), s.customer_phone
        FROM salespro_appointments s
        WHERE s.deleted_at IS NULL AND s.customer_phone IS NOT NULL
        UNION ALL
        SELECT CAST('genius' AS VARCHAR(16)), g.appointment_id, g.result, g.sale_amount,
               CAST('email' AS VARCHAR(8)), p.email
        FROM genius_appointments g
        JOIN genius_prospects p ON p.prospect_id = g.prospect_id AND p.deleted_at IS NULL
        WHERE g.deleted_at IS NULL AND p.email IS NOT NULL
        UNION ALL
        SELECT CAST('genius' AS VARCHAR(16)), g.appointment_id, g.result, g.sale_amount,
               CAST('phone' AS VARCHAR(8)), p.home_phone
        FROM genius_appointments g
        JOIN genius_prospects p ON p.prospect_id = g.prospect_id AND p.deleted_at IS NULL
        WHERE g.deleted_at IS NULL AND p.home_phone IS NOT NULL
        UNION ALL
        SELECT CAST('genius' AS VARCHAR(16)), g.appointment_id, g.result, g.sale_amount,
               CAST('phone' AS VARCHAR(8)), p.mobile_phone
        FROM genius_appointments g
        JOIN genius_prospects p ON p.prospect_id = g.prospect_id AND p.deleted_at IS NULL
        WHERE g.deleted_at IS NULL AND p.mobile_phone IS NOT NULL
    ) ac ON ac.kind = lc.kind AND ac.contact = lc.contact
) credited
WHERE touch = 1;

-- Campaign ROI: Google Ads campaigns (Redshift) with their platform metrics, and the revenue the
-- warehouse can prove: the sale amounts of the appointments credited to LeadConduit leads whose
-- campaign is the campaign's id or name (utm_campaign carries one or the other).
CREATE VIEW gold_campaign_roi AS
SELECT c.campaign_id, c.campaign_name, c.channel, c.status, c.start_date, c.end_date,
       c.spend, c.impressions, c.clicks, c.conversions,
       CAST(COALESCE(ld.leads, 0) AS BIGINT) AS leads,
       CAST(COALESCE(sl.sales, 0) AS BIGINT) AS sales,
       CAST(COALESCE(sl.revenue, 0) AS NUMERIC(18, 2)) AS revenue,
       CAST(ROUND(CAST(c.clicks AS NUMERIC(18, 4)) / NULLIF(c.impressions, 0), 4) AS NUMERIC(18, 4)) AS click_through_rate,
       CAST(ROUND(c.spend / NULLIF(c.clicks, 0), 2) AS NUMERIC(18, 2)) AS cost_per_click,
       CAST(ROUND(c.spend / NULLIF(c.conversions, 0), 2) AS NUMERIC(18, 2)) AS cost_per_conversion,
       CAST(ROUND(c.conversions / NULLIF(c.clicks, 0), 4) AS NUMERIC(18, 4)) AS conversion_rate,
       CAST(ROUND(c.spend / NULLIF(ld.leads, 0), 2) AS NUMERIC(18, 2)) AS cost_per_lead,
       CAST(ROUND((COALESCE(sl.revenue, 0) - c.spend) / NULLIF(c.spend, 0), 4) AS NUMERIC(18, 4)) AS roi,
       CAST(ROUND(COALESCE(sl.revenue, 0) / NULLIF(c.spend, 0), 4) AS NUMERIC(18, 4)) AS roas
FROM redshift_marketing_campaigns c
LEFT JOIN (
    SELECT c2.campaign_id, COUNT(*) AS leads
    FROM redshift_marketing_campaigns c2
    JOIN leadconduit_leads l ON l.campaign = c2.campaign_id OR l.campaign = c2.campaign_name
    WHERE c2.deleted_at IS NULL AND l.deleted_at IS NULL
    GROUP BY c2.campaign_id
) ld ON ld.campaign_id = c.campaign_id
LEFT JOIN (
    SELECT c3.campaign_id, SUM(a.is_sale) AS sales, SUM(a.sale_amount) AS revenue
    FROM redshift_marketing_campaigns c3
    JOIN gold_lead_appointments a ON a.lead_campaign = c3.campaign_id OR a.lead_campaign = c3.campaign_name
    WHERE c3.deleted_at IS NULL
    GROUP BY c3.campaign_id
) sl ON sl.campaign_id = c.campaign_id
WHERE c.deleted_at IS NULL;

-- Pipeline by stage and month: HubSpot deals and CRM opportunities together, one row per source,
-- stage and month of the close date (CRM: the expected close date; HubSpot: closedate, a UTC month).
-- Deals without a close date have NULL close_year and close_month.
CREATE VIEW gold_pipeline_by_stage_month AS
SELECT source, stage, stage_outcome, close_year, close_month,
       CAST(COUNT(*) AS BIGINT) AS deals,
       CAST(COUNT(amount) AS BIGINT) AS deals_with_amount,
       CAST(SUM(amount) AS NUMERIC(18, 2)) AS amount,
       CAST(ROUND(AVG(amount), 2) AS NUMERIC(18, 2)) AS average_amount
FROM (
    SELECT CAST('hubspot' AS VARCHAR(16)) AS source,
           COALESCE(d.deal_stage, '(none)') AS stage,
           CASE WHEN d.deal_stage = 'closedwon' THEN 'won'
                WHEN d.deal_stage = 'closedlost' THEN 'lost'
                ELSE 'open' END AS stage_outcome,
           CAST(EXTRACT(YEAR FROM d.close_date AT TIME ZONE 'UTC') AS INTEGER) AS close_year,
           CAST(EXTRACT(MONTH FROM d.close_date AT TIME ZONE 'UTC') AS INTEGER) AS close_month,
           d.amount
    FROM hubspot_deals d
    WHERE d.deleted_at IS NULL AND (d.archived IS NULL OR d.archived = FALSE)
    UNION ALL
    SELECT CAST('crm' AS VARCHAR(16)),
           o.stage,
           CASE WHEN o.stage = 'closed won' THEN 'won'
                WHEN o.stage = 'closed lost' THEN 'lost'
                ELSE 'open' END,
           CAST(EXTRACT(YEAR FROM o.close_date) AS INTEGER),
           CAST(EXTRACT(MONTH FROM o.close_date) AS INTEGER),
           o.amount
    FROM crm_opportunities o
    WHERE o.deleted_at IS NULL
) pipeline
GROUP BY source, stage, stage_outcome, close_year, close_month;

-- Lead-source attribution: per lead system and marketing source, the leads, the appointments they
-- reached, the sales and sale amounts, and the cost of the leads. LeadConduit leads (by their source)
-- reach Genius and SalesPro appointments through gold_lead_appointments; Genius prospects (by the name
-- of their live marketing source) reach their own Genius appointments by prospect_id.
CREATE VIEW gold_lead_source_attribution AS
SELECT lead_system, marketing_source,
       CAST(leads AS BIGINT) AS leads, CAST(appointed_leads AS BIGINT) AS appointed_leads,
       CAST(appointments AS BIGINT) AS appointments, CAST(sales AS BIGINT) AS sales,
       CAST(sale_amount AS NUMERIC(18, 2)) AS sale_amount,
       CAST(lead_cost AS NUMERIC(18, 2)) AS lead_cost,
       CAST(ROUND(CAST(appointed_leads AS NUMERIC(18, 4)) / NULLIF(leads, 0), 4) AS NUMERIC(18, 4)) AS appointment_rate,
       CAST(ROUND(CAST(sales AS NUMERIC(18, 4)) / NULLIF(appointments, 0), 4) AS NUMERIC(18, 4)) AS close_rate,
       CAST(ROUND(CAST(sales AS NUMERIC(18, 4)) / NULLIF(leads, 0), 4) AS NUMERIC(18, 4)) AS lead_to_sale_rate,
       CAST(ROUND(lead_cost / NULLIF(sales, 0), 2) AS NUMERIC(18, 2)) AS cost_per_sale
FROM (
    SELECT CAST('leadconduit' AS VARCHAR(16)) AS lead_system,
           COALESCE(l.source, '(none)') AS marketing_source,
           COUNT(*) AS leads,
           SUM(CASE WHEN a.appointments > 0 THEN 1 ELSE 0 END) AS appointed_leads,
           SUM(COALESCE(a.appointments, 0)) AS appointments,
           SUM(COALESCE(a.sales, 0)) AS sales,
           COALESCE(SUM(a.sale_amount), 0) AS sale_amount,
           SUM(l.price) AS lead_cost
    FROM leadconduit_leads l
    LEFT JOIN (
        SELECT lead_id, COUNT(*) AS appointments, SUM(is_sale) AS sales, SUM(sale_amount) AS sale_amount
        FROM gold_lead_appointments
        GROUP BY lead_id
    ) a ON a.lead_id = l.lead_id
    WHERE l.deleted_at IS NULL
    GROUP BY COALESCE(l.source, '(none)')
    UNION ALL
    SELECT CAST('genius' AS VARCHAR(16)),
           COALESCE(m.source_name, '(none)'),
           COUNT(*),
           SUM(CASE WHEN a.appointments > 0 THEN 1 ELSE 0 END),
           SUM(COALESCE(a.appointments, 0)),
           SUM(COALESCE(a.sales, 0)),
           COALESCE(SUM(a.sale_amount), 0),
           SUM(m.cost_per_lead)
    FROM genius_prospects p
    LEFT JOIN genius_marketing_sources m
           ON m.marketing_source_id = p.marketing_source_id AND m.deleted_at IS NULL
    LEFT JOIN (
        SELECT prospect_id, COUNT(*) AS appointments,
               SUM(CASE WHEN result = 'sold' THEN 1 ELSE 0 END) AS sales,
               SUM(CASE WHEN result = 'sold' THEN sale_amount END) AS sale_amount
        FROM genius_appointments
        WHERE deleted_at IS NULL
        GROUP BY prospect_id
    ) a ON a.prospect_id = p.prospect_id
    WHERE p.deleted_at IS NULL
    GROUP BY COALESCE(m.source_name, '(none)')
) attribution;
