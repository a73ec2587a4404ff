package org.releasewatch.delivery;

import org.junit.jupiter.api.RepeatedTest;
import org.releasewatch.testing.Fast;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Instances sharing a data directory race to create {@code secrets.key}: each must read the one key that won,
 * never an empty or half-written file, and the file is owner-only from its first byte.
 */
@Fast
class SecretKeyFileRaceTest {

    @RepeatedTest(5)
    void racingCreatorsAllReadTheSameCompleteKey() throws Exception {
        Path dir = Files.createTempDirectory("keyrace");
        Path file = dir.resolve(SecretBox.KEY_FILE);
        int n = 8;
        ExecutorService pool = Executors.newFixedThreadPool(n);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<String>> keys = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                keys.add(pool.submit(() -> {
                    start.await();
                    return SecretBox.keyFile(file);
                }));
            }
            start.countDown();
            Set<String> seen = new HashSet<>();
            for (Future<String> k : keys) {
                seen.add(k.get());
            }
            assertThat(seen).as("every creator reads the one key").hasSize(1);
            assertThat(seen.iterator().next()).startsWith("whsec_").hasSizeGreaterThan(40);
            assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
            try (var left = Files.list(dir)) {
                assertThat(left.map(p -> p.getFileName().toString()).toList()).as("no temp files left").containsExactly(SecretBox.KEY_FILE);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
