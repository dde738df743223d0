package dev.mamori.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

import dev.mamori.core.Actor;
import dev.mamori.core.audit.AuditChain;
import dev.mamori.core.audit.AuditOutcome;
import dev.mamori.core.audit.AuditVerification;
import dev.mamori.selfstate.SelfStateBundle;
import dev.mamori.selfstate.StateBundles;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code restore-self} against hostile input, on the embedded H2 database a fresh install uses: a
 * bundle whose entry was changed, an audit log with a changed, removed or cut-off event (even when
 * the manifest's checksum was made to match) is refused before any database is opened; a database
 * that already holds state is refused and keeps its rows; a missing drive names the directory.
 */
@ExtendWith(OutputCaptureExtension.class)
class RestoreSelfCommandTests {

	private static final int EVENTS = 5;

	@TempDir
	Path temp;

	private Path drive;

	private Path dataDir;

	private Path config;

	@BeforeEach
	void freshInstall() throws Exception {
		this.drive = Files.createDirectories(this.temp.resolve("usb"));
		this.dataDir = this.temp.resolve("data");
		this.config = this.temp.resolve("mamori.yml");
		Files.writeString(this.config, "mamori:\n  data-dir: \"" + this.dataDir + "\"\n");
		StateBundles.write(this.drive, EVENTS);
	}

	@Test
	void restoresUsersTokensMonitorsAndAChainThatVerifiesIntoAnEmptyDatabase(CapturedOutput output) throws Exception {
		assertThat(restoreSelf()).as(output.toString()).isZero();

		assertThat(output.getOut()).contains("Checked " + this.drive.resolve(SelfStateBundle.FILE_NAME))
			.contains("written 2026-11-30T03:00:00.123456Z on old-pi")
			.contains("Restored into jdbc:h2:file:" + this.dataDir)
			.contains("2 user(s), 1 API token(s), 1 monitor(s) made in the UI, 5 audit event(s)")
			.contains("MAMORI_ADMIN_PASSWORD")
			.contains("mamori.admin-password");
		try (Connection db = database()) {
			assertThat(strings(db, "select username || ':' || role from user_account order by username"))
				.containsExactly("admin:ADMIN", "hanako:VIEWER");
			assertThat(strings(db, "select u.username || ':' || t.token_hash from api_token t join user_account u "
					+ "on u.id = t.user_id")).containsExactly("hanako:" + StateBundles.TOKEN_HASH);
			assertThat(strings(db, "select name || ':' || origin || ':' || state from monitor"))
				.containsExactly("site:API:PENDING");
			List<String> actions = strings(db, "select action from audit_event order by id");
			assertThat(actions).hasSize(EVENTS + 1).startsWith("EVENT_0").endsWith("SELF_RESTORED");
			AuditVerification chain = chain(db);
			assertThat(chain.ok()).as(String.valueOf(chain.reason())).isTrue();
			assertThat(chain.eventsChecked()).isEqualTo(EVENTS + 1);
		}
	}

	@Test
	void aChangedEntryIsRefusedBeforeAnyDatabaseIsOpened(CapturedOutput output) throws Exception {
		StateBundles.tamper(bundle(), "users.json", (text) -> text.replace("\"VIEWER\"", "\"ADMIN\""), false);

		assertThat(restoreSelf()).isEqualTo(1);

		assertThat(output.getErr()).contains("mamori: the state bundle " + bundle() + " is refused: checksum mismatch "
				+ "for users.json").contains("nothing was written");
		assertThat(this.dataDir).as("no database was even created").doesNotExist();
	}

	@Test
	void aChangedAuditEventIsRefusedEvenWithAMatchingChecksum(CapturedOutput output) throws Exception {
		StateBundles.tamper(bundle(), "audit.jsonl",
				(text) -> StateBundles.changeLine(text, 2, (line) -> line.replace("target-2", "someone-else")), true);

		assertThat(restoreSelf()).isEqualTo(1);

		assertThat(output.getErr()).contains("its audit log does not verify at event 3: content does not match its hash")
			.contains("nothing was written");
		assertThat(this.dataDir).doesNotExist();
	}

	@Test
	void aRemovedAuditEventIsRefused(CapturedOutput output) throws Exception {
		StateBundles.tamper(bundle(), "audit.jsonl", (text) -> StateBundles.changeLine(text, 1, null), true);

		assertThat(restoreSelf()).isEqualTo(1);

		assertThat(output.getErr()).contains("does not verify at event 2: previous hash does not match");
		assertThat(this.dataDir).doesNotExist();
	}

	@Test
	void eventsCutOffTheEndAreRefused(CapturedOutput output) throws Exception {
		StateBundles.tamper(bundle(), "audit.jsonl", (text) -> StateBundles.changeLine(text, EVENTS - 1, null), true);

		assertThat(restoreSelf()).isEqualTo(1);

		assertThat(output.getErr()).contains("the chain head does not name the last event");
		assertThat(this.dataDir).doesNotExist();
	}

	@Test
	void aBundleOfAnotherFormatIsRefused(CapturedOutput output) throws Exception {
		StateBundles.tamper(bundle(), "manifest.json", (text) -> text.replace("mamori-state/1", "mamori-state/2"), false);

		assertThat(restoreSelf()).isEqualTo(1);

		assertThat(output.getErr()).contains("format 'mamori-state/2' is not mamori-state/1");
		assertThat(this.dataDir).doesNotExist();
	}

	@Test
	void aDatabaseThatAlreadyHoldsStateIsRefusedAndKeepsItsRows(CapturedOutput output) throws Exception {
		assertThat(restoreSelf()).isZero();
		List<String> before;
		try (Connection db = database()) {
			before = snapshot(db);
		}

		assertThat(restoreSelf()).isEqualTo(1);

		assertThat(output.getErr()).contains("already holds 2 user(s), 1 API token(s), 1 monitor(s) made in the UI and "
				+ (EVENTS + 1) + " audit event(s)").contains("nothing was written").contains("jdbc:h2:file:" + this.dataDir);
		try (Connection db = database()) {
			assertThat(snapshot(db)).isEqualTo(before);
		}
	}

	@Test
	void aMissingDriveOrBundleIsAUsageErrorNamingIt(CapturedOutput output) throws Exception {
		Path unplugged = this.temp.resolve("unplugged");
		assertThat(MamoriCli.run("restore-self", "--dir", unplugged.toString(), "--config", this.config.toString()))
			.isEqualTo(2);
		assertThat(output.getErr()).contains("mamori: " + unplugged + " is not a directory (is the drive mounted?)");

		Path empty = Files.createDirectories(this.temp.resolve("empty"));
		assertThat(MamoriCli.run("restore-self", "--dir", empty.toString(), "--config", this.config.toString()))
			.isEqualTo(2);
		assertThat(output.getErr()).contains("mamori: no Mamori state bundle mamori-state.zip in " + empty);
		assertThat(this.dataDir).doesNotExist();
	}

	@Test
	void dryRunChecksTheBundleAndOpensNoDatabase(CapturedOutput output) {
		assertThat(MamoriCli.run("restore-self", "--dir", this.drive.toString(), "--config", this.config.toString(),
				"--dry-run")).isZero();
		assertThat(output.getOut()).contains("checksums and audit chain verified").contains("Dry run");
		assertThat(this.dataDir).doesNotExist();
	}

	@Test
	void messagesAreInJapaneseWhenAskedFor(CapturedOutput output) throws Exception {
		StateBundles.tamper(bundle(), "tokens.json", (text) -> text.replace("deploy", "deploy2"), false);
		assertThat(MamoriCli.run("restore-self", "--dir", this.drive.toString(), "--config", this.config.toString(),
				"--lang", "ja")).isEqualTo(1);
		assertThat(output.getErr()).contains("checksum mismatch for tokens.json").contains("何も書き込んでいません");

		Path unplugged = this.temp.resolve("unplugged");
		assertThat(MamoriCli.run("restore-self", "--dir", unplugged.toString(), "--lang", "ja")).isEqualTo(2);
		assertThat(output.getErr()).contains(unplugged + " はディレクトリではありません");
	}

	private int restoreSelf() {
		return MamoriCli.run("restore-self", "--dir", this.drive.toString(), "--config", this.config.toString());
	}

	private Path bundle() {
		return this.drive.resolve(SelfStateBundle.FILE_NAME);
	}

	private Connection database() throws SQLException {
		return DriverManager.getConnection("jdbc:h2:file:" + this.dataDir.resolve("mamori")
				+ ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH", "sa", "");
	}

	private static List<String> snapshot(Connection db) throws SQLException {
		List<String> rows = new ArrayList<>();
		rows.addAll(strings(db, "select username || password_hash from user_account order by id"));
		rows.addAll(strings(db, "select token_hash from api_token order by id"));
		rows.addAll(strings(db, "select name from monitor order by id"));
		rows.addAll(strings(db, "select hash from audit_event order by id"));
		rows.addAll(strings(db, "select last_hash from audit_chain_head"));
		return rows;
	}

	static List<String> strings(Connection db, String sql) throws SQLException {
		List<String> values = new ArrayList<>();
		try (Statement statement = db.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
			while (rs.next()) {
				values.add(rs.getString(1));
			}
		}
		return values;
	}

	/** The chain in the database, checked as the server's audit verification does. */
	static AuditVerification chain(Connection db) throws SQLException {
		List<AuditChain.Link> links = new ArrayList<>();
		try (Statement statement = db.createStatement();
				ResultSet rs = statement.executeQuery("select occurred_at, actor_type, actor, action, target, outcome, "
						+ "remote_address, details, prev_hash, hash from audit_event order by id")) {
			while (rs.next()) {
				links.add(new AuditChain.Link(rs.getObject(1, OffsetDateTime.class).toInstant(),
						Actor.Type.valueOf(rs.getString(2)), rs.getString(3), rs.getString(4), rs.getString(5),
						AuditOutcome.valueOf(rs.getString(6)), rs.getString(7), rs.getString(8), rs.getString(9),
						rs.getString(10)));
			}
		}
		String head = strings(db, "select last_hash from audit_chain_head").get(0);
		return AuditChain.verify(links, head);
	}

}
