package dev.mamori.web.ui;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;

import dev.mamori.core.audit.AuditLog;
import dev.mamori.core.audit.AuditLog.AuditQuery;
import dev.mamori.core.audit.AuditRecord;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The audit log (ADMIN): filter by actor, action and day (in the viewer's time zone), the result of
 * verifying the hash chain (what was appended since the last verification, and when the whole chain
 * was last recomputed), and the same filter exported as CSV.
 */
@Controller
class AuditPagesController {

	private static final int PAGE_SIZE = 50;

	private static final int EXPORT_PAGE_SIZE = 1000;

	private final AuditLog audit;

	AuditPagesController(AuditLog audit) {
		this.audit = audit;
	}

	@GetMapping("/audit")
	String audit(@RequestParam(required = false) String actor, @RequestParam(required = false) String action,
			@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
			@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
			@RequestParam(defaultValue = "0") int page, HttpServletRequest request, Model model) {
		AuditQuery query = query(actor, action, from, to, UiModelAdvice.zoneOf(request));
		Page<AuditRecord> events = this.audit.search(query, PageRequest.of(Math.max(0, page), PAGE_SIZE));
		model.addAttribute("events", events);
		model.addAttribute("actor", blank(actor));
		model.addAttribute("action", blank(action));
		model.addAttribute("from", from);
		model.addAttribute("to", to);
		// Only the events appended since the last verification: the whole chain is recomputed at
		// startup, daily and by GET /api/audit/verify, not on every view of a long log.
		model.addAttribute("verification", this.audit.verifyRecent());
		return "admin/audit";
	}

	@GetMapping("/audit.csv")
	void export(@RequestParam(required = false) String actor, @RequestParam(required = false) String action,
			@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
			@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
			HttpServletRequest request, HttpServletResponse response) throws IOException {
		AuditQuery query = query(actor, action, from, to, UiModelAdvice.zoneOf(request));
		response.setContentType("text/csv;charset=UTF-8");
		response.setCharacterEncoding(StandardCharsets.UTF_8.name());
		response.setHeader(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"mamori-audit.csv\"");
		Writer out = response.getWriter();
		out.write("id,time,actor_type,actor,action,target,outcome,remote_address,details,hash\r\n");
		Page<AuditRecord> events;
		int page = 0;
		do {
			events = this.audit.search(query, PageRequest.of(page++, EXPORT_PAGE_SIZE));
			for (AuditRecord e : events) {
				out.write(String.join(",", String.valueOf(e.id()), e.time().toString(), cell(e.actorType()), cell(e.actor()),
						cell(e.action()), cell(e.target()), cell(e.outcome()), cell(e.remoteAddress()), cell(e.details()),
						cell(e.hash())));
				out.write("\r\n");
			}
		}
		while (events.hasNext());
		out.flush();
	}

	private static AuditQuery query(String actor, String action, LocalDate from, LocalDate to, ZoneId zone) {
		Instant start = (from != null) ? from.atStartOfDay(zone).toInstant() : null;
		// "to" is a day the user wants included.
		Instant end = (to != null) ? to.plusDays(1).atStartOfDay(zone).toInstant() : null;
		return new AuditQuery(blank(actor), blank(action), start, end);
	}

	private static String blank(String text) {
		return (text == null || text.isBlank()) ? null : text.strip();
	}

	/**
	 * One CSV cell (RFC 4180), with a leading quote on text a spreadsheet would run as a formula.
	 */
	static String cell(Object value) {
		if (value == null) {
			return "";
		}
		String text = value.toString();
		if (!text.isEmpty() && "=+-@\t\r".indexOf(text.charAt(0)) >= 0) {
			text = "'" + text;
		}
		if (text.contains(",") || text.contains("\"") || text.contains("\n") || text.contains("\r")
				|| text.startsWith("'")) {
			return "\"" + text.replace("\"", "\"\"") + "\"";
		}
		return text;
	}

}
