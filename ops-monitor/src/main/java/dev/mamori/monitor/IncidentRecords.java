package dev.mamori.monitor;

import java.time.Instant;
import java.util.Optional;

/**
 * The stored incidents as incident handling and remediation write them: the incident row and its
 * timeline. The engine opens and closes the rows; see {@link IncidentOpened}.
 */
public interface IncidentRecords {

	/**
	 * @param id an incident id
	 * @return the incident, if it exists
	 */
	Optional<IncidentView> incident(long id);

	/**
	 * Adds a line to an incident's timeline.
	 * @param incidentId the incident
	 * @param at when
	 * @param kind such as {@code OPENED}, {@code REMEDIATION_ATTEMPT}
	 * @param message one line
	 * @param details JSON with the details, or {@code null}
	 */
	void event(long incidentId, Instant at, String kind, String message, String details);

	/**
	 * @param id the incident
	 * @param attempts remediation attempts so far
	 */
	void remediationAttempted(long id, int attempts);

	/**
	 * @param id the incident, which remediation gave up on
	 */
	void escalated(long id);

}
