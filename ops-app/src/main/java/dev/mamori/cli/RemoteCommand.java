package dev.mamori.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import dev.mamori.backup.destination.DestinationCheck;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import tools.jackson.databind.JsonNode;

/**
 * {@code mamori remote <command> --server URL}: the same jar driving a running Mamori through its
 * REST API, for scripts, cron and Nagios-style checks on other machines. The token is read from
 * {@code MAMORI_TOKEN} or {@code --token-file}; there is no option that takes it, so it never shows
 * in {@code ps}. Exit codes: 0 success, 1 failure or something that needs attention, 2 usage.
 * <p>
 * Plain Java (HTTP client and JSON): nothing of Spring Boot starts.
 */
@Command(name = "remote", mixinStandardHelpOptions = true, versionProvider = MamoriCli.Version.class,
		description = { "Talk to a running Mamori server through its API (token from MAMORI_TOKEN or --token-file).",
				"Exit 0 on success, 1 on a failure or when something needs attention, 2 on a usage error." },
		subcommands = { RemoteCommand.Backup.class, RemoteCommand.Snapshots.class, RemoteCommand.Restore.class,
				RemoteCommand.Drill.class, RemoteCommand.Status.class })
class RemoteCommand implements Callable<Integer> {

	private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

	/** How often a waiting command asks for the run's state. */
	static final Duration POLL = Duration.ofMillis(500);

	@CommandLine.Spec
	CommandSpec spec;

	@Override
	public Integer call() {
		throw new CommandLine.ParameterException(this.spec.commandLine(),
				"Missing command: backup, snapshots, restore or status");
	}

	/** Options every remote command takes. */
	static class ServerOptions {

		@Option(names = "--server", paramLabel = "URL",
				description = "Mamori's address, e.g. https://backup.example:8080 (default: $MAMORI_SERVER).")
		String server;

		@Option(names = "--token-file", paramLabel = "FILE",
				description = "A file holding the API token (default: the MAMORI_TOKEN environment variable).")
		Path tokenFile;

		@Option(names = "--lang", paramLabel = "en|ja", description = "Language of the messages (default: from LANG).")
		String lang;

		RemoteMessages messages() {
			return RemoteMessages.of(this.lang, System.getenv());
		}

		RemoteClient connect(RemoteMessages messages) {
			return RemoteClient.connect(this.server, this.tokenFile, System.getenv(), messages);
		}

	}

	/** Runs a remote command, turning a {@link RemoteClient.RemoteException} into one line and exit 1. */
	abstract static class RemoteTask implements Callable<Integer> {

		@CommandLine.Mixin
		ServerOptions options;

		@CommandLine.Spec
		CommandSpec spec;

		@Override
		public final Integer call() throws Exception {
			RemoteMessages messages = this.options.messages();
			if (!messages.locale().getLanguage().equals("en")
					&& !java.nio.charset.Charset.defaultCharset().newEncoder().canEncode('\u76e3')) {
				// Japanese asked for (LANG=ja_JP.UTF-8) but the JVM fell back to ASCII, as it does when that
				// locale is not installed: write UTF-8 rather than question marks.
				this.spec.commandLine().setOut(utf8(System.out));
				this.spec.commandLine().setErr(utf8(System.err));
			}
			try {
				return run(this.options.connect(messages), messages, this.spec.commandLine().getOut());
			}
			catch (RemoteClient.RemoteException ex) {
				err().println("mamori: " + ex.getMessage());
				err().flush();
				return MamoriCli.EXIT_FAILED;
			}
			finally {
				this.spec.commandLine().getOut().flush();
			}
		}

		private static PrintWriter utf8(java.io.OutputStream stream) {
			return new PrintWriter(new java.io.OutputStreamWriter(stream, StandardCharsets.UTF_8), true);
		}

		abstract int run(RemoteClient client, RemoteMessages messages, PrintWriter out) throws Exception;

		PrintWriter err() {
			return this.spec.commandLine().getErr();
		}

	}

	/** {@code remote backup --app A [--wait]}. */
	@Command(name = "backup", mixinStandardHelpOptions = true, versionProvider = MamoriCli.Version.class,
			description = { "Start a backup of an app on the server (needs an OPERATOR token).",
					"With --wait: progress on a terminal, exit 0 for a GOOD snapshot, 1 otherwise." })
	static class Backup extends RemoteTask {

		@Option(names = "--app", required = true, description = "The app id.")
		String app;

		@Option(names = "--wait", description = "Wait for the backup to end.")
		boolean wait;

		@Override
		int run(RemoteClient client, RemoteMessages messages, PrintWriter out) throws InterruptedException {
			JsonNode started = client.post("/api/apps/" + segment(this.app) + "/backups", null);
			String id = started.get("id").asString();
			if (!this.wait) {
				out.println(messages.get("backup.started", this.app, id));
				return MamoriCli.EXIT_OK;
			}
			MamoriCli.Progress progress = new MamoriCli.Progress("backup " + this.app, 0);
			JsonNode run = started;
			while ("RUNNING".equals(run.path("status").asString())) {
				Thread.sleep(POLL.toMillis());
				run = client.get("/api/backup-runs/" + id);
				progress.total(run.path("bytesExpected").asLong());
				progress.show(run.path("bytesDone").asLong());
			}
			progress.done();
			if (!"SUCCEEDED".equals(run.path("status").asString())) {
				err().println("mamori: " + messages.get("backup.failed", this.app, id, text(run.path("error"))));
				return MamoriCli.EXIT_FAILED;
			}
			JsonNode snapshot = client.get("/api/snapshots/" + run.path("snapshotId").asString());
			String status = snapshot.path("status").asString();
			if (!"GOOD".equals(status)) {
				err().println("mamori: " + messages.get("backup.notGood", snapshot.path("name").asString(), status));
				return MamoriCli.EXIT_FAILED;
			}
			out.println(messages.get("backup.good", snapshot.path("name").asString(), id,
					DestinationCheck.human(snapshot.path("sizeBytes").asLong())));
			return MamoriCli.EXIT_OK;
		}

	}

	/** {@code remote drill --app A [--snapshot ID] [--wait]}. */
	@Command(name = "drill", mixinStandardHelpOptions = true, versionProvider = MamoriCli.Version.class,
			description = { "Start a restore drill of an app on the server (needs an OPERATOR token).",
					"With --wait: exit 0 when the drill PASSED, 1 otherwise; the report number is printed." })
	static class Drill extends RemoteTask {

		@Option(names = "--app", required = true, description = "The app id.")
		String app;

		@Option(names = "--snapshot", description = "A snapshot id (default: the one the app's drill settings pick).")
		Long snapshot;

		@Option(names = "--wait", description = "Wait for the drill to end.")
		boolean wait;

		@Override
		int run(RemoteClient client, RemoteMessages messages, PrintWriter out) throws InterruptedException {
			JsonNode started = client.post("/api/apps/" + segment(this.app) + "/drills",
					(this.snapshot != null) ? java.util.Map.of("snapshot", this.snapshot) : null);
			String id = started.get("id").asString();
			if (!this.wait) {
				out.println(messages.get("drill.started", this.app, id));
				return MamoriCli.EXIT_OK;
			}
			JsonNode run = started;
			while ("RUNNING".equals(run.path("status").asString())) {
				Thread.sleep(POLL.toMillis());
				run = client.get("/api/drills/" + id);
			}
			if (!"PASSED".equals(run.path("status").asString())) {
				err().println("mamori: " + messages.get("drill.failed", this.app, text(run.path("reportNumber")),
						text(run.path("error"))));
				return MamoriCli.EXIT_FAILED;
			}
			out.println(messages.get("drill.passed", this.app, run.path("reportNumber").asString(),
					run.path("snapshotName").asString()));
			return MamoriCli.EXIT_OK;
		}

	}

	/** {@code remote snapshots --app A}. */
	@Command(name = "snapshots", mixinStandardHelpOptions = true, versionProvider = MamoriCli.Version.class,
			description = "List an app's snapshots on the server, newest first.")
	static class Snapshots extends RemoteTask {

		@Option(names = "--app", required = true, description = "The app id.")
		String app;

		@Override
		int run(RemoteClient client, RemoteMessages messages, PrintWriter out) {
			JsonNode snapshots = client.get("/api/apps/" + segment(this.app) + "/snapshots");
			if (snapshots.isEmpty()) {
				out.println(messages.get("snapshots.none", this.app));
				return MamoriCli.EXIT_OK;
			}
			out.printf("%-8s %-44s %-20s %-11s %10s%n", "ID", "ARCHIVE", "CREATED", "STATUS", "SIZE");
			for (JsonNode snapshot : snapshots) {
				String tags = snapshot.path("tags").isEmpty() ? ""
						: " [" + String.join(",", snapshot.path("tags").valueStream().map(JsonNode::asString).toList())
								+ "]";
				out.printf("%-8s %-44s %-20s %-11s %10s%s%n", snapshot.path("id").asString(),
						snapshot.path("name").asString(), time(snapshot.path("createdAt")),
						snapshot.path("status").asString(), DestinationCheck.human(snapshot.path("sizeBytes").asLong()),
						tags);
			}
			return MamoriCli.EXIT_OK;
		}

	}

	/** {@code remote restore --app A [--snapshot ID] [--source S]... [--yes] [--wait]}. */
	@Command(name = "restore", mixinStandardHelpOptions = true, versionProvider = MamoriCli.Version.class,
			description = { "Restore a snapshot on the server (needs an ADMIN token).",
					"Asks to type the app id unless --yes is given; default snapshot: the newest GOOD one." })
	static class Restore extends RemoteTask {

		@Option(names = "--app", required = true, description = "The app id.")
		String app;

		@Option(names = "--snapshot", paramLabel = "ID", description = "The snapshot id (see 'remote snapshots').")
		Long snapshot;

		@Option(names = "--source", paramLabel = "ID", description = "Restore only this source (repeatable).")
		List<String> sources = new ArrayList<>();

		@Option(names = "--yes", description = "Do not ask; restore at once.")
		boolean yes;

		@Option(names = "--wait", description = "Wait for the restore to end; exit 0 only when it SUCCEEDED.")
		boolean wait;

		@Override
		int run(RemoteClient client, RemoteMessages messages, PrintWriter out) throws InterruptedException, IOException {
			String role = client.get("/api/me").path("role").asString();
			if (!"ADMIN".equals(role)) {
				err().println("mamori: " + messages.get("restore.needsAdmin", role));
				return MamoriCli.EXIT_FAILED;
			}
			JsonNode chosen = choose(client, messages);
			if (!this.yes && !confirmed(chosen, messages, out)) {
				return MamoriCli.EXIT_FAILED;
			}
			Map<String, Object> body = new LinkedHashMap<>();
			body.put("snapshot", chosen.path("id").asLong());
			if (!this.sources.isEmpty()) {
				body.put("sources", this.sources);
			}
			body.put("confirm", this.app);
			JsonNode started = client.post("/api/apps/" + segment(this.app) + "/restores", body);
			String id = started.get("id").asString();
			if (!this.wait) {
				out.println(messages.get("restore.started", this.app, id));
				return MamoriCli.EXIT_OK;
			}
			JsonNode run = started;
			String lastStep = "";
			while ("RUNNING".equals(run.path("status").asString())) {
				Thread.sleep(POLL.toMillis());
				run = client.get("/api/restores/" + id);
				JsonNode steps = run.path("steps");
				String step = steps.isEmpty() ? "" : steps.get(steps.size() - 1).path("name").asString();
				if (MamoriCli.terminal() && !step.equals(lastStep)) {
					System.err.println("restore " + this.app + ": " + step);
					lastStep = step;
				}
			}
			String status = run.path("status").asString();
			if ("SUCCEEDED".equals(status)) {
				out.println(messages.get("restore.succeeded", this.app, id, run.path("snapshotName").asString()));
				return MamoriCli.EXIT_OK;
			}
			err().println("mamori: " + messages.get("restore.failed", this.app, id, status, text(run.path("error"))));
			return MamoriCli.EXIT_FAILED;
		}

		private JsonNode choose(RemoteClient client, RemoteMessages messages) {
			JsonNode snapshots = client.get("/api/apps/" + segment(this.app) + "/snapshots");
			for (JsonNode snapshot : snapshots) {
				boolean safety = snapshot.path("tags").valueStream().anyMatch((t) -> "pre-restore".equals(t.asString()));
				if ((this.snapshot != null) ? this.snapshot == snapshot.path("id").asLong()
						: "GOOD".equals(snapshot.path("status").asString()) && !safety) {
					return snapshot;
				}
			}
			throw new RemoteClient.RemoteException((this.snapshot != null)
					? messages.get("restore.noSuchSnapshot", this.app, String.valueOf(this.snapshot))
					: messages.get("restore.noGoodSnapshot", this.app));
		}

		private boolean confirmed(JsonNode chosen, RemoteMessages messages, PrintWriter out) throws IOException {
			if (!MamoriCli.terminal()) {
				err().println("mamori: " + messages.get("restore.noTerminal"));
				return false;
			}
			out.print(messages.get("restore.confirm", this.app, chosen.path("name").asString(),
					time(chosen.path("createdAt"))) + " ");
			out.flush();
			String typed = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
			if (typed == null || !typed.strip().equals(this.app)) {
				err().println("mamori: " + messages.get("restore.aborted"));
				return false;
			}
			return true;
		}

	}

	/** {@code remote status}: one line per app; exit 1 when something needs attention. */
	@Command(name = "status", mixinStandardHelpOptions = true, versionProvider = MamoriCli.Version.class,
			description = { "One line per app: backups and monitors.",
					"Exit 1 when something needs attention (a monitor DOWN, the last backup failed, no good snapshot)." })
	static class Status extends RemoteTask {

		@Option(names = "--app", paramLabel = "ID", description = "Only these apps (repeatable); default: all.")
		List<String> only = new ArrayList<>();

		@Override
		int run(RemoteClient client, RemoteMessages messages, PrintWriter out) {
			JsonNode apps = client.get("/api/apps");
			JsonNode monitors = client.get("/api/monitors");
			boolean attention = false;
			List<String> appIds = new ArrayList<>();
			for (JsonNode app : apps) {
				String id = app.path("id").asString();
				if (!this.only.isEmpty() && !this.only.contains(id)) {
					continue;
				}
				appIds.add(id);
				JsonNode detail = client.get("/api/apps/" + segment(id));
				List<String> problems = new ArrayList<>();
				JsonNode lastGood = app.path("lastGoodSnapshot");
				String backup = lastGood.isObject()
						? messages.get("status.lastGood", age(lastGood.path("createdAt")))
						: messages.get("status.noGood");
				if (!lastGood.isObject()) {
					problems.add(messages.get("status.noGood"));
				}
				if ("FAILED".equals(detail.path("lastRun").path("status").asString())) {
					problems.add(messages.get("status.lastFailed"));
				}
				int up = 0;
				for (JsonNode monitor : monitors) {
					if (id.equals(monitor.path("app").asString())) {
						if ("DOWN".equals(monitor.path("state").asString())) {
							problems.add(messages.get("status.monitorDown", monitor.path("name").asString()));
						}
						else if ("UP".equals(monitor.path("state").asString())) {
							up++;
						}
					}
				}
				attention |= !problems.isEmpty();
				out.println(String.format("%-12s %-9s %s; %s%s", id, problems.isEmpty() ? "OK" : "ATTENTION", backup,
						messages.get("status.monitorsUp", String.valueOf(up)),
						problems.isEmpty() ? "" : " - " + String.join(", ", problems)));
			}
			if (!this.only.isEmpty() && !appIds.containsAll(this.only)) {
				List<String> unknown = new ArrayList<>(this.only);
				unknown.removeAll(appIds);
				throw new RemoteClient.RemoteException(messages.get("status.unknownApp", String.join(", ", unknown)));
			}
			List<String> otherDown = new ArrayList<>();
			for (JsonNode monitor : (this.only.isEmpty() ? monitors : List.<JsonNode>of())) {
				if (!appIds.contains(monitor.path("app").asString()) && "DOWN".equals(monitor.path("state").asString())) {
					otherDown.add(monitor.path("name").asString());
				}
			}
			if (!otherDown.isEmpty()) {
				attention = true;
				out.println(String.format("%-12s %-9s %s", "-", "ATTENTION",
						messages.get("status.monitorDown", String.join(", ", otherDown))));
			}
			return attention ? MamoriCli.EXIT_FAILED : MamoriCli.EXIT_OK;
		}

		private static String age(JsonNode instant) {
			Duration age = Duration.between(Instant.parse(instant.asString()), Instant.now());
			if (age.toDays() > 0) {
				return age.toDays() + "d";
			}
			return (age.toHours() > 0) ? age.toHours() + "h" : Math.max(0, age.toMinutes()) + "m";
		}

	}

	static String segment(String app) {
		return java.net.URLEncoder.encode(app, StandardCharsets.UTF_8).replace("+", "%20");
	}

	private static String time(JsonNode instant) {
		return instant.isString() ? TIME.format(Instant.parse(instant.asString()).atZone(ZoneId.systemDefault())) : "";
	}

	private static String text(JsonNode node) {
		return (node == null || node.isNull() || node.isMissingNode()) ? "-" : node.asString();
	}

}
