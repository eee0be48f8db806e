-- Schema drift and replay of rejects (issue 10, parts 5 and 6).
--
-- Drift: every run that read records notes the source fields its definition does not know and the
-- definition's columns no record had. Names only (never values), at most 200 per list, each stripped
-- of control characters and cut to 128 characters; the counts are the totals (the list may be shorter).
-- NULL counts: no drift was recorded (runs before V15, skipped runs, runs that failed before reading).
ALTER TABLE caravan_run ADD COLUMN drift_unknown VARCHAR(60000);
ALTER TABLE caravan_run ADD COLUMN drift_unknown_count BIGINT;
ALTER TABLE caravan_run ADD COLUMN drift_missing VARCHAR(60000);
ALTER TABLE caravan_run ADD COLUMN drift_missing_count BIGINT;

-- Replay: a run started by ./caravan replay (or POST /api/runs/{id}/replay) links to the run whose
-- rejected rows it fed again.
ALTER TABLE caravan_run ADD COLUMN replay_of BIGINT REFERENCES caravan_run (id) ON DELETE SET NULL;
CREATE INDEX caravan_run_replay_of_idx ON caravan_run (replay_of);
ALTER TABLE caravan_run DROP CONSTRAINT caravan_run_trigger_ck;
ALTER TABLE caravan_run ADD CONSTRAINT caravan_run_trigger_ck
    CHECK (triggered_by IN ('inbox', 'cli', 'rest', 'schedule', 'webhook', 'replay'));

-- A rejected record's rows (one per problem) share record_no (unique within the run); the first of
-- them holds the record's fields as JSON (replay_record, at most 64 KiB; NULL: not replayable) that a
-- replay feeds through the current definition. replayed_in_run: the replay run that loaded the record.
ALTER TABLE caravan_reject ADD COLUMN record_no BIGINT;
ALTER TABLE caravan_reject ADD COLUMN replay_record ${text_type};
ALTER TABLE caravan_reject ADD COLUMN replayed_in_run BIGINT REFERENCES caravan_run (id) ON DELETE SET NULL;
CREATE INDEX caravan_reject_record_idx ON caravan_reject (run_id, record_no);
