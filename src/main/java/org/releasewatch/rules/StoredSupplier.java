package org.releasewatch.rules;

import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.state.StoreBuilder;

import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * A processor's supplier that declares the state stores the processor reads and writes
 * ({@link org.apache.kafka.streams.processor.ConnectedStoreProvider#stores()}): Kafka Streams adds and connects them
 * when the processor is added, so a processor's stores are listed once, next to the processor.
 */
final class StoredSupplier<KIn, VIn, KOut, VOut> implements ProcessorSupplier<KIn, VIn, KOut, VOut> {

    private final Supplier<Processor<KIn, VIn, KOut, VOut>> processor;
    private final Set<StoreBuilder<?>> stores;

    private StoredSupplier(Supplier<Processor<KIn, VIn, KOut, VOut>> processor, Set<StoreBuilder<?>> stores) {
        this.processor = processor;
        this.stores = stores;
    }

    /** {@code processor}, a new instance per task, with {@code stores}. */
    static <KIn, VIn, KOut, VOut> StoredSupplier<KIn, VIn, KOut, VOut> of(Supplier<Processor<KIn, VIn, KOut, VOut>> processor,
                                                                          List<StoreBuilder<?>> stores) {
        return new StoredSupplier<>(processor, Set.copyOf(stores));
    }

    @Override
    public Processor<KIn, VIn, KOut, VOut> get() {
        return processor.get();
    }

    @Override
    public Set<StoreBuilder<?>> stores() {
        return stores;
    }
}
