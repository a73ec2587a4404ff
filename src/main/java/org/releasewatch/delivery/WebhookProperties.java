package org.releasewatch.delivery;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

import java.time.Duration;

/**
 * The scalar webhook settings ({@code releasewatch.webhooks.*}); the retries are {@link WebhookRetryProperties},
 * the subscriptions {@link SubscriptionEntry}. Each default is written here and nowhere else.
 *
 * @param timeout              per attempt
 * @param rotationOverlap      how long the previous secret still signs after a rotation
 * @param disableAfter         how long every attempt may fail before the subscription is disabled
 * @param allowPrivateNetworks also loopback, private and metadata addresses (see {@link TargetPolicy})
 * @param allowHttp            also {@code http://} URLs (alerts and signatures in clear text)
 * @param allowLinkLocal       also link-local addresses (169.254/16, fe80::/10)
 */
@ConfigurationProperties(WebhookSettings.PREFIX)
public record WebhookProperties(
        @Bindable(defaultValue = "15s") Duration timeout,
        @Bindable(defaultValue = "24h") Duration rotationOverlap,
        @Bindable(defaultValue = "3d") Duration disableAfter,
        @Bindable(defaultValue = "false") boolean allowPrivateNetworks,
        @Bindable(defaultValue = "false") boolean allowHttp,
        @Bindable(defaultValue = "false") boolean allowLinkLocal) {

    /** Where webhooks may go. */
    public TargetPolicy targets() {
        return new TargetPolicy(allowPrivateNetworks, allowHttp, allowLinkLocal);
    }
}
