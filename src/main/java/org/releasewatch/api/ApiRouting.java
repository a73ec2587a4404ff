package org.releasewatch.api;

import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.state.HostInfo;
import org.releasewatch.api.access.AccessPolicy;
import org.releasewatch.api.access.PeerProof;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Where a query's data lives when several instances share the application id: the instance that holds
 * a key's partition ({@code application.server} + Kafka Streams metadata), or all of them for queries
 * over every key. Other instances are asked with {@code local=true}, so they answer from their own
 * stores without asking further.
 *
 * <p>Instances ask each other with {@code releasewatch.api.peer-token}, never with a caller's token, and an
 * answer is used only when it carries the {@link PeerProof} for the nonce sent with the question: any client
 * of the Kafka group can advertise an address, and a host that does not hold the peer token must not have its
 * answer merged into API results. Without a peer token this instance asks nobody.
 */
@Singleton
public class ApiRouting {

    private final KafkaStreams streams;
    private final HostInfo self;
    private final String peerToken;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    public ApiRouting(KafkaStreams streams, @Value("${releasewatch.api.advertised-host:localhost}") String host,
                      @Value("${micronaut.server.port:8080}") int port, @Nullable @Value("${" + AccessPolicy.PEER_TOKEN + "}") String peerToken) {
        this.streams = streams;
        this.self = new HostInfo(host, port);
        this.peerToken = peerToken == null || peerToken.isBlank() ? null : peerToken;
    }

    /** The instance holding {@code key} of {@code store}, or empty while partitions are being (re)assigned. */
    public Optional<HostInfo> ownerOf(String store, String key) {
        KeyQueryMetadata metadata = streams.queryMetadataForKey(store, key, Serdes.String().serializer());
        return metadata == null || metadata.equals(KeyQueryMetadata.NOT_AVAILABLE)
                ? Optional.empty() : Optional.of(metadata.activeHost());
    }

    public boolean isSelf(HostInfo host) {
        return self.equals(host);
    }

    /** Every other instance of this application. */
    public List<HostInfo> others() {
        return streams.metadataForAllStreamsClients().stream().map(m -> m.hostInfo())
                .filter(h -> !h.equals(self)).distinct().toList();
    }

    /** GET {@code pathAndQuery} (which carries {@code local=true}) on another instance; the JSON body. */
    public String ask(HostInfo host, String pathAndQuery) {
        return askIfFound(host, pathAndQuery)
                .orElseThrow(() -> new InstanceUnavailable(host + " answered 404 to " + pathAndQuery));
    }

    /** As {@link #ask}, empty when the other instance answers 404 (it does not hold it). */
    public Optional<String> askIfFound(HostInfo host, String pathAndQuery) {
        if (peerToken == null) {
            throw new InstanceUnavailable(host + " holds part of the answer, but " + AccessPolicy.PEER_TOKEN
                    + " is not set, so instances cannot ask each other");
        }
        String nonce = PeerProof.nonce();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://" + host.host() + ":" + host.port() + pathAndQuery))
                .timeout(Duration.ofSeconds(5))
                .header("Authorization", "Bearer " + peerToken)
                .header(PeerProof.NONCE_HEADER, nonce)
                .build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (!PeerProof.verify(peerToken, nonce, response.headers().firstValue(PeerProof.PROOF_HEADER).orElse(null))) {
                throw new InstanceUnavailable(host + " answered " + response.statusCode() + " without proof that it holds "
                        + AccessPolicy.PEER_TOKEN + "; its answer is not used");
            }
            if (response.statusCode() == 404) {
                return Optional.empty();
            }
            if (response.statusCode() != 200) {
                throw new InstanceUnavailable(host + " answered " + response.statusCode());
            }
            return Optional.of(response.body());
        } catch (IOException e) {
            throw new InstanceUnavailable(host + " is unreachable: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InstanceUnavailable("interrupted");
        }
    }

    /** Another instance that holds part of the answer could not be asked. */
    public static final class InstanceUnavailable extends RuntimeException {
        public InstanceUnavailable(String message) {
            super(message);
        }
    }
}
