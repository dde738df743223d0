package dev.mamori.support;

import java.util.Arrays;
import java.util.List;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;

/**
 * A real SMTP server (GreenMail) on a free port, started before the Spring context so its port can
 * go into {@code spring.mail.port}.
 */
public final class Mailbox {

	private final GreenMail greenMail = new GreenMail(ServerSetupTest.SMTP.dynamicPort());

	public Mailbox() {
		this.greenMail.start();
	}

	/**
	 * Adds an SMTP login, for configurations with {@code spring.mail.username} and password.
	 * @param login the user name
	 * @param password its password
	 * @return this mailbox
	 */
	public Mailbox withLogin(String login, String password) {
		this.greenMail.setUser(login + "@example.test", login, password);
		return this;
	}

	public int port() {
		return this.greenMail.getSmtp().getPort();
	}

	/**
	 * @param subjectPrefix the start of the subject
	 * @return delivered copies (one per recipient) whose subject starts so
	 */
	public List<MimeMessage> withSubject(String subjectPrefix) {
		return Arrays.stream(this.greenMail.getReceivedMessages()).filter((m) -> {
			try {
				return m.getSubject() != null && m.getSubject().startsWith(subjectPrefix);
			}
			catch (MessagingException ex) {
				return false;
			}
		}).toList();
	}

	/**
	 * @param message a message
	 * @return its To addresses
	 */
	public static List<String> to(MimeMessage message) {
		try {
			Address[] to = message.getRecipients(jakarta.mail.Message.RecipientType.TO);
			return Arrays.stream(to).map(Address::toString).toList();
		}
		catch (MessagingException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * @param message a message
	 * @return its text
	 */
	public static String body(MimeMessage message) {
		try {
			return message.getContent().toString();
		}
		catch (MessagingException | java.io.IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	public void stop() {
		this.greenMail.stop();
	}

}
