package dev.mamori.web.api;

import java.time.Instant;
import java.util.List;

import dev.mamori.core.audit.AuditLog;
import dev.mamori.core.audit.AuditLog.AuditQuery;
import dev.mamori.core.audit.AuditRecord;
import dev.mamori.core.audit.AuditVerification;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Reading and verifying the audit log; ADMIN only (enforced by the API filter chain).
 */
@RestController
@RequestMapping("/api/audit")
class AuditApiController {

	private static final int MAX_PAGE_SIZE = 500;

	private final AuditLog audit;

	AuditApiController(AuditLog audit) {
		this.audit = audit;
	}

	@GetMapping
	AuditPage search(@RequestParam(required = false) String actor, @RequestParam(required = false) String action,
			@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant from,
			@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant to,
			@RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "50") int size) {
		PageRequest request = PageRequest.of(Math.max(0, page), Math.min(Math.max(1, size), MAX_PAGE_SIZE));
		Page<AuditRecord> result = this.audit.search(new AuditQuery(actor, action, from, to), request);
		return new AuditPage(result.getContent(), result.getNumber(), result.getSize(), result.getTotalElements(),
				result.getTotalPages());
	}

	@GetMapping("/verify")
	VerifyResult verify() {
		AuditVerification result = this.audit.verify();
		return new VerifyResult(result.ok() ? "ok" : "broken", result.eventsChecked(), result.firstBrokenId(),
				result.reason());
	}

	/**
	 * One page of audit events, newest first.
	 * @param content the events
	 * @param page page number from 0
	 * @param size page size
	 * @param totalElements matching events in all
	 * @param totalPages pages in all
	 */
	record AuditPage(List<AuditRecord> content, int page, int size, long totalElements, int totalPages) {
	}

	/**
	 * @param status {@code ok} or {@code broken}
	 * @param eventsChecked events read
	 * @param firstBrokenId the first event whose chain breaks
	 * @param reason what did not match
	 */
	record VerifyResult(String status, long eventsChecked, Long firstBrokenId, String reason) {
	}

}
