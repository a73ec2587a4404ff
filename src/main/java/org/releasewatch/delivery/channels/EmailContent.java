package org.releasewatch.delivery.channels;

/**
 * One email as the {@link EmailRenderer} writes it: the subject with its severity prefix, the plain-text and the
 * HTML body of the same content, and the {@code Message-ID} derived from the alert id(s), so that a resend of the
 * same alert carries the same id and mail clients and archives recognise it.
 */
public record EmailContent(String subject, String text, String html, String messageId) {
}
