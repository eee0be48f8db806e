-- Per-column survivorship (dedup: fill:): a survivor's empty column takes the value of another row
-- of its group. One row per filled column of a survivor: which row the value came from (from_key)
-- and a SHA-256 of the value as filled (value_hash: tells a value the pass wrote from one the source
-- wrote since, without keeping a copy of the data). A later pass refreshes or drops the fill; an
-- unmerge of from_key, or the survivor being merged itself, empties the column again when it still
-- holds the filled value.
CREATE TABLE caravan_merge_fill (
    system        VARCHAR(64)  NOT NULL,
    object        VARCHAR(64)  NOT NULL,
    survivor_key  VARCHAR(512) NOT NULL,
    column_name   VARCHAR(64)  NOT NULL,
    from_key      VARCHAR(512) NOT NULL,
    value_hash    VARCHAR(64)  NOT NULL,
    run_id        BIGINT,
    filled_at     TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT caravan_merge_fill_pk PRIMARY KEY (system, object, survivor_key, column_name)
);
CREATE INDEX caravan_merge_fill_from_idx ON caravan_merge_fill (system, object, from_key);
