package dev.mamori.web.ui;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

import org.springframework.stereotype.Component;

/**
 * The few ways the pages write a time, in one place: {@code ${@times.seconds(e.time(), zone)}}
 * writes an instant in the viewer's zone (the {@code zone} model attribute of every page) as
 * {@code 2026-11-23 03:00:00}. Public because the templates call it through SpEL.
 */
@Component("times")
public class Times {

	private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

	private static final DateTimeFormatter MINUTES = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

	private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd");

	private static final DateTimeFormatter DAY_SECONDS = DateTimeFormatter.ofPattern("MM-dd HH:mm:ss");

	private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");

	/** @return {@code 2026-11-23 03:00:00}, or empty for {@code null} */
	public String seconds(Instant instant, ZoneId zone) {
		return format(instant, zone, SECONDS);
	}

	/** @return {@code 2026-11-23 03:00}, or empty for {@code null} */
	public String minutes(Instant instant, ZoneId zone) {
		return format(instant, zone, MINUTES);
	}

	/** @return {@code 2026-11-23 03:00} of a time already in the zone to show, or empty */
	public String minutes(ZonedDateTime time) {
		return (time != null) ? MINUTES.format(time) : "";
	}

	/** @return {@code 2026-11-23}, or empty for {@code null} */
	public String date(Instant instant, ZoneId zone) {
		return format(instant, zone, DATE);
	}

	/** @return {@code 11-23 03:00:00}, for lines of one recent day or two; empty for {@code null} */
	public String daySeconds(Instant instant, ZoneId zone) {
		return format(instant, zone, DAY_SECONDS);
	}

	/** @return {@code 03:00:00}, or empty for {@code null} */
	public String clock(Instant instant, ZoneId zone) {
		return format(instant, zone, CLOCK);
	}

	/**
	 * @return a duration the way the pages write measured times: {@code 2.3 s}, {@code 4 min 5 s},
	 * {@code 3 h 10 min}, {@code 2 d 4 h} (Japanese units on Japanese pages); empty for {@code null}
	 */
	public String took(java.time.Duration duration) {
		if (duration == null) {
			return "";
		}
		boolean ja = "ja".equals(org.springframework.context.i18n.LocaleContextHolder.getLocale().getLanguage());
		long millis = duration.toMillis();
		if (millis < 60_000) {
			return String.format(java.util.Locale.ROOT, ja ? "%.1f 秒" : "%.1f s", millis / 1000.0);
		}
		long minutes = millis / 60_000;
		if (minutes < 60) {
			return ja ? minutes + " 分 " + (millis % 60_000) / 1000 + " 秒" : minutes + " min " + (millis % 60_000) / 1000 + " s";
		}
		if (minutes < 48 * 60) {
			return ja ? minutes / 60 + " 時間 " + minutes % 60 + " 分" : minutes / 60 + " h " + minutes % 60 + " min";
		}
		return ja ? minutes / 1440 + " 日 " + (minutes % 1440) / 60 + " 時間" : minutes / 1440 + " d " + (minutes % 1440) / 60 + " h";
	}

	private static String format(Instant instant, ZoneId zone, DateTimeFormatter formatter) {
		return (instant != null) ? formatter.format(instant.atZone(zone)) : "";
	}

}
