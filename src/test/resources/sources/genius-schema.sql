-- The Genius CRM source schema Caravan expects (docs/sources/genius-db.md), as MariaDB / MySQL DDL.
-- Executed statement by statement (statements end with a semicolon at the end of a line).
-- Parents before children: division, user, marketing_source, prospect, appointment, service, quote.
-- Every table has an integer id primary key and updated_at, the change column incremental syncs
-- read, with an index on (updated_at, id) for the keyset scan.

DROP TABLE IF EXISTS quote;
DROP TABLE IF EXISTS service;
DROP TABLE IF EXISTS appointment;
DROP TABLE IF EXISTS prospect;
DROP TABLE IF EXISTS marketing_source;
DROP TABLE IF EXISTS `user`;
DROP TABLE IF EXISTS division;

CREATE TABLE division (
    id          INT          NOT NULL AUTO_INCREMENT,
    name        VARCHAR(100) NOT NULL,
    code        VARCHAR(10)  NULL,
    region      VARCHAR(50)  NULL,
    phone       VARCHAR(25)  NULL,
    city        VARCHAR(100) NULL,
    state       CHAR(2)      NULL,
    is_active   TINYINT(1)   NOT NULL DEFAULT 1,
    created_at  DATETIME     NOT NULL DEFAULT CURRENT_TIMESTAMP,
    updated_at  DATETIME(3)  NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3),
    PRIMARY KEY (id),
    KEY division_updated_at_idx (updated_at, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE `user` (
    id                INT           NOT NULL AUTO_INCREMENT,
    division_id       INT           NULL,
    first_name        VARCHAR(50)   NOT NULL,
    last_name         VARCHAR(50)   NOT NULL,
    email             VARCHAR(255)  NULL,
    phone             VARCHAR(25)   NULL,
    role              VARCHAR(20)   NULL,
    title             VARCHAR(100)  NULL,
    manager_id        INT           NULL,
    is_active         TINYINT(1)    NOT NULL DEFAULT 1,
    hire_date         DATE          NULL,
    termination_date  DATE          NULL,
    commission_rate   DECIMAL(6,4)  NULL,
    last_login        DATETIME      NULL,
    created_at        DATETIME      NOT NULL DEFAULT CURRENT_TIMESTAMP,
    updated_at        DATETIME(3)   NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3),
    PRIMARY KEY (id),
    KEY user_updated_at_idx (updated_at, id),
    KEY user_division_idx (division_id),
    KEY user_manager_idx (manager_id),
    CONSTRAINT user_division_fk FOREIGN KEY (division_id) REFERENCES division (id),
    CONSTRAINT user_manager_fk FOREIGN KEY (manager_id) REFERENCES `user` (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE marketing_source (
    id              INT            NOT NULL AUTO_INCREMENT,
    division_id     INT            NULL,
    name            VARCHAR(100)   NOT NULL,
    category        VARCHAR(30)    NULL,
    parent_source   VARCHAR(100)   NULL,
    tracking_phone  VARCHAR(25)    NULL,
    cost_per_lead   DECIMAL(10,2)  NULL,
    monthly_budget  DECIMAL(12,2)  NULL,
    is_active       TINYINT(1)     NOT NULL DEFAULT 1,
    start_date      DATE           NULL,
    end_date        DATE           NULL,
    created_at      DATETIME       NOT NULL DEFAULT CURRENT_TIMESTAMP,
    updated_at      DATETIME(3)    NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3),
    PRIMARY KEY (id),
    KEY marketing_source_updated_at_idx (updated_at, id),
    KEY marketing_source_division_idx (division_id),
    CONSTRAINT marketing_source_division_fk FOREIGN KEY (division_id) REFERENCES division (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE prospect (
    id                   INT           NOT NULL AUTO_INCREMENT,
    division_id          INT           NULL,
    marketing_source_id  INT           NULL,
    sales_rep_id         INT           NULL,
    first_name           VARCHAR(50)   NOT NULL,
    last_name            VARCHAR(50)   NOT NULL,
    spouse_name          VARCHAR(100)  NULL,
    email                VARCHAR(255)  NULL,
    phone1               VARCHAR(25)   NULL,
    phone2               VARCHAR(25)   NULL,
    address1             VARCHAR(255)  NULL,
    address2             VARCHAR(255)  NULL,
    city                 VARCHAR(100)  NULL,
    state                CHAR(2)       NULL,
    zip                  VARCHAR(10)   NULL,
    product_interest     VARCHAR(100)  NULL,
    status               VARCHAR(30)   NULL,
    lead_date            DATE          NOT NULL,
    notes                TEXT          NULL,
    created_at           DATETIME      NOT NULL DEFAULT CURRENT_TIMESTAMP,
    updated_at           DATETIME(3)   NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3),
    PRIMARY KEY (id),
    KEY prospect_updated_at_idx (updated_at, id),
    KEY prospect_division_idx (division_id),
    KEY prospect_marketing_source_idx (marketing_source_id),
    KEY prospect_sales_rep_idx (sales_rep_id),
    CONSTRAINT prospect_division_fk FOREIGN KEY (division_id) REFERENCES division (id),
    CONSTRAINT prospect_marketing_source_fk FOREIGN KEY (marketing_source_id) REFERENCES marketing_source (id),
    CONSTRAINT prospect_sales_rep_fk FOREIGN KEY (sales_rep_id) REFERENCES `user` (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE appointment (
    id                   INT            NOT NULL AUTO_INCREMENT,
    prospect_id          INT            NOT NULL,
    user_id              INT            NULL,
    marketing_source_id  INT            NULL,
    appointment_date     DATETIME       NOT NULL,
    duration_minutes     INT            NULL,
    appt_type            VARCHAR(20)    NULL,
    product              VARCHAR(50)    NULL,
    result               VARCHAR(30)    NULL,
    quoted_amount        DECIMAL(12,2)  NULL,
    sale_amount          DECIMAL(12,2)  NULL,
    is_confirmed         TINYINT(1)     NOT NULL DEFAULT 0,
    set_by               VARCHAR(100)   NULL,
    notes                TEXT           NULL,
    created_at           DATETIME       NOT NULL DEFAULT CURRENT_TIMESTAMP,
    updated_at           DATETIME(3)    NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3),
    PRIMARY KEY (id),
    KEY appointment_updated_at_idx (updated_at, id),
    KEY appointment_prospect_idx (prospect_id),
    KEY appointment_user_idx (user_id),
    KEY appointment_marketing_source_idx (marketing_source_id),
    CONSTRAINT appointment_prospect_fk FOREIGN KEY (prospect_id) REFERENCES prospect (id),
    CONSTRAINT appointment_user_fk FOREIGN KEY (user_id) REFERENCES `user` (id),
    CONSTRAINT appointment_marketing_source_fk FOREIGN KEY (marketing_source_id) REFERENCES marketing_source (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE service (
    id              INT            NOT NULL AUTO_INCREMENT,
    appointment_id  INT            NOT NULL,
    prospect_id     INT            NULL,
    product         VARCHAR(100)   NOT NULL,
    description     VARCHAR(255)   NULL,
    quantity        INT            NOT NULL DEFAULT 1,
    unit_price      DECIMAL(12,2)  NULL,
    total           DECIMAL(12,2)  NULL,
    status          VARCHAR(20)    NULL,
    install_date    DATE           NULL,
    created_at      DATETIME       NOT NULL DEFAULT CURRENT_TIMESTAMP,
    updated_at      DATETIME(3)    NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3),
    PRIMARY KEY (id),
    KEY service_updated_at_idx (updated_at, id),
    KEY service_appointment_idx (appointment_id),
    KEY service_prospect_idx (prospect_id),
    CONSTRAINT service_appointment_fk FOREIGN KEY (appointment_id) REFERENCES appointment (id),
    CONSTRAINT service_prospect_fk FOREIGN KEY (prospect_id) REFERENCES prospect (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE quote (
    id               INT            NOT NULL AUTO_INCREMENT,
    appointment_id   INT            NULL,
    prospect_id      INT            NOT NULL,
    quote_number     VARCHAR(30)    NULL,
    product          VARCHAR(50)    NULL,
    amount           DECIMAL(12,2)  NULL,
    status           VARCHAR(20)    NULL,
    quote_date       DATE           NULL,
    expiration_date  DATE           NULL,
    notes            TEXT           NULL,
    created_at       DATETIME       NOT NULL DEFAULT CURRENT_TIMESTAMP,
    updated_at       DATETIME(3)    NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3),
    PRIMARY KEY (id),
    KEY quote_updated_at_idx (updated_at, id),
    KEY quote_appointment_idx (appointment_id),
    KEY quote_prospect_idx (prospect_id),
    CONSTRAINT quote_appointment_fk FOREIGN KEY (appointment_id) REFERENCES appointment (id),
    CONSTRAINT quote_prospect_fk FOREIGN KEY (prospect_id) REFERENCES prospect (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
