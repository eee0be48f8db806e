-- Run lifecycle hardening: a run stopped by a graceful shutdown (SIGTERM) is 'interrupted' (its file
-- stays in the inbox and the next start completes it), and the file ledger counts how many runs of a
-- content ended with their process dying (abandoned), so a file that kills the process again and
-- again is quarantined instead of crash-looping the deployment.
ALTER TABLE caravan_run DROP CONSTRAINT caravan_run_status_ck;
ALTER TABLE caravan_run ADD CONSTRAINT caravan_run_status_ck
    CHECK (status IN ('running', 'completed', 'failed', 'skipped', 'interrupted'));
ALTER TABLE caravan_file_ledger ADD COLUMN crashes INTEGER DEFAULT 0 NOT NULL;
CREATE INDEX caravan_run_status_idx ON caravan_run (status);
