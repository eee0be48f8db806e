-- The Amazon Redshift source tables Caravan expects (docs/sources/redshift.md), in schema public.
-- Written in the subset of SQL that Redshift and PostgreSQL share: the tests run it on a real
-- PostgreSQL in Redshift's place. Executed statement by statement (statements end with a semicolon
-- at the end of a line). Redshift does not enforce primary keys; they document the row identity.

DROP TABLE IF EXISTS public.marketing_campaigns;
DROP TABLE IF EXISTS public.customer_behavior;
DROP TABLE IF EXISTS public.web_analytics;

-- Google Ads campaigns: one row per campaign, cumulative performance, updated_at = last refresh.
CREATE TABLE public.marketing_campaigns (
    campaign_id    VARCHAR(32)    NOT NULL,
    account_id     VARCHAR(32),
    campaign_name  VARCHAR(255)   NOT NULL,
    status         VARCHAR(16),
    channel        VARCHAR(32),
    budget         NUMERIC(12,2),
    spend          NUMERIC(12,2),
    impressions    BIGINT,
    clicks         BIGINT,
    conversions    NUMERIC(12,2),
    start_date     DATE,
    end_date       DATE,
    updated_at     TIMESTAMP      NOT NULL,
    PRIMARY KEY (campaign_id)
);

-- Amplitude events: one row per event; loaded_at = when the row was loaded into Redshift.
CREATE TABLE public.customer_behavior (
    event_id          VARCHAR(64)     NOT NULL,
    user_id           VARCHAR(64),
    device_id         VARCHAR(64),
    event_name        VARCHAR(128)    NOT NULL,
    event_timestamp   TIMESTAMP       NOT NULL,
    session_id        BIGINT,
    page_url          VARCHAR(2048),
    device_type       VARCHAR(16),
    platform          VARCHAR(32),
    browser           VARCHAR(64),
    country           VARCHAR(64),
    region            VARCHAR(64),
    city              VARCHAR(64),
    event_properties  VARCHAR(65535),
    loaded_at         TIMESTAMP       NOT NULL,
    PRIMARY KEY (event_id)
);

-- Google Analytics 4 daily page report: one row per day and page path.
CREATE TABLE public.web_analytics (
    date                  DATE           NOT NULL,
    page_path             VARCHAR(1024)  NOT NULL,
    page_title            VARCHAR(512),
    sessions              BIGINT,
    users                 BIGINT,
    new_users             BIGINT,
    pageviews             BIGINT,
    bounce_rate           NUMERIC(6,4),
    avg_session_duration  NUMERIC(10,2),
    conversions           BIGINT,
    revenue               NUMERIC(12,2),
    updated_at            TIMESTAMP      NOT NULL,
    PRIMARY KEY (date, page_path)
);
