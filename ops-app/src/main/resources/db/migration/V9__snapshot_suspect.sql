-- Backup anomaly detection: why a snapshot is suspect (JSON list of findings), null when it is not.
ALTER TABLE snapshot ADD COLUMN suspect_json VARCHAR(4000);
