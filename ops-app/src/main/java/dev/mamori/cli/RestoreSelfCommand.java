package dev.mamori.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import dev.mamori.core.Actor;
import dev.mamori.selfstate.SelfStateBundle;
import dev.mamori.selfstate.SelfStateException;
import dev.mamori.selfstate.SelfStateRestore;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code restore-self --dir D}: brings Mamori's own state back from the bundle a backup run left on
 * the drive ({@value SelfStateBundle#FILE_NAME}) into the database the configuration names (the
 * embedded H2 under {@code mamori.data-dir} by default, or PostgreSQL): users with their password
 * hashes, API tokens, monitors made in the UI and the audit log. The bundle is checked completely
 * (checksums, records, audit chain) before the database is opened; everything is written in one
 * transaction, and only into a fresh install's empty database. Spring is reached only through
 * {@link CliContext}, so {@code --help} and the other commands without a database never load it.
 */
@Command(name = "restore-self", mixinStandardHelpOptions = true,
		description = { "Bring Mamori's own users, API tokens, UI-made monitors and audit log back from the drive "
				+ "into a fresh install's empty database.",
				"Run it before the first start of the new server (stop Mamori first). Exit 0 restored, 1 refused or "
						+ "failed (nothing written), 2 usage error." })
class RestoreSelfCommand implements Callable<Integer> {

	private static final String MESSAGES = "dev.mamori.cli.restore-self";

	@Option(names = "--dir", required = true,
			description = "Directory holding the archives and " + SelfStateBundle.FILE_NAME + ", e.g. the USB drive.")
	Path dir;

	@Option(names = "--config", description = "The new install's mamori.yml (which names the database), instead of "
			+ "./mamori.yml and /etc/mamori/mamori.yml.")
	Path config;

	@Option(names = "--dry-run", description = "Check the bundle and print what it holds; open no database.")
	boolean dryRun;

	@Option(names = "--lang", paramLabel = "en|ja", description = "Language of the messages (default: from LANG).")
	String lang;

	@CommandLine.Spec
	CommandLine.Model.CommandSpec spec;

	@Override
	public Integer call() {
		// MamoriCli.run writes UTF-8 when the JVM fell back to ASCII, so Japanese is never question marks.
		RemoteMessages messages = RemoteMessages.of(MESSAGES, this.lang, System.getenv());
		PrintWriter out = this.spec.commandLine().getOut();
		PrintWriter err = this.spec.commandLine().getErr();
		try {
			return run(messages, out, err);
		}
		finally {
			out.flush();
			err.flush();
		}
	}

	private int run(RemoteMessages messages, PrintWriter out, PrintWriter err) {
		if (!Files.isDirectory(this.dir)) {
			err.println("mamori: " + messages.get("error.noDir", this.dir));
			return MamoriCli.EXIT_USAGE;
		}
		if (this.config != null && !Files.isRegularFile(this.config)) {
			err.println("mamori: " + messages.get("error.noConfig", this.config));
			return MamoriCli.EXIT_USAGE;
		}
		Path file = this.dir.resolve(SelfStateBundle.FILE_NAME);
		if (!Files.exists(file)) {
			err.println("mamori: " + messages.get("error.noBundle", this.dir, SelfStateBundle.FILE_NAME));
			return MamoriCli.EXIT_USAGE;
		}
		SelfStateBundle bundle;
		try {
			// Everything is checked before any database is opened.
			bundle = SelfStateBundle.read(file);
		}
		catch (SelfStateException ex) {
			err.println("mamori: " + messages.get("error.invalid", ex.getMessage()));
			return MamoriCli.EXIT_FAILED;
		}
		SelfStateBundle.Manifest manifest = bundle.manifest();
		out.println(messages.get("checked", file, manifest.createdAt(), manifest.host(), manifest.mamoriVersion(),
				manifest.app(), manifest.snapshot(), bundle.users().size(), bundle.tokens().size(),
				bundle.monitors().size(), manifest.counts().auditEvents()));
		if (this.dryRun) {
			out.println(messages.get("dryRun"));
			printConfiguration(messages, out, bundle);
			return MamoriCli.EXIT_OK;
		}
		CliContext.SelfRestored result = CliContext.restoreSelf(this.config, MamoriCli.debug(), bundle,
				new Actor(Actor.Type.SYSTEM, "cli", null));
		if (result.refused() != null) {
			String key = (result.refused().kind() == SelfStateException.Kind.NOT_EMPTY) ? "error.notEmpty"
					: "error.invalid";
			err.println("mamori: " + messages.get(key, result.refused().getMessage(), result.database()));
			return MamoriCli.EXIT_FAILED;
		}
		SelfStateRestore.Restored restored = result.restored();
		out.println(messages.get("restored", result.database(), restored.users(), restored.tokens(),
				restored.monitors(), restored.auditEvents(), restored.auditHeadHash().substring(0, 12)));
		printConfiguration(messages, out, bundle);
		return MamoriCli.EXIT_OK;
	}

	private void printConfiguration(RemoteMessages messages, PrintWriter out, SelfStateBundle bundle) {
		for (SelfStateBundle.ConfigInfo config : bundle.manifest().config()) {
			out.println(messages.get("config", config.entry(), config.source(), bundle.file()));
			if (!config.redactedKeys().isEmpty()) {
				out.println(messages.get("redacted", String.join(", ", config.redactedKeys())));
			}
		}
		if (!bundle.manifest().environment().isEmpty()) {
			out.println(messages.get("environment", String.join(" ", bundle.manifest().environment())));
		}
	}

}
