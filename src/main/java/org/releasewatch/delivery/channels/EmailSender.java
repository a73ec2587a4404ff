package org.releasewatch.delivery.channels;

import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.releasewatch.model.Alert;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;

/**
 * Sends the {@code email} channel through the SMTP relay of {@link EmailSettings} with Jakarta Mail (Eclipse
 * Angus): one {@code multipart/alternative} message (text/plain, then text/html, both UTF-8) to the
 * subscription's {@code to} addresses, {@code Message-ID} from the alert id, {@code Auto-Submitted:
 * auto-generated} (RFC 3834: auto-responders stay quiet). With {@code starttls} (the default) the conversation is
 * upgraded to TLS before AUTH or any content, and a relay that does not offer STARTTLS gets nothing.
 */
public final class EmailSender implements ChannelSender {

    private final EmailSettings settings;
    private final AlertLinks links;
    private final Clock clock;
    private final Session session;

    public EmailSender(EmailSettings settings, AlertLinks links, Clock clock) {
        this.settings = settings;
        this.links = links;
        this.clock = clock;
        Properties props = new Properties();
        props.put("mail.smtp.host", settings.host() == null ? "localhost" : settings.host());
        props.put("mail.smtp.port", String.valueOf(settings.port()));
        props.put("mail.smtp.auth", String.valueOf(settings.username() != null && !settings.username().isBlank()));
        props.put("mail.smtp.starttls.enable", String.valueOf(settings.starttls()));
        props.put("mail.smtp.starttls.required", String.valueOf(settings.starttls()));
        props.put("mail.smtp.ssl.checkserveridentity", "true");
        String millis = String.valueOf(settings.timeout().toMillis());
        props.put("mail.smtp.connectiontimeout", millis);
        props.put("mail.smtp.timeout", millis);
        props.put("mail.smtp.writetimeout", millis);
        this.session = Session.getInstance(props);
    }

    @Override
    public Delivery send(List<Alert> alerts, ChannelTarget target) {
        if (!settings.configured()) {
            return new Delivery.Failed(settings.missing(), false);
        }
        Rendered<EmailContent> rendered = new EmailRenderer(links).render(alerts, target);
        try {
            MimeMessage message = message(rendered.message(), target);
            try (Transport transport = session.getTransport("smtp")) {
                transport.connect(settings.host(), settings.port(), blankToNull(settings.username()), settings.password());
                transport.sendMessage(message, message.getAllRecipients());
            }
            return new Delivery.Accepted(rendered.alertIds());
        } catch (AuthenticationFailedException e) {
            return new Delivery.Failed("SMTP authentication failed for " + settings.username() + " at " + settings.host(), false);
        } catch (SMTPSendFailedException e) {
            String reason = "SMTP " + e.getReturnCode() + ": " + Text.fit(Text.line(e.getMessage()), 200);
            return e.getReturnCode() / 100 == 4 ? new Delivery.RetryLater(Optional.empty(), reason) : new Delivery.Failed(reason, false);
        } catch (SendFailedException e) {
            return new Delivery.Failed("recipient(s) refused: " + Text.fit(Text.line(e.getMessage()), 200), false);
        } catch (MessagingException e) {
            String text = Text.line(e.getMessage());
            if (text.toLowerCase(Locale.ROOT).contains("starttls")) {
                return new Delivery.Failed(settings.host() + " does not offer STARTTLS, and releasewatch.email.smtp.starttls"
                        + " requires it: nothing was sent", false);
            }
            return new Delivery.RetryLater(Optional.empty(), "SMTP " + settings.host() + ":" + settings.port() + ": "
                    + Text.fit(text + cause(e), 200));
        }
    }

    private MimeMessage message(EmailContent email, ChannelTarget target) throws MessagingException {
        MimeMessage message = new MimeMessage(session) {
            @Override
            protected void updateMessageID() throws MessagingException {
                setHeader("Message-ID", email.messageId()); // the alert's own, so a resend is recognisable
            }
        };
        message.setFrom(new InternetAddress(settings.from()));
        for (String to : target.to()) {
            message.addRecipient(Message.RecipientType.TO, new InternetAddress(to));
        }
        message.setSubject(email.subject(), StandardCharsets.UTF_8.name());
        message.setSentDate(Date.from(clock.instant()));
        message.setHeader("Auto-Submitted", "auto-generated");
        if (email.inReplyTo() != null) { // an update or a cancel: threaded under the thread's first mail
            message.setHeader("In-Reply-To", email.inReplyTo());
            message.setHeader("References", email.inReplyTo());
        }
        MimeMultipart alternative = new MimeMultipart("alternative");
        MimeBodyPart text = new MimeBodyPart();
        text.setText(email.text(), StandardCharsets.UTF_8.name(), "plain");
        MimeBodyPart html = new MimeBodyPart();
        html.setText(email.html(), StandardCharsets.UTF_8.name(), "html");
        alternative.addBodyPart(text); // least preferred first (RFC 2046 §5.1.4)
        alternative.addBodyPart(html);
        message.setContent(alternative);
        message.saveChanges();
        return message;
    }

    private static String cause(Exception e) {
        Throwable c = e.getCause();
        return c instanceof IOException && c.getMessage() != null ? " (" + c.getMessage() + ")" : "";
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
