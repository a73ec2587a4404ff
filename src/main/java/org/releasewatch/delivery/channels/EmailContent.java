package org.releasewatch.delivery.channels;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One email as the {@link EmailRenderer} writes it: the subject with its severity prefix, the plain-text and the
 * HTML body of the same content, and the {@code Message-ID} derived from the alert id(s), so that a resend of the
 * same alert carries the same id and mail clients and archives recognise it. {@code inReplyTo} is the Message-ID
 * of the thread's first mail for an update or a cancel (null otherwise): the sender sets {@code In-Reply-To} and
 * {@code References} to it so mail clients show the thread.
 */
public record EmailContent(String subject, String text, String html, String messageId,
                           @JsonInclude(JsonInclude.Include.NON_NULL) String inReplyTo) {

    public EmailContent(String subject, String text, String html, String messageId) {
        this(subject, text, html, messageId, null);
    }
}
