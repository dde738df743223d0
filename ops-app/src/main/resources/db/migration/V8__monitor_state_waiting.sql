-- A backup-freshness monitor waits (neutral) for an app's first backup: the WAITING state.
ALTER TABLE monitor DROP CONSTRAINT ck_monitor_state;
ALTER TABLE monitor ADD CONSTRAINT ck_monitor_state
    CHECK (state IN ('PENDING', 'WAITING', 'UP', 'DOWN', 'PAUSED', 'MAINTENANCE'));
