package dev.mamori.backup.drill;

import java.time.Duration;
import java.util.List;

/**
 * A second copy of the app started on the scratch data: its command (argv, never a shell string; the
 * scratch directory is passed in {@code MAMORI_DRILL_DIR}) and the health URL that must answer 2xx.
 * The process and its children are always stopped afterwards.
 *
 * @param argv the command
 * @param healthUrl the URL that must answer
 * @param timeout how long it may take to answer
 */
public record DrillBoot(List<String> argv, String healthUrl, Duration timeout) {
}
