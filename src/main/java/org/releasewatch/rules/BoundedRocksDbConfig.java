package org.releasewatch.rules;

import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Cache;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.TablePropertiesCollectorFactory;
import org.rocksdb.WriteBufferManager;

import java.util.List;
import java.util.Map;

/**
 * Bounds the off-heap memory of every RocksDB store of this instance together: one 64 MiB LRU block
 * cache shared by all stores, index and filter blocks inside it, and memtables counted against it
 * (at most 32 MiB). Memory stays flat however many stores and segments there are. The rules' stores hold
 * 88 MiB on disk after {@code bench/run}'s million events, most of it expired windows a read never touches;
 * what a read misses comes from the file system's cache, which is not the process's memory.
 * <p>
 * The memtable share was 8 MiB at first; with ~70 segment instances (windowed stores × segments ×
 * partitions) sharing it, every few hundred records forced a flush, which {@code bench/run}'s profile
 * showed as the pipeline's main cost.
 */
public class BoundedRocksDbConfig implements RocksDBConfigSetter {

    static final long TOTAL_OFF_HEAP_BYTES = 64L * 1024 * 1024;
    static final long TOTAL_MEMTABLE_BYTES = 32L * 1024 * 1024;
    private static final double INDEX_FILTER_BLOCK_RATIO = 0.1;

    private static final Cache CACHE = new LRUCache(TOTAL_OFF_HEAP_BYTES, -1, false, INDEX_FILTER_BLOCK_RATIO);
    private static final WriteBufferManager WRITE_BUFFERS = new WriteBufferManager(TOTAL_MEMTABLE_BYTES, CACHE);
    /**
     * Marks a file for compaction when half of any 1 024 consecutive entries in it are deletes. The purge deletes
     * expired keys in runs (a backfill's month at once); until a compaction drops those tombstones, every iterator
     * that crosses them steps over each one.
     */
    static final int DELETES_WINDOW = 1024;
    private static final TablePropertiesCollectorFactory COMPACT_ON_DELETES =
            TablePropertiesCollectorFactory.NewCompactOnDeletionCollectorFactory(DELETES_WINDOW, DELETES_WINDOW / 2, 0.5);

    @Override
    public void setConfig(String storeName, Options options, Map<String, Object> configs) {
        BlockBasedTableConfig table = (BlockBasedTableConfig) options.tableFormatConfig();
        table.setBlockCache(CACHE);
        table.setCacheIndexAndFilterBlocks(true);
        table.setCacheIndexAndFilterBlocksWithHighPriority(true);
        table.setPinTopLevelIndexAndFilter(true);
        options.setWriteBufferManager(WRITE_BUFFERS);
        options.setMaxWriteBufferNumber(2);
        options.setWriteBufferSize(2L * 1024 * 1024);
        options.setTableFormatConfig(table);
        options.setTablePropertiesCollectorFactory(List.of(COMPACT_ON_DELETES));
    }

    @Override
    public void close(String storeName, Options options) {
        // the cache and write buffer manager are shared by all stores: never closed here
    }
}
