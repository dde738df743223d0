package dev.mamori.monitor.checklist;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import dev.mamori.core.Cron;
import dev.mamori.core.InvalidConfigurationException;
import dev.mamori.core.catalog.BackupCatalogView;
import dev.mamori.monitor.action.Actions;
import dev.mamori.monitor.checklist.ChecklistsProperties.Checklist;
import dev.mamori.monitor.checklist.ChecklistsProperties.Item;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.scheduling.support.CronExpression;
import org.springframework.stereotype.Component;

/**
 * The declared checklists, checked at startup (a schedule that parses and fires at most hourly, a
 * bounded deadline, unique item ids, automatic items with exactly one source that exists), and
 * when each period starts.
 */
@Component
class Checklists {

	static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");

	private static final Map<String, String> NAMED = Map.of("weekly", "0 9 * * MON", "monthly", "0 9 1 * *",
			"quarterly", "0 9 1 1,4,7,10 *");

	/** How far back the start of the current period is looked for, shortest first. */
	private static final List<Duration> LOOK_BACK = List.of(Duration.ofHours(2), Duration.ofDays(2), Duration.ofDays(9),
			Duration.ofDays(33), Duration.ofDays(95), Duration.ofDays(370));

	private final Map<String, Checklist> checklists;

	private final Map<String, CronExpression> schedules = new LinkedHashMap<>();

	Checklists(ChecklistsProperties properties, ObjectProvider<BackupCatalogView> catalog, Actions actions) {
		this.checklists = new LinkedHashMap<>(properties.checklists());
		BackupCatalogView apps = catalog.getIfAvailable();
		Set<String> appIds = (apps != null) ? apps.appIds() : null;
		this.checklists.forEach((id, checklist) -> this.schedules.put(id, validate(id, checklist, appIds, actions.ids())));
	}

	private static CronExpression validate(String id, Checklist checklist, Set<String> apps, Collection<String> actions) {
		String key = "mamori.checklists." + id;
		if (!ID.matcher(id).matches()) {
			throw new InvalidConfigurationException(key, id, "a checklist id is 1 to 64 of a-z, 0-9, '-' and '_'");
		}
		if (checklist.app() != null && apps != null && !apps.contains(checklist.app())) {
			throw new InvalidConfigurationException(key + ".app", checklist.app(), "not a declared app; declared apps: " + apps);
		}
		CronExpression cron;
		try {
			cron = Cron.parse(NAMED.getOrDefault(checklist.schedule().trim(), checklist.schedule()));
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidConfigurationException(key + ".schedule", checklist.schedule(),
					"weekly, monthly, quarterly or a 5-field cron expression (minute hour day month weekday)");
		}
		ZonedDateTime first = cron.next(ZonedDateTime.now());
		ZonedDateTime second = (first != null) ? cron.next(first) : null;
		if (first == null || (second != null && Duration.between(first, second).compareTo(Duration.ofHours(1)) < 0)) {
			throw new InvalidConfigurationException(key + ".schedule", checklist.schedule(),
					"a schedule that fires, at most once an hour");
		}
		if (checklist.dueAfter().compareTo(Duration.ofHours(1)) < 0 || checklist.dueAfter().compareTo(Duration.ofDays(366)) > 0) {
			throw new InvalidConfigurationException(key + ".due-after", checklist.dueAfter(), "between 1h and 366d");
		}
		Set<String> itemIds = new HashSet<>();
		for (int i = 0; i < checklist.items().size(); i++) {
			Item item = checklist.items().get(i);
			String itemKey = key + ".items[" + i + "]";
			if (!ID.matcher(item.id()).matches() || !itemIds.add(item.id())) {
				throw new InvalidConfigurationException(itemKey + ".id", item.id(),
						"a unique id in the checklist of 1 to 64 of a-z, 0-9, '-' and '_'");
			}
			if (item.auto() == null) {
				continue;
			}
			int sources = ((item.auto().backupFreshness() != null) ? 1 : 0) + ((item.auto().monitor() != null) ? 1 : 0)
					+ ((item.auto().action() != null) ? 1 : 0);
			if (sources != 1) {
				throw new InvalidConfigurationException(itemKey + ".auto", null,
						"exactly one of backup-freshness, monitor or action");
			}
			if (item.auto().backupFreshness() != null && apps != null
					&& !apps.contains(item.auto().backupFreshness().app())) {
				throw new InvalidConfigurationException(itemKey + ".auto.backup-freshness.app",
						item.auto().backupFreshness().app(), "not a declared app; declared apps: " + apps);
			}
			if (item.auto().action() != null && !actions.contains(item.auto().action())) {
				throw new InvalidConfigurationException(itemKey + ".auto.action", item.auto().action(),
						"not a declared action; declared actions: " + actions);
			}
		}
		return cron;
	}

	Collection<String> ids() {
		return this.checklists.keySet();
	}

	Optional<Checklist> find(String id) {
		return Optional.ofNullable(this.checklists.get(id));
	}

	Checklist get(String id) {
		Checklist checklist = this.checklists.get(id);
		if (checklist == null) {
			throw new ChecklistNotFoundException("No checklist " + id);
		}
		return checklist;
	}

	/**
	 * @param id a checklist
	 * @param now the time
	 * @return when its current period started: the last time its schedule fired at or before now
	 */
	Optional<Instant> periodStart(String id, Instant now) {
		CronExpression cron = this.schedules.get(id);
		ZonedDateTime at = now.atZone(ZoneId.systemDefault());
		for (Duration back : LOOK_BACK) {
			ZonedDateTime candidate = cron.next(at.minus(back));
			ZonedDateTime last = null;
			while (candidate != null && !candidate.isAfter(at)) {
				last = candidate;
				candidate = cron.next(candidate);
			}
			if (last != null) {
				return Optional.of(last.toInstant());
			}
		}
		return Optional.empty();
	}

}
