package dev.mamori.monitor.webhook;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import dev.mamori.core.event.BackupCompleted;
import dev.mamori.core.event.BackupFailed;
import dev.mamori.core.event.CopyFailed;
import dev.mamori.core.event.DrillFinished;
import dev.mamori.core.event.RestoreFinished;
import dev.mamori.monitor.IncidentOpened;
import dev.mamori.monitor.IncidentResolved;

/**
 * Which application events become webhook events: one line each. Adding a type means adding a
 * {@link #map} line here (and, when its facts differ, a record in {@link WebhookData}).
 */
final class WebhookEvents {

	private static final List<Mapping<?>> MAPPINGS = List.of(
			map(BackupCompleted.class, "backup.completed", BackupCompleted::finishedAt,
					(e) -> new WebhookData.Backup(e.appId(), e.runId(), e.snapshotName(), e.sizeBytes(), e.verified(),
							WebhookData.seconds(e.duration()), null),
					(e) -> new Text("Backup of " + e.appId() + " completed: " + e.snapshotName(),
							e.appId() + " のバックアップが完了しました：" + e.snapshotName())),
			map(BackupFailed.class, "backup.failed", BackupFailed::failedAt,
					(e) -> new WebhookData.Backup(e.appId(), e.runId(), null, null, null, null, e.error()),
					(e) -> new Text("Backup of " + e.appId() + " FAILED: " + e.error(),
							e.appId() + " のバックアップが失敗しました：" + e.error())),
			map(RestoreFinished.class, "restore.finished", RestoreFinished::finishedAt,
					(e) -> new WebhookData.Restore(e.appId(), e.runId(), e.outcome(), e.message(), e.snapshotName(),
							e.reportNumber(), WebhookData.seconds(e.rto())),
					(e) -> new Text("Restore of " + e.appId() + " from " + e.snapshotName() + ": " + e.outcome(),
							e.appId() + " を " + e.snapshotName() + " からリストア：" + e.outcome())),
			map(IncidentOpened.class, "incident.opened", IncidentOpened::at,
					(e) -> new WebhookData.Incident(e.incidentId(), e.monitorId(), e.monitorName(),
							e.definition().app(), e.error()),
					(e) -> new Text(e.monitorName() + " is DOWN: " + e.error(),
							e.monitorName() + " が DOWN です：" + e.error())),
			map(IncidentResolved.class, "incident.resolved", IncidentResolved::at,
					(e) -> new WebhookData.Incident(e.incidentId(), e.monitorId(), e.monitorName(),
							e.definition().app(), e.message()),
					(e) -> new Text(e.monitorName() + " is UP again", e.monitorName() + " が復旧しました")),
			map(DrillFinished.class, "drill.finished", DrillFinished::at,
					(e) -> new WebhookData.Drill(e.appId(), e.drillId(), e.passed(), e.snapshotName(), e.reportNumber(),
							e.error(), WebhookData.seconds(e.restoreTime()), e.suspect()),
					(e) -> new Text("Restore drill of " + e.appId() + " " + (e.passed() ? "PASSED" : "FAILED: " + e.error())
							+ " (" + e.reportNumber() + ")", e.appId() + " のリストア訓練 " + (e.passed() ? "合格" : "不合格：" + e.error())
							+ "（" + e.reportNumber() + "）")),
			map(CopyFailed.class, "copy.failed", CopyFailed::failedAt,
					(e) -> new WebhookData.Copy(e.appId(), e.snapshotName(), e.target(), e.error()),
					(e) -> new Text("Off-site copy of " + e.snapshotName() + " to " + e.target() + " FAILED: " + e.error(),
							e.snapshotName() + " の " + e.target() + " へのオフサイトコピーが失敗しました：" + e.error())));

	private WebhookEvents() {
	}

	/**
	 * @return every event type, such as {@code backup.completed}
	 */
	static List<String> types() {
		return MAPPINGS.stream().map(Mapping::type).toList();
	}

	/**
	 * @param event any application event
	 * @return the webhook event and its one-line texts, or empty when it is not one
	 */
	static Optional<Mapped> of(Object event, String id) {
		for (Mapping<?> mapping : MAPPINGS) {
			if (mapping.event().isInstance(event)) {
				return Optional.of(mapping.apply(event, id));
			}
		}
		return Optional.empty();
	}

	private static <E> Mapping<E> map(Class<E> event, String type, Function<E, Instant> at,
			Function<E, Object> data, Function<E, Text> text) {
		return new Mapping<>(event, type, at, data, text);
	}

	/**
	 * @param en English
	 * @param ja Japanese
	 */
	record Text(String en, String ja) {

		String in(String language) {
			return "ja".equals(language) ? this.ja : this.en;
		}

	}

	/**
	 * @param event the webhook event
	 * @param text its one line for chat payloads
	 */
	record Mapped(WebhookEvent event, Text text) {
	}

	private record Mapping<E>(Class<E> event, String type, Function<E, Instant> at, Function<E, Object> data,
			Function<E, Text> text) {

		Mapped apply(Object raw, String id) {
			E e = this.event.cast(raw);
			Instant when = this.at.apply(e);
			return new Mapped(new WebhookEvent(id, this.type, (when != null) ? when : Instant.now(), this.data.apply(e)),
					this.text.apply(e));
		}

	}

}
