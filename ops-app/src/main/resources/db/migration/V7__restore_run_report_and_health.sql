-- Restore v2: the report number is claimed on the backup destination (unique across instances and
-- fresh installs), the app's health before the restore is recorded, and the pre-restore archive is
-- named (it is written after the app is healthy, from the data moved aside).
ALTER TABLE restore_run ADD COLUMN report_number VARCHAR(32);
ALTER TABLE restore_run ADD COLUMN health_before VARCHAR(500);
ALTER TABLE restore_run ADD COLUMN pre_restore_archive VARCHAR(255);
ALTER TABLE restore_run ADD COLUMN outage_millis BIGINT;
