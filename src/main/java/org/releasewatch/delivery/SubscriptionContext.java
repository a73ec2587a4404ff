package org.releasewatch.delivery;

import java.util.Map;
import java.util.function.Consumer;

/**
 * What a subscription's worker gets beyond its settings: the {@link DeliveryHold} asked before each alert, the
 * {@link AttemptsLog} it writes, where a new consumer group starts ({@code startOffsets} by partition, null: the
 * beginning), whether it is disabled (null: active), and how it asks for its own disabling.
 */
record SubscriptionContext(DeliveryHold hold, AttemptsLog log, Map<Integer, Long> startOffsets, String disabledReason,
                           Consumer<String> disable) {

    static SubscriptionContext standalone() {
        return new SubscriptionContext(new NoDeliveryHold(), new AttemptsLog(), null, null, reason -> { });
    }
}
