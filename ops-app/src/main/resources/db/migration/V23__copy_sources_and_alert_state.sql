-- Issue 16: each copy remembers its snapshot's sources (from the manifest), so a snapshot that exists only
-- off-site (pruned or lost locally) can be planned and restored; and which app's copies to a target are older
-- than their max-age, told once while it holds (a row while it holds, across instances).
ALTER TABLE snapshot_copy ADD COLUMN sources_json VARCHAR(65535);

CREATE TABLE copy_alert_state (
    app_id     VARCHAR(64)  NOT NULL,
    target     VARCHAR(64)  NOT NULL,
    since      TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT pk_copy_alert_state PRIMARY KEY (app_id, target)
);
