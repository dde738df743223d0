package dev.mamori.monitor.alert;

import java.nio.charset.StandardCharsets;

import jakarta.mail.internet.MimeMessage;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.MimeMessageHelper;
import org.springframework.stereotype.Component;

/**
 * Email through Spring Mail ({@code spring.mail.*}): one message to every recipient.
 */
@Component
class MailChannel implements Channel {

	private final ObjectProvider<JavaMailSender> sender;

	private final NotificationProperties.Email email;

	MailChannel(ObjectProvider<JavaMailSender> sender, NotificationProperties properties) {
		this.sender = sender;
		this.email = properties.email();
	}

	@Override
	public String channel() {
		return "EMAIL";
	}

	@Override
	public boolean enabled() {
		return !this.email.to().isEmpty() && this.sender.getIfAvailable() != null;
	}

	@Override
	public String recipients() {
		return String.join(", ", this.email.to());
	}

	@Override
	public void send(Alert alert, AlertText text) throws Exception {
		JavaMailSender mail = this.sender.getObject();
		MimeMessage message = mail.createMimeMessage();
		MimeMessageHelper helper = new MimeMessageHelper(message, false, StandardCharsets.UTF_8.name());
		helper.setFrom(this.email.from());
		helper.setTo(this.email.to().toArray(String[]::new));
		helper.setSubject(text.subject());
		helper.setText(text.body());
		mail.send(message);
	}

}
