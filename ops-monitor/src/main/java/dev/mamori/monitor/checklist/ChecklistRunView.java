package dev.mamori.monitor.checklist;

import java.time.Instant;
import java.util.List;

/**
 * One period's run of a checklist.
 *
 * @param id run id
 * @param checklistId the checklist
 * @param titleEn its title in English
 * @param titleJa its title in Japanese
 * @param app the app it is about, or {@code null}
 * @param periodStart when the period (and the run) started
 * @param dueAt when it becomes overdue
 * @param completedAt when its last item was done, or {@code null}
 * @param overdueAlertedAt when the overdue alert went out, or {@code null}
 * @param overdue whether it is past due and not complete
 * @param items its items in order
 */
public record ChecklistRunView(long id, String checklistId, String titleEn, String titleJa, String app,
		Instant periodStart, Instant dueAt, Instant completedAt, Instant overdueAlertedAt, boolean overdue,
		List<ItemView> items) {

	/**
	 * @param language {@code ja} or another language for English
	 * @return the title in that language
	 */
	public String title(String language) {
		return "ja".equals(language) ? this.titleJa : this.titleEn;
	}

	/**
	 * @return whether every item is done
	 */
	public boolean complete() {
		return this.completedAt != null;
	}

	/**
	 * One item of a run.
	 * @param itemId the item's id
	 * @param titleEn what to check, in English
	 * @param titleJa what to check, in Japanese
	 * @param automatic whether something other than a person decides it
	 * @param source what decides it ({@code backup-freshness ecm}, {@code monitor web}), or
	 * {@code null} for a manual item
	 * @param done whether it is done
	 * @param doneAt when
	 * @param doneBy who signed it, or {@code system} for an automatic item
	 * @param comment the signer's comment, or what decided an automatic item
	 */
	public record ItemView(String itemId, String titleEn, String titleJa, boolean automatic, String source,
			boolean done, Instant doneAt, String doneBy, String comment) {

		/**
		 * @param language {@code ja} or another language for English
		 * @return the title in that language
		 */
		public String title(String language) {
			return "ja".equals(language) ? this.titleJa : this.titleEn;
		}

	}

}
