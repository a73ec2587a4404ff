package org.releasewatch.deploy;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.AnnotatedMember;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.env.PropertySource;
import io.micronaut.context.env.yaml.YamlPropertySourceLoader;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import io.strimzi.api.kafka.model.user.KafkaUser;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.releasewatch.broker.TopicProvisioner;
import org.releasewatch.config.TopicsConfig;
import org.releasewatch.delivery.WebhookSettings;
import org.releasewatch.testing.ConfigContext;
import org.releasewatch.testing.ConfigDefaults;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Checks the deployment files by reading them, since no Docker engine or Kubernetes runs here: the
 * Dockerfile, every YAML file under deploy/ and the Grafana board.
 * <ul>
 *   <li>Kubernetes documents are read into the fabric8 model classes, Strimzi documents into the Strimzi
 *       {@code io.strimzi:api} classes; a kind the models do not know, a field they do not have (they keep
 *       unknown fields aside instead of failing, so every object is walked for them) or a value of the wrong
 *       type is reported.</li>
 *   <li>What the files say is checked against the service: topic names and configurations
 *       ({@code application.yml}, {@link TopicProvisioner}), configuration keys (application.yml, the
 *       {@code @ConfigurationProperties} records, the keys the sources read), Kafka client settings
 *       (Kafka's own config definitions), webhook subscriptions ({@link WebhookSettings}), the consumer groups
 *       and transactional ids the sources use (ACLs).</li>
 * </ul>
 * Every check returns problems for a set of files held in memory, so {@link #brokenFilesAreReported} can show
 * that each kind of mistake is caught.
 */
class DeployFilesTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private static final KubernetesSerialization K8S = new KubernetesSerialization(
            new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES), true);
    private static final String STRIMZI_API = "kafka.strimzi.io/v1beta2";
    private static final Map<String, Class<? extends KubernetesResource>> STRIMZI_KINDS = Map.of(
            "Kafka", Kafka.class, "KafkaNodePool", KafkaNodePool.class,
            "KafkaTopic", KafkaTopic.class, "KafkaUser", KafkaUser.class);

    /** Every setting a Kafka client of this service accepts (what {@code kafka.*} may hold). */
    private static final Set<String> KAFKA_CLIENT_CONFIGS = Stream.of(
                    ProducerConfig.configNames(), ConsumerConfig.configNames(), AdminClientConfig.configNames(),
                    StreamsConfig.configDef().names())
            .flatMap(Collection::stream).collect(Collectors.toUnmodifiableSet());
    /** Keys under kafka.* that micronaut-kafka keeps for itself (KafkaClients drops them). */
    private static final List<String> MICRONAUT_KAFKA_KEYS = List.of("health.", "consumers.", "producers.", "streams.", "embedded.");

    private static final Set<String> COMPOSE_TOP_LEVEL = Set.of("name", "services", "volumes", "networks", "configs", "secrets", "include");
    private static final Set<String> COMPOSE_SERVICE_KEYS = Set.of("build", "image", "command", "entrypoint", "environment",
            "env_file", "ports", "expose", "volumes", "depends_on", "healthcheck", "restart", "hostname", "container_name",
            "networks", "labels", "user", "working_dir", "deploy", "profiles", "configs", "secrets", "logging", "ulimits",
            "stop_grace_period", "stop_signal", "mem_limit", "cpus", "tmpfs", "read_only", "init", "extra_hosts",
            "pull_policy", "platform", "cap_drop", "cap_add", "security_opt");
    private static final Set<String> COMPOSE_HEALTHCHECK_KEYS = Set.of("test", "interval", "timeout", "start_period",
            "start_interval", "retries", "disable");
    private static final Set<String> PROMETHEUS_TOP_LEVEL = Set.of("global", "scrape_configs", "rule_files", "alerting",
            "remote_write", "remote_read", "storage", "tracing", "scrape_config_files", "otlp", "runtime");
    private static final Set<String> KAFKA_IMAGE_REQUIRED_ENV = Set.of("KAFKA_NODE_ID", "KAFKA_PROCESS_ROLES",
            "KAFKA_LISTENERS", "KAFKA_ADVERTISED_LISTENERS", "KAFKA_CONTROLLER_LISTENER_NAMES",
            "KAFKA_CONTROLLER_QUORUM_VOTERS", "KAFKA_LISTENER_SECURITY_PROTOCOL_MAP",
            "KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR", "KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR",
            "KAFKA_TRANSACTION_STATE_LOG_MIN_ISR", "KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS");
    /** Environment variables read by the JVM itself rather than by Micronaut. */
    private static final Set<String> JVM_ENV = Set.of("JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS", "TZ");

    // ---------------------------------------------------------------------------------------------------
    // the tests

    @Test
    void everyYamlFileUnderDeployIsParsedAndChecked() {
        Deploy deploy = Deploy.fromDisk();
        assertThat(deploy.yamlFiles()).as("YAML files under deploy/").hasSizeGreaterThanOrEqualTo(10);
        assertThat(deploy.classifyAll()).isEmpty();
    }

    @Test
    void kubernetesDocumentsMatchTheFabric8AndStrimziModels() {
        Deploy deploy = Deploy.fromDisk();
        assertThat(deploy.k8sDocs()).extracting(d -> d.path("kind").asText())
                .contains("Kafka", "KafkaNodePool", "KafkaTopic", "KafkaUser", "ConfigMap", "Secret", "Service",
                        "StatefulSet", "PodDisruptionBudget");
        assertThat(deploy.checkKubernetesSchemas()).isEmpty();
    }

    @Test
    void strimziClusterTopicsAndUserFitTheService() {
        assertThat(Deploy.fromDisk().checkStrimzi()).isEmpty();
    }

    @Test
    void releasewatchStatefulSetIsWiredToKafkaItsConfigAndItsStorage() {
        assertThat(Deploy.fromDisk().checkStatefulSet()).isEmpty();
    }

    @Test
    void composeFileRunsKafkaTwoInstancesPrometheusGrafanaAndAWebhookReceiver() {
        assertThat(Deploy.fromDisk().checkCompose()).isEmpty();
    }

    @Test
    void prometheusAndGrafanaFilesAreConsistent() {
        assertThat(Deploy.fromDisk().checkPrometheusAndGrafana()).isEmpty();
    }

    @Test
    void dockerfileBuildsInTwoStagesAndRunsAsNonRootWithAHealthCheck() {
        assertThat(Deploy.fromDisk().checkDockerfile()).isEmpty();
    }

    @Test
    void environmentVariablesAndConfigFilesNameExistingKeys() {
        assertThat(Deploy.fromDisk().checkConfiguration()).isEmpty();
    }

    @Test
    void webhookSubscriptionFilesAreAcceptedByTheService() {
        Deploy deploy = Deploy.fromDisk();
        assertThat(deploy.releasewatchConfigFiles()).as("config files given by MICRONAUT_CONFIG_FILES")
                .hasSizeGreaterThanOrEqualTo(3);
        assertThat(deploy.checkWebhookSubscriptions()).isEmpty();
    }

    /** Each kind of mistake, made in an in-memory copy of the real files, must be reported. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            misspelt Kubernetes kind              | deploy/k8s/releasewatch.yaml | kind: StatefulSet                      | kind: StatefullSet                     | StatefullSet
            unknown Kubernetes field              | deploy/k8s/releasewatch.yaml | podManagementPolicy: Parallel          | podManagementPolicy: Parallel\\nreplica: 2 | replica
            wrongly typed Kubernetes value        | deploy/k8s/releasewatch.yaml | replicas: 2                            | replicas: two                          | replicas
            misspelt Strimzi kind                 | deploy/k8s/topics.yaml       | kind: KafkaTopic                       | kind: KafkaTopik                       | KafkaTopik
            unknown Strimzi ACL operation         | deploy/k8s/user.yaml         | operations: [Write, Describe]          | operations: [Wrte, Describe]           | "Wrte" not understood
            unknown Strimzi enum value            | deploy/k8s/kafka.yaml        | type: internal                         | type: internl                          | internl
            unknown Strimzi field                 | deploy/k8s/kafka.yaml        | entityOperator:                        | entityOperators:                       | entityOperators
            watchlist topic not compacted         | deploy/k8s/topics.yaml       | cleanup.policy: compact                | cleanup.policy: delete                 | cleanup.policy
            missing contract topic                | deploy/k8s/topics.yaml       | name: releasewatch.alerts.v1           | name: releasewatch.alert.v1            | releasewatch.alerts.v1
            ACL on the wrong transactional ids    | deploy/k8s/user.yaml         | type: transactionalId                  | type: topic                            | transactionalId
            misspelt env var in compose           | deploy/compose.yaml          | RELEASEWATCH_STREAMS_STANDBY_REPLICAS  | RELEASEWATCH_STREAM_STANDBY_REPLICAS   | RELEASEWATCH_STREAM_STANDBY_REPLICAS
            misspelt env var in Kubernetes        | deploy/k8s/releasewatch.yaml | name: RELEASEWATCH_INSTANCE_ID         | name: RELEASEWATCH_INSTANCEID          | RELEASEWATCH_INSTANCEID
            misspelt Kafka client setting         | deploy/k8s/releasewatch.yaml | ssl.truststore.location:               | ssl.trustore.location:                 | ssl.trustore.location
            placeholder without its env var       | deploy/k8s/releasewatch.yaml | - name: SASL_JAAS_CONFIG               | - name: SASL_JAAS                      | SASL_JAAS
            compose value without a default       | deploy/compose.yaml          | ${GRAFANA_PORT:-3000}                  | ${GRAFANA_PORT}                        | GRAFANA_PORT
            both instances with one instance id   | deploy/compose.yaml          | RELEASEWATCH_INSTANCE_ID: releasewatch-2 | RELEASEWATCH_INSTANCE_ID: releasewatch-1 | RELEASEWATCH_INSTANCE_ID
            no webhook receiver in compose        | deploy/compose.yaml          | webhook-receiver:                      | echo:                                  | webhook-receiver
            invalid webhook secret                | deploy/compose/webhooks.yaml | secret: whsec_                         | secret: wsec_                          | secret
            Prometheus scraping a wrong target    | deploy/compose/prometheus.yml | releasewatch-2:8080                   | releasewatch-3:8080                    | releasewatch-2
            Dockerfile running as root            | Dockerfile                   | USER 10001:10001                       | USER root                              | USER
            Dockerfile without a health check     | Dockerfile                   | HEALTHCHECK                            | # HEALTHCHECK                          | HEALTHCHECK
            duplicate YAML key                    | deploy/k8s/releasewatch.yaml | serviceName: releasewatch-headless     | serviceName: releasewatch-headless\\nserviceName: x | serviceName
            YAML file no check knows              | deploy/grafana/provisioning/dashboards/releasewatch.yaml | providers: | provider: | releasewatch.yaml
            """)
    void brokenFilesAreReported(String mistake, String file, String from, String to, String reported) {
        Deploy real = Deploy.fromDisk();
        assertThat(real.allChecks()).as("the real files pass").isEmpty();
        String original = real.files.get(file);
        assertThat(original).as(file).isNotNull().contains(from);
        String indent = indentOfLineWith(original, from);
        String broken = original.replaceFirst(Pattern.quote(from),
                Matcher.quoteReplacement(to.replace("\\n", "\n" + indent)));
        Map<String, String> files = new LinkedHashMap<>(real.files);
        files.put(file, broken);
        assertThat(new Deploy(files).allChecks()).as(mistake).anySatisfy(p -> assertThat(p).contains(reported));
    }

    private static String indentOfLineWith(String text, String part) {
        int at = text.indexOf(part);
        int lineStart = text.lastIndexOf('\n', at) + 1;
        int i = lineStart;
        while (i < text.length() && text.charAt(i) == ' ') {
            i++;
        }
        return text.substring(lineStart, i);
    }

    // ---------------------------------------------------------------------------------------------------
    // the files and the checks

    /** The deployment files (path relative to the repository root → content), and what the service expects. */
    static final class Deploy {

        final Map<String, String> files;
        private final Map<String, List<JsonNode>> yaml = new TreeMap<>();
        private final List<String> parseProblems = new ArrayList<>();
        private final Service service = Service.read();

        Deploy(Map<String, String> files) {
            this.files = Map.copyOf(files);
            files.forEach((path, content) -> {
                if (path.startsWith("deploy/") && (path.endsWith(".yaml") || path.endsWith(".yml"))) {
                    try {
                        yaml.put(path, documents(content));
                    } catch (IOException | RuntimeException e) {
                        parseProblems.add(path + ": does not parse: " + e.getMessage());
                        yaml.put(path, List.of());
                    }
                }
            });
        }

        static Deploy fromDisk() {
            Map<String, String> files = new TreeMap<>();
            try (Stream<Path> walk = Files.walk(Path.of("deploy"))) {
                for (Path p : walk.filter(Files::isRegularFile).toList()) {
                    files.put(p.toString().replace('\\', '/'), Files.readString(p));
                }
                files.put("Dockerfile", Files.readString(Path.of("Dockerfile")));
                files.put(".dockerignore", Files.readString(Path.of(".dockerignore")));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return new Deploy(files);
        }

        Set<String> yamlFiles() {
            return yaml.keySet();
        }

        List<String> allChecks() {
            List<String> all = new ArrayList<>();
            all.addAll(classifyAll());
            all.addAll(checkKubernetesSchemas());
            all.addAll(checkStrimzi());
            all.addAll(checkStatefulSet());
            all.addAll(checkCompose());
            all.addAll(checkPrometheusAndGrafana());
            all.addAll(checkDockerfile());
            all.addAll(checkConfiguration());
            all.addAll(checkWebhookSubscriptions());
            return all;
        }

        // ---- which check reads which file

        enum Kind { KUBERNETES, COMPOSE, PROMETHEUS, GRAFANA_DATASOURCES, GRAFANA_DASHBOARDS, RELEASEWATCH_CONFIG }

        Optional<Kind> kindOf(String path) {
            List<JsonNode> docs = yaml.getOrDefault(path, List.of());
            if (docs.isEmpty()) {
                return Optional.empty();
            }
            JsonNode first = docs.get(0);
            if (path.startsWith("deploy/k8s/") && docs.stream().allMatch(d -> d.has("apiVersion") && d.has("kind"))) {
                return Optional.of(Kind.KUBERNETES);
            }
            if (isCompose(path)) {
                return Optional.of(Kind.COMPOSE);
            }
            if (first.has("scrape_configs")) {
                return Optional.of(Kind.PROMETHEUS);
            }
            if (first.has("datasources") && first.has("apiVersion")) {
                return Optional.of(Kind.GRAFANA_DATASOURCES);
            }
            if (first.has("providers") && first.has("apiVersion")) {
                return Optional.of(Kind.GRAFANA_DASHBOARDS);
            }
            if (composeConfigFiles().containsValue(path)) {
                return Optional.of(Kind.RELEASEWATCH_CONFIG);
            }
            return Optional.empty();
        }

        List<String> classifyAll() {
            List<String> problems = new ArrayList<>(parseProblems);
            yaml.forEach((path, docs) -> {
                if (docs.isEmpty() && parseProblems.stream().noneMatch(p -> p.startsWith(path))) {
                    problems.add(path + ": holds no YAML document");
                } else if (kindOf(path).isEmpty() && !docs.isEmpty()) {
                    problems.add(path + ": no check knows this file (not Kubernetes, compose, Prometheus, Grafana "
                            + "provisioning, nor a releasewatch config file named by MICRONAUT_CONFIG_FILES in compose)");
                }
            });
            return problems;
        }

        List<String> filesOf(Kind kind) {
            return yaml.keySet().stream().filter(p -> kindOf(p).equals(Optional.of(kind))).toList();
        }

        // ---- Kubernetes and Strimzi: schemas

        List<JsonNode> k8sDocs() {
            return filesOf(Kind.KUBERNETES).stream().flatMap(p -> yaml.get(p).stream()).toList();
        }

        List<String> checkKubernetesSchemas() {
            List<String> problems = new ArrayList<>();
            for (String path : filesOf(Kind.KUBERNETES)) {
                for (JsonNode doc : yaml.get(path)) {
                    String where = path + " " + doc.path("kind").asText() + "/" + doc.path("metadata").path("name").asText();
                    problems.addAll(validateKubernetesDocument(where, doc));
                }
            }
            if (filesOf(Kind.KUBERNETES).isEmpty()) {
                problems.add("deploy/k8s: no Kubernetes files");
            }
            return problems;
        }

        static List<String> validateKubernetesDocument(String where, JsonNode doc) {
            List<String> problems = new ArrayList<>();
            String apiVersion = doc.path("apiVersion").asText();
            String kind = doc.path("kind").asText();
            Class<? extends KubernetesResource> type;
            if (apiVersion.startsWith("kafka.strimzi.io/")) {
                if (!apiVersion.equals(STRIMZI_API)) {
                    problems.add(where + ": apiVersion " + apiVersion + ", expected " + STRIMZI_API);
                }
                type = STRIMZI_KINDS.get(kind);
            } else {
                type = K8S.getRegisteredKubernetesResource(apiVersion, kind);
            }
            if (type == null || type.getSimpleName().startsWith("Generic")) {
                problems.add(where + ": unknown kind " + kind + " of " + apiVersion);
                return problems;
            }
            if (doc.path("metadata").path("name").asText().isBlank()) {
                problems.add(where + ": metadata.name is missing");
            }
            Object model;
            try {
                model = K8S.unmarshal(JSON.writeValueAsString(doc), type);
            } catch (Exception e) {
                StringBuilder reasons = new StringBuilder();
                for (Throwable t = e; t != null; t = t.getCause()) {
                    reasons.append(reasons.isEmpty() ? "" : " / ").append(t.getMessage());
                }
                problems.add(where + ": is not a valid " + kind + ": " + reasons);
                return problems;
            }
            unknownFields(model, where, problems, Collections.newSetFromMap(new IdentityHashMap<>()));
            lostFields(doc, model, where, problems);
            return problems;
        }

        /**
         * The fabric8 and Strimzi models put a field they do not know, or a value they cannot read, into their
         * additional properties instead of failing: any such entry is a mistake in the file.
         */
        private static void unknownFields(Object value, String path, List<String> problems, Set<Object> seen) {
            if (value == null || value instanceof String || value instanceof Number || value instanceof Boolean
                    || value instanceof Enum<?>) {
                return;
            }
            if (value instanceof Map<?, ?> map) {
                map.forEach((k, v) -> unknownFields(v, path + "." + k, problems, seen));
                return;
            }
            if (value instanceof Collection<?> items) {
                int i = 0;
                for (Object item : items) {
                    unknownFields(item, path + "[" + i++ + "]", problems, seen);
                }
                return;
            }
            String type = value.getClass().getName();
            if (!(type.startsWith("io.fabric8.") || type.startsWith("io.strimzi.")) || !seen.add(value)) {
                return;
            }
            try {
                Method extra = value.getClass().getMethod("getAdditionalProperties");
                Object unknown = extra.invoke(value);
                if (unknown instanceof Map<?, ?> m && !m.isEmpty()) {
                    problems.add(path + ": unknown field(s) or wrongly typed value(s) " + m.keySet());
                }
            } catch (NoSuchMethodException e) {
                // a model class without additional properties
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
            BeanDescription bean = JSON.getSerializationConfig().introspect(JSON.constructType(value.getClass()));
            for (BeanPropertyDefinition property : bean.findProperties()) {
                AnnotatedMember getter = property.getAccessor();
                if (getter == null || property.getName().equals("additionalProperties")) {
                    continue;
                }
                getter.fixAccess(true);
                unknownFields(getter.getValue(value), path + "." + property.getName(), problems, seen);
            }
        }

        /**
         * A field of the file that is no property of the model class read at its place, and that the class did not
         * keep as an additional property, was silently dropped (a class that ignores unknown fields).
         */
        private static void lostFields(JsonNode original, Object model, String path, List<String> problems) {
            if (model == null) {
                return;
            }
            if (original.isArray() && model instanceof List<?> list && list.size() == original.size()) {
                for (int i = 0; i < original.size(); i++) {
                    if (list.get(i) == null && !original.get(i).isNull()) {
                        problems.add(path + "[" + i + "]: value " + original.get(i) + " not understood by the model");
                    }
                    lostFields(original.get(i), list.get(i), path + "[" + i + "]", problems);
                }
                return;
            }
            if (!original.isObject()) {
                return;
            }
            if (model instanceof Map<?, ?> map) {
                original.fields().forEachRemaining(e -> lostFields(e.getValue(), map.get(e.getKey()), path + "." + e.getKey(), problems));
                return;
            }
            String type = model.getClass().getName();
            if (!(type.startsWith("io.fabric8.") || type.startsWith("io.strimzi."))) {
                return;
            }
            Map<String, AnnotatedMember> getters = new LinkedHashMap<>();
            BeanDescription serialized = JSON.getSerializationConfig().introspect(JSON.constructType(model.getClass()));
            serialized.findProperties().forEach(p -> getters.put(p.getName(), p.getAccessor()));
            Set<String> names = new HashSet<>(getters.keySet());
            JSON.getDeserializationConfig().introspect(JSON.constructType(model.getClass())).findProperties()
                    .forEach(p -> names.add(p.getName()));
            for (Class<?> c = model.getClass(); c != null; c = c.getSuperclass()) {
                com.fasterxml.jackson.annotation.JsonTypeInfo typeInfo = c.getAnnotation(com.fasterxml.jackson.annotation.JsonTypeInfo.class);
                if (typeInfo != null) {
                    names.add(typeInfo.property());
                }
            }
            Map<?, ?> additional = Map.of();
            try {
                Object extra = model.getClass().getMethod("getAdditionalProperties").invoke(model);
                additional = extra instanceof Map<?, ?> m ? m : Map.of();
            } catch (ReflectiveOperationException e) {
                // no additional properties
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = original.fields(); it.hasNext(); ) {
                var e = it.next();
                if (additional.containsKey(e.getKey())) {
                    continue; // reported by unknownFields
                }
                if (!names.contains(e.getKey())) {
                    problems.add(path + "." + e.getKey() + ": ignored by the model (unknown field)");
                } else if (getters.get(e.getKey()) != null) {
                    AnnotatedMember getter = getters.get(e.getKey());
                    getter.fixAccess(true);
                    Object value = getter.getValue(model);
                    if (value == null && !e.getValue().isNull()) {
                        // e.g. a Strimzi enum reads an unknown value as null
                        problems.add(path + "." + e.getKey() + ": value " + e.getValue() + " not understood by the model");
                    }
                    lostFields(e.getValue(), value, path + "." + e.getKey(), problems);
                }
            }
        }

        // ---- Strimzi: cluster, node pools, topics, user

        Optional<JsonNode> k8s(String kind, String name) {
            return k8sDocs().stream().filter(d -> d.path("kind").asText().equals(kind))
                    .filter(d -> name == null || d.path("metadata").path("name").asText().equals(name)).findFirst();
        }

        List<JsonNode> k8sAll(String kind) {
            return k8sDocs().stream().filter(d -> d.path("kind").asText().equals(kind)).toList();
        }

        List<String> checkStrimzi() {
            List<String> problems = new ArrayList<>();
            List<JsonNode> clusters = k8sAll("Kafka");
            if (clusters.size() != 1) {
                problems.add("deploy/k8s: expected one Kafka, found " + clusters.size());
                return problems;
            }
            JsonNode kafka = clusters.get(0);
            String cluster = kafka.path("metadata").path("name").asText();
            JsonNode annotations = kafka.path("metadata").path("annotations");
            for (String a : List.of("strimzi.io/node-pools", "strimzi.io/kraft")) {
                if (!"enabled".equals(annotations.path(a).asText())) {
                    problems.add("Kafka " + cluster + ": annotation " + a + " must be enabled");
                }
            }
            Optional<JsonNode> tls = stream(kafka.path("spec").path("kafka").path("listeners"))
                    .filter(l -> l.path("tls").asBoolean() && "scram-sha-512".equals(l.path("authentication").path("type").asText()))
                    .findFirst();
            if (tls.isEmpty()) {
                problems.add("Kafka " + cluster + ": no listener with tls: true and scram-sha-512 authentication");
            }
            if (!"simple".equals(kafka.path("spec").path("kafka").path("authorization").path("type").asText())) {
                problems.add("Kafka " + cluster + ": spec.kafka.authorization.type must be simple (the KafkaUser has ACLs)");
            }
            JsonNode entityOperator = kafka.path("spec").path("entityOperator");
            if (!entityOperator.has("topicOperator") || !entityOperator.has("userOperator")) {
                problems.add("Kafka " + cluster + ": entityOperator needs topicOperator and userOperator");
            }
            int brokers = 0;
            Set<String> roles = new HashSet<>();
            for (JsonNode pool : k8sAll("KafkaNodePool")) {
                problems.addAll(clusterLabel(pool, cluster));
                List<String> poolRoles = stream(pool.path("spec").path("roles")).map(JsonNode::asText).toList();
                roles.addAll(poolRoles);
                if (poolRoles.contains("broker")) {
                    brokers += pool.path("spec").path("replicas").asInt();
                }
            }
            if (!roles.containsAll(Set.of("broker", "controller")) || brokers < 3) {
                problems.add("KafkaNodePool: need controllers and at least 3 brokers, have roles " + roles + " and " + brokers + " brokers");
            }
            int minIsr = kafka.path("spec").path("kafka").path("config").path("min.insync.replicas").asInt(1);

            // topics: every topic of application.yml, with the configuration the service would create it with
            Map<String, JsonNode> topics = new TreeMap<>();
            for (JsonNode topic : k8sAll("KafkaTopic")) {
                problems.addAll(clusterLabel(topic, cluster));
                String name = topic.path("spec").path("topicName").asText(topic.path("metadata").path("name").asText());
                topics.put(name, topic);
            }
            Map<String, Map<String, String>> wanted = service.topicConfigs();
            for (var entry : wanted.entrySet()) {
                JsonNode topic = topics.get(entry.getKey());
                if (topic == null) {
                    problems.add("deploy/k8s/topics.yaml: no KafkaTopic for " + entry.getKey());
                    continue;
                }
                JsonNode config = topic.path("spec").path("config");
                entry.getValue().forEach((key, value) -> {
                    if (!value.equals(config.path(key).asText())) {
                        problems.add("KafkaTopic " + entry.getKey() + ": " + key + " must be " + value
                                + " (as the service creates it), is " + config.path(key).asText("unset"));
                    }
                });
                if (!entry.getValue().containsKey("cleanup.policy") && config.path("cleanup.policy").asText("delete").contains("compact")) {
                    problems.add("KafkaTopic " + entry.getKey() + ": cleanup.policy must not be compact");
                }
                int replicas = topic.path("spec").path("replicas").asInt(-1);
                if (replicas < 1 || replicas > brokers || replicas <= minIsr) {
                    problems.add("KafkaTopic " + entry.getKey() + ": replicas " + replicas + " must be more than min.insync.replicas "
                            + minIsr + " and at most the " + brokers + " brokers");
                }
            }
            topics.keySet().stream().filter(t -> !wanted.containsKey(t))
                    .forEach(t -> problems.add("KafkaTopic " + t + ": not a topic of the service (releasewatch.topics.*)"));
            Set<Integer> partitions = topics.values().stream().map(t -> t.path("spec").path("partitions").asInt(-1))
                    .collect(Collectors.toSet());
            if (partitions.size() != 1 || partitions.contains(-1)) {
                problems.add("KafkaTopic: every topic needs the same, explicit partition count "
                        + "(internal watchlist and events by country must match), found " + partitions);
            }

            // the user: SCRAM, and ACLs that cover what the service does and nothing else
            List<JsonNode> users = k8sAll("KafkaUser");
            if (users.size() != 1) {
                problems.add("deploy/k8s: expected one KafkaUser, found " + users.size());
                return problems;
            }
            JsonNode user = users.get(0);
            problems.addAll(clusterLabel(user, cluster));
            if (!"scram-sha-512".equals(user.path("spec").path("authentication").path("type").asText())) {
                problems.add("KafkaUser: authentication.type must be scram-sha-512");
            }
            Map<String, Set<String>> granted = new TreeMap<>();
            for (JsonNode acl : stream(user.path("spec").path("authorization").path("acls")).toList()) {
                JsonNode resource = acl.path("resource");
                String key = resource.path("type").asText() + ":" + resource.path("patternType").asText("literal") + ":"
                        + resource.path("name").asText("");
                if (!acl.path("host").asText("*").equals("*") || !acl.path("type").asText("allow").equals("allow")) {
                    problems.add("KafkaUser ACL " + key + ": expected an allow rule for any host");
                }
                stream(acl.path("operations")).map(JsonNode::asText).forEach(op -> granted.computeIfAbsent(key, k -> new TreeSet<>()).add(op));
            }
            Map<String, Set<String>> required = service.requiredAcls();
            Map<String, Set<String>> allowed = service.allowedAcls();
            required.forEach((resource, ops) -> {
                Set<String> missing = new TreeSet<>(ops);
                missing.removeAll(granted.getOrDefault(resource, Set.of()));
                if (!missing.isEmpty()) {
                    problems.add("KafkaUser: missing " + missing + " on " + resource);
                }
            });
            granted.forEach((resource, ops) -> {
                Set<String> extra = new TreeSet<>(ops);
                extra.removeAll(allowed.getOrDefault(resource, Set.of()));
                if (!extra.isEmpty()) {
                    problems.add("KafkaUser: " + extra + " on " + resource + " is more than the service needs");
                }
            });
            return problems;
        }

        private static List<String> clusterLabel(JsonNode doc, String cluster) {
            String label = doc.path("metadata").path("labels").path("strimzi.io/cluster").asText();
            return label.equals(cluster) ? List.of()
                    : List.of(doc.path("kind").asText() + " " + doc.path("metadata").path("name").asText()
                    + ": label strimzi.io/cluster is '" + label + "', the Kafka is '" + cluster + "'");
        }

        // ---- the releasewatch StatefulSet

        List<String> checkStatefulSet() {
            List<String> problems = new ArrayList<>();
            Optional<JsonNode> found = k8s("StatefulSet", "releasewatch");
            if (found.isEmpty()) {
                return List.of("deploy/k8s: no StatefulSet releasewatch");
            }
            JsonNode sts = found.get();
            JsonNode spec = sts.path("spec");
            JsonNode pod = spec.path("template").path("spec");
            JsonNode podLabels = spec.path("template").path("metadata").path("labels");
            if (spec.path("replicas").asInt() != 2) {
                problems.add("StatefulSet: replicas must be 2");
            }
            int partitions = k8sAll("KafkaTopic").stream().mapToInt(t -> t.path("spec").path("partitions").asInt()).min().orElse(0);
            if (spec.path("replicas").asInt() > partitions) {
                problems.add("StatefulSet: more instances than partitions (" + partitions + ")");
            }
            if (!"Parallel".equals(spec.path("podManagementPolicy").asText())) {
                problems.add("StatefulSet: podManagementPolicy must be Parallel");
            }
            if (!matches(spec.path("selector").path("matchLabels"), podLabels)) {
                problems.add("StatefulSet: selector does not match the pod labels");
            }
            String headless = spec.path("serviceName").asText();
            Optional<JsonNode> headlessService = k8s("Service", headless);
            if (headlessService.isEmpty() || !"None".equals(headlessService.get().path("spec").path("clusterIP").asText())) {
                problems.add("StatefulSet: serviceName " + headless + " must be a headless Service (clusterIP: None)");
            }
            List<JsonNode> services = k8sAll("Service");
            if (services.stream().noneMatch(s -> !"None".equals(s.path("spec").path("clusterIP").asText()))) {
                problems.add("deploy/k8s: no normal (non-headless) Service");
            }
            for (JsonNode service : services) {
                if (!matches(service.path("spec").path("selector"), podLabels)) {
                    problems.add("Service " + service.path("metadata").path("name").asText() + ": selector does not match the pods");
                }
            }
            k8sAll("PodDisruptionBudget").forEach(pdb -> {
                if (!matches(pdb.path("spec").path("selector").path("matchLabels"), podLabels)
                        || pdb.path("spec").path("maxUnavailable").asInt() != 1) {
                    problems.add("PodDisruptionBudget: must select the pods and have maxUnavailable 1");
                }
            });
            if (k8sAll("PodDisruptionBudget").isEmpty()) {
                problems.add("deploy/k8s: no PodDisruptionBudget");
            }
            if (!pod.path("securityContext").path("runAsNonRoot").asBoolean()) {
                problems.add("StatefulSet: pod securityContext.runAsNonRoot must be true");
            }
            JsonNode container = releasewatchContainer().orElse(null);
            if (container == null) {
                problems.add("StatefulSet: no container");
                return problems;
            }
            Map<String, JsonNode> env = envOf(container);
            int httpPort = stream(container.path("ports")).filter(p -> "http".equals(p.path("name").asText()))
                    .mapToInt(p -> p.path("containerPort").asInt()).findFirst().orElse(-1);
            String serverPort = Optional.ofNullable(env.get("MICRONAUT_SERVER_PORT")).map(e -> e.path("value").asText())
                    .orElse(service.value("micronaut.server.port"));
            if (!String.valueOf(httpPort).equals(serverPort)) {
                problems.add("StatefulSet: containerPort http " + httpPort + " is not the HTTP port " + serverPort);
            }
            if (!"$(POD_NAME)".equals(env.getOrDefault("RELEASEWATCH_INSTANCE_ID", JSON.nullNode()).path("value").asText())) {
                problems.add("StatefulSet: RELEASEWATCH_INSTANCE_ID must be $(POD_NAME)");
            }
            if (!"metadata.name".equals(env.getOrDefault("POD_NAME", JSON.nullNode()).path("valueFrom").path("fieldRef").path("fieldPath").asText())) {
                problems.add("StatefulSet: POD_NAME must come from metadata.name");
            }
            String advertised = env.getOrDefault("RELEASEWATCH_API_ADVERTISED_HOST", JSON.nullNode()).path("value").asText();
            if (!advertised.startsWith("$(POD_NAME)." + headless + ".") || !advertised.endsWith(".svc")) {
                problems.add("StatefulSet: RELEASEWATCH_API_ADVERTISED_HOST must be $(POD_NAME)." + headless + ".<namespace>.svc, is " + advertised);
            }
            // probes on /health
            for (String probe : List.of("startupProbe", "readinessProbe", "livenessProbe")) {
                JsonNode get = container.path(probe).path("httpGet");
                if (!get.path("path").asText().startsWith("/health")
                        || !(get.path("port").asText().equals("http") || get.path("port").asInt() == httpPort)) {
                    problems.add("StatefulSet: " + probe + " must GET /health on the HTTP port");
                }
            }
            JsonNode resources = container.path("resources");
            for (String r : List.of("requests", "limits")) {
                if (!resources.path(r).has("memory") || !resources.path(r).has("cpu")) {
                    problems.add("StatefulSet: resources." + r + " needs cpu and memory");
                }
            }
            if (container.path("securityContext").path("allowPrivilegeEscalation").asBoolean(true)) {
                problems.add("StatefulSet: container securityContext.allowPrivilegeEscalation must be false");
            }
            // state on a volume claim at the data dir
            String dataDir = Optional.ofNullable(env.get("RELEASEWATCH_DATA_DIR")).map(e -> e.path("value").asText())
                    .orElse(dockerfileEnv().getOrDefault("RELEASEWATCH_DATA_DIR", service.value("releasewatch.data-dir")));
            Set<String> claims = stream(spec.path("volumeClaimTemplates")).map(c -> c.path("metadata").path("name").asText())
                    .collect(Collectors.toSet());
            boolean stateOnClaim = stream(container.path("volumeMounts"))
                    .anyMatch(m -> m.path("mountPath").asText().equals(dataDir) && claims.contains(m.path("name").asText()));
            if (!stateOnClaim) {
                problems.add("StatefulSet: the data dir " + dataDir + " must be a volumeClaimTemplates volume");
            }
            // volumes: every mount has a volume, every ConfigMap/Secret named exists (or is Strimzi's)
            Set<String> volumes = stream(pod.path("volumes")).map(v -> v.path("name").asText()).collect(Collectors.toSet());
            volumes.addAll(claims);
            stream(container.path("volumeMounts")).filter(m -> !volumes.contains(m.path("name").asText()))
                    .forEach(m -> problems.add("StatefulSet: volumeMount " + m.path("name").asText() + " has no volume"));
            stream(pod.path("volumes")).forEach(v -> {
                String cm = v.path("configMap").path("name").asText(null);
                if (cm != null && k8s("ConfigMap", cm).isEmpty()) {
                    problems.add("StatefulSet: volume " + v.path("name").asText() + " names a missing ConfigMap " + cm);
                }
                String secret = v.path("secret").path("secretName").asText(null);
                if (secret != null && k8s("Secret", secret).isEmpty() && !strimziSecrets().contains(secret)) {
                    problems.add("StatefulSet: volume " + v.path("name").asText() + " names a missing Secret " + secret);
                }
            });
            stream(container.path("env")).map(e -> e.path("valueFrom").path("secretKeyRef")).filter(r -> !r.isMissingNode())
                    .forEach(ref -> {
                        String name = ref.path("name").asText();
                        if (k8s("Secret", name).isEmpty() && !strimziSecrets().contains(name)) {
                            problems.add("StatefulSet: env reads a missing Secret " + name);
                        }
                    });

            // Kafka: the TLS + SCRAM listener of the Strimzi cluster, as the KafkaUser, trusting the cluster CA
            Map<String, String> kafkaConfig = new TreeMap<>();
            k8sConfigFiles().values().forEach(content -> flatten(yamlOrEmpty(content)).forEach((k, v) -> {
                if (k.startsWith("kafka.")) {
                    kafkaConfig.put(k.substring("kafka.".length()), v.asText());
                }
            }));
            Optional<JsonNode> kafka = k8s("Kafka", null);
            if (kafka.isPresent()) {
                String cluster = kafka.get().path("metadata").path("name").asText();
                int tlsPort = stream(kafka.get().path("spec").path("kafka").path("listeners"))
                        .filter(l -> l.path("tls").asBoolean()).mapToInt(l -> l.path("port").asInt()).findFirst().orElse(-1);
                expect(problems, kafkaConfig, "bootstrap.servers", cluster + "-kafka-bootstrap:" + tlsPort);
                expect(problems, kafkaConfig, "security.protocol", "SASL_SSL");
                expect(problems, kafkaConfig, "sasl.mechanism", "SCRAM-SHA-512");
                expect(problems, kafkaConfig, "ssl.truststore.type", "PEM");
                String user = k8s("KafkaUser", null).map(u -> u.path("metadata").path("name").asText()).orElse("?");
                String jaas = kafkaConfig.getOrDefault("sasl.jaas.config", "");
                Matcher placeholder = Pattern.compile("^\\$\\{([A-Z0-9_]+)}$").matcher(jaas);
                JsonNode ref = placeholder.matches() ? env.getOrDefault(placeholder.group(1), JSON.nullNode())
                        .path("valueFrom").path("secretKeyRef") : JSON.nullNode();
                if (!user.equals(ref.path("name").asText()) || !"sasl.jaas.config".equals(ref.path("key").asText())) {
                    problems.add("StatefulSet: kafka.sasl.jaas.config must be ${VAR} with VAR from the KafkaUser's Secret "
                            + user + ", key sasl.jaas.config");
                }
                String truststore = kafkaConfig.getOrDefault("ssl.truststore.location", "");
                Optional<String> source = mountedSecretKey(container, pod, truststore);
                if (!source.equals(Optional.of(cluster + "-cluster-ca-cert/ca.crt"))) {
                    problems.add("StatefulSet: kafka.ssl.truststore.location " + truststore
                            + " must be the mounted key ca.crt of the Secret " + cluster + "-cluster-ca-cert, is " + source.orElse("not mounted"));
                }
            }
            Map<String, String> config = new TreeMap<>();
            k8sConfigFiles().values().forEach(content -> flatten(yamlOrEmpty(content)).forEach((k, v) -> config.put(k, v.asText())));
            if (!"false".equals(config.get("releasewatch.topics.create"))) {
                problems.add("StatefulSet config: releasewatch.topics.create must be false (Strimzi owns the topics)");
            }
            Set<Integer> replicas = k8sAll("KafkaTopic").stream().map(t -> t.path("spec").path("replicas").asInt()).collect(Collectors.toSet());
            if (!replicas.equals(Set.of(Integer.parseInt(config.getOrDefault("releasewatch.topics.replication-factor", "1"))))) {
                problems.add("StatefulSet config: releasewatch.topics.replication-factor (Kafka Streams' own topics) must be "
                        + "the KafkaTopics' replicas " + replicas);
            }
            return problems;
        }

        private static void expect(List<String> problems, Map<String, String> config, String key, String value) {
            if (!value.equals(config.get(key))) {
                problems.add("StatefulSet config: kafka." + key + " must be " + value + ", is " + config.get(key));
            }
        }

        /** Secrets that Strimzi creates: the cluster CA of the Kafka, and one per KafkaUser. */
        Set<String> strimziSecrets() {
            Set<String> names = new HashSet<>();
            k8sAll("Kafka").forEach(k -> names.add(k.path("metadata").path("name").asText() + "-cluster-ca-cert"));
            k8sAll("KafkaUser").forEach(u -> names.add(u.path("metadata").path("name").asText()));
            return names;
        }

        private static boolean matches(JsonNode selector, JsonNode labels) {
            if (!selector.isObject() || selector.isEmpty()) {
                return false;
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = selector.fields(); it.hasNext(); ) {
                var e = it.next();
                if (!e.getValue().asText().equals(labels.path(e.getKey()).asText(null))) {
                    return false;
                }
            }
            return true;
        }

        Optional<JsonNode> releasewatchContainer() {
            return k8s("StatefulSet", "releasewatch")
                    .flatMap(s -> stream(s.path("spec").path("template").path("spec").path("containers")).findFirst());
        }

        private static Map<String, JsonNode> envOf(JsonNode container) {
            Map<String, JsonNode> env = new LinkedHashMap<>();
            stream(container.path("env")).forEach(e -> env.put(e.path("name").asText(), e));
            return env;
        }

        /** {@code <secret name>/<key>} mounted at {@code file}, if a Secret volume mounts it there. */
        private static Optional<String> mountedSecretKey(JsonNode container, JsonNode pod, String file) {
            return mounted(container, pod, file).filter(s -> s.startsWith("secret:")).map(s -> s.substring("secret:".length()));
        }

        /** {@code configMap:<name>/<key>} or {@code secret:<name>/<key>} mounted at {@code file}. */
        private static Optional<String> mounted(JsonNode container, JsonNode pod, String file) {
            for (JsonNode mount : stream(container.path("volumeMounts")).toList()) {
                String dir = mount.path("mountPath").asText();
                if (!file.startsWith(dir + "/")) {
                    continue;
                }
                String name = file.substring(dir.length() + 1);
                for (JsonNode volume : stream(pod.path("volumes")).toList()) {
                    if (!volume.path("name").asText().equals(mount.path("name").asText())) {
                        continue;
                    }
                    JsonNode source = volume.has("secret") ? volume.path("secret") : volume.path("configMap");
                    String sourceName = volume.has("secret") ? "secret:" + source.path("secretName").asText()
                            : "configMap:" + source.path("name").asText();
                    if (source.isMissingNode()) {
                        return Optional.empty();
                    }
                    if (source.has("items")) {
                        return stream(source.path("items")).filter(i -> i.path("path").asText().equals(name))
                                .map(i -> sourceName + "/" + i.path("key").asText()).findFirst();
                    }
                    return Optional.of(sourceName + "/" + name);
                }
            }
            return Optional.empty();
        }

        /** The files of MICRONAUT_CONFIG_FILES of the StatefulSet: path in the pod → content from the ConfigMap or Secret. */
        Map<String, String> k8sConfigFiles() {
            Map<String, String> result = new LinkedHashMap<>();
            Optional<JsonNode> container = releasewatchContainer();
            if (container.isEmpty()) {
                return result;
            }
            JsonNode pod = k8s("StatefulSet", "releasewatch").get().path("spec").path("template").path("spec");
            String list = envOf(container.get()).getOrDefault("MICRONAUT_CONFIG_FILES", JSON.nullNode()).path("value").asText("");
            for (String file : list.split(",")) {
                if (file.isBlank()) {
                    continue;
                }
                String source = mounted(container.get(), pod, file.trim()).orElse("");
                String content = null;
                if (source.startsWith("configMap:")) {
                    String[] nameKey = source.substring("configMap:".length()).split("/", 2);
                    content = k8s("ConfigMap", nameKey[0]).map(c -> c.path("data").path(nameKey[1]).asText(null)).orElse(null);
                } else if (source.startsWith("secret:")) {
                    String[] nameKey = source.substring("secret:".length()).split("/", 2);
                    content = k8s("Secret", nameKey[0]).map(s -> s.path("stringData").has(nameKey[1])
                            ? s.path("stringData").path(nameKey[1]).asText()
                            : s.path("data").has(nameKey[1])
                            ? new String(Base64.getDecoder().decode(s.path("data").path(nameKey[1]).asText()), StandardCharsets.UTF_8)
                            : null).orElse(null);
                }
                result.put(file.trim(), content);
            }
            return result;
        }

        // ---- compose

        private boolean isCompose(String path) {
            List<String> docs = yaml.getOrDefault(path, List.of()).stream().map(d -> d.has("services") ? "compose" : "").toList();
            return !path.startsWith("deploy/k8s/") && docs.equals(List.of("compose"));
        }

        JsonNode compose() {
            List<String> composeFiles = yaml.keySet().stream().filter(this::isCompose).toList();
            return composeFiles.size() == 1 ? yaml.get(composeFiles.get(0)).get(0) : JSON.nullNode();
        }

        String composeDir() {
            return yaml.keySet().stream().filter(this::isCompose).findFirst().map(DeployFilesTest::parent).orElse("deploy");
        }

        /** Services built from the repository's Dockerfile: the releasewatch instances. */
        Map<String, JsonNode> releasewatchServices() {
            Map<String, JsonNode> result = new TreeMap<>();
            compose().path("services").fields().forEachRemaining(e -> {
                JsonNode build = e.getValue().path("build");
                String context = build.isTextual() ? build.asText() : build.path("context").asText(null);
                if (context != null && normalize(composeDir() + "/" + context).isEmpty()
                        && "Dockerfile".equals(build.path("dockerfile").asText("Dockerfile"))) {
                    result.put(e.getKey(), e.getValue());
                }
            });
            return result;
        }

        /** Files named by MICRONAUT_CONFIG_FILES in compose: path in the container → path in the repository. */
        Map<String, String> composeConfigFiles() {
            Map<String, String> result = new LinkedHashMap<>();
            if (compose().isNull()) {
                return result;
            }
            releasewatchServices().values().forEach(service -> {
                String list = service.path("environment").path("MICRONAUT_CONFIG_FILES").asText("");
                for (String file : list.split(",")) {
                    if (file.isBlank()) {
                        continue;
                    }
                    stream(service.path("volumes")).map(JsonNode::asText).map(v -> v.split(":"))
                            .filter(v -> v.length >= 2 && v[1].equals(file.trim()) && v[0].startsWith("."))
                            .findFirst().ifPresent(v -> result.put(file.trim(), normalize(composeDir() + "/" + v[0])));
                }
            });
            return result;
        }

        List<String> checkCompose() {
            List<String> problems = new ArrayList<>();
            List<String> composeFiles = filesOf(Kind.COMPOSE);
            if (!composeFiles.equals(List.of("deploy/compose.yaml"))) {
                problems.add("expected deploy/compose.yaml as the one compose file, found " + composeFiles);
                return problems;
            }
            JsonNode compose = compose();
            compose.fieldNames().forEachRemaining(k -> {
                if (!COMPOSE_TOP_LEVEL.contains(k) && !k.startsWith("x-")) {
                    problems.add("compose: unknown top-level key " + k);
                }
            });
            JsonNode services = compose.path("services");
            Set<String> declaredVolumes = new HashSet<>();
            compose.path("volumes").fieldNames().forEachRemaining(declaredVolumes::add);
            services.fields().forEachRemaining(e -> {
                String name = e.getKey();
                JsonNode service = e.getValue();
                service.fieldNames().forEachRemaining(k -> {
                    if (!COMPOSE_SERVICE_KEYS.contains(k) && !k.startsWith("x-")) {
                        problems.add("compose service " + name + ": unknown key " + k);
                    }
                });
                service.path("healthcheck").fieldNames().forEachRemaining(k -> {
                    if (!COMPOSE_HEALTHCHECK_KEYS.contains(k)) {
                        problems.add("compose service " + name + ": unknown healthcheck key " + k);
                    }
                });
                if (!service.has("image") && !service.has("build")) {
                    problems.add("compose service " + name + ": needs an image or a build");
                }
                if (service.has("environment") && !service.path("environment").isObject()) {
                    problems.add("compose service " + name + ": write environment as a map");
                }
                JsonNode dependsOn = service.path("depends_on");
                List<String> dependencies = dependsOn.isArray() ? stream(dependsOn).map(JsonNode::asText).toList()
                        : iterable(dependsOn.fieldNames());
                dependencies.forEach(d -> {
                    if (!services.has(d)) {
                        problems.add("compose service " + name + ": depends on unknown service " + d);
                    }
                });
                if (dependsOn.isObject()) {
                    dependsOn.fields().forEachRemaining(d -> {
                        if (!Set.of("service_started", "service_healthy", "service_completed_successfully")
                                .contains(d.getValue().path("condition").asText())) {
                            problems.add("compose service " + name + ": depends_on." + d.getKey() + " has no valid condition");
                        }
                    });
                }
                for (JsonNode volume : stream(service.path("volumes")).toList()) {
                    String[] parts = volume.asText().split(":");
                    if (parts.length < 2) {
                        problems.add("compose service " + name + ": volume " + volume.asText() + " is not source:target");
                    } else if (parts[0].startsWith(".") || parts[0].startsWith("/")) {
                        String source = normalize(composeDir() + "/" + parts[0]);
                        boolean exists = files.containsKey(source) || files.keySet().stream().anyMatch(f -> f.startsWith(source + "/"));
                        if (!exists) {
                            problems.add("compose service " + name + ": bind mount source " + parts[0] + " does not exist");
                        }
                    } else if (!declaredVolumes.contains(parts[0])) {
                        problems.add("compose service " + name + ": volume " + parts[0] + " is not declared under volumes");
                    }
                }
            });
            // every value a user would change: ${VAR:-default}
            Pattern variable = Pattern.compile("\\$\\{([^}]*)}");
            Pattern withDefault = Pattern.compile("[A-Z][A-Z0-9_]*:-[^}]*");
            walkStrings(compose, "", (path, text) -> {
                Matcher m = variable.matcher(text.replace("$$", ""));
                while (m.find()) {
                    if (!withDefault.matcher(m.group(1)).matches()) {
                        problems.add("compose " + path + ": ${" + m.group(1) + "} must be written ${VAR:-default}");
                    }
                }
            });

            // kafka: the official image in KRaft mode
            Optional<Map.Entry<String, JsonNode>> kafka = fields(services).stream()
                    .filter(e -> e.getValue().path("image").asText().matches(".*apache/kafka:[0-9][^}]*}?")).findFirst();
            if (kafka.isEmpty()) {
                problems.add("compose: no service runs the apache/kafka image");
            } else {
                Set<String> env = new HashSet<>(iterable(kafka.get().getValue().path("environment").fieldNames()));
                Set<String> missing = new TreeSet<>(KAFKA_IMAGE_REQUIRED_ENV);
                missing.removeAll(env);
                if (!missing.isEmpty()) {
                    problems.add("compose service " + kafka.get().getKey() + ": missing " + missing);
                }
                if (!kafka.get().getValue().has("healthcheck")) {
                    problems.add("compose service " + kafka.get().getKey() + ": needs a healthcheck");
                }
            }
            // two releasewatch instances
            Map<String, JsonNode> instances = releasewatchServices();
            if (instances.size() < 2) {
                problems.add("compose: expected two releasewatch services built from ../Dockerfile, found " + instances.keySet());
            }
            Set<String> instanceIds = new HashSet<>();
            Set<String> dataVolumes = new HashSet<>();
            String dataDir = dockerfileEnv().getOrDefault("RELEASEWATCH_DATA_DIR", service.value("releasewatch.data-dir"));
            instances.forEach((name, service) -> {
                JsonNode env = service.path("environment");
                if (!env.has("KAFKA_BOOTSTRAP_SERVERS")) {
                    problems.add("compose service " + name + ": needs KAFKA_BOOTSTRAP_SERVERS");
                }
                if (!instanceIds.add(env.path("RELEASEWATCH_INSTANCE_ID").asText(""))) {
                    problems.add("compose service " + name + ": RELEASEWATCH_INSTANCE_ID must be set and unique");
                }
                if (!name.equals(env.path("RELEASEWATCH_API_ADVERTISED_HOST").asText())) {
                    problems.add("compose service " + name + ": RELEASEWATCH_API_ADVERTISED_HOST must be its service name");
                }
                if (!env.has("RELEASEWATCH_STREAMS_STANDBY_REPLICAS")) {
                    problems.add("compose service " + name + ": needs RELEASEWATCH_STREAMS_STANDBY_REPLICAS");
                }
                Optional<String> data = stream(service.path("volumes")).map(JsonNode::asText).map(v -> v.split(":"))
                        .filter(v -> v.length >= 2 && v[1].equals(dataDir)).map(v -> v[0]).findFirst();
                if (data.isEmpty() || !dataVolumes.add(data.get())) {
                    problems.add("compose service " + name + ": needs its own volume at " + dataDir);
                }
                if (!service.path("healthcheck").path("test").toString().contains("/health")) {
                    problems.add("compose service " + name + ": healthcheck must call /health");
                }
                String kafkaName = kafka.map(Map.Entry::getKey).orElse("kafka");
                if (!"service_healthy".equals(service.path("depends_on").path(kafkaName).path("condition").asText())) {
                    problems.add("compose service " + name + ": must depend on " + kafkaName + " being healthy");
                }
            });
            // Prometheus, Grafana, a webhook receiver
            if (fields(services).stream().noneMatch(e -> e.getValue().path("image").asText().contains("prom/prometheus"))) {
                problems.add("compose: no Prometheus service");
            }
            if (fields(services).stream().noneMatch(e -> e.getValue().path("image").asText().contains("grafana/grafana"))) {
                problems.add("compose: no Grafana service");
            }
            Set<String> receivers = new TreeSet<>();
            composeConfigFiles().values().forEach(path -> stream(flatten(yamlOrEmpty(files.get(path)))
                    .getOrDefault("releasewatch.webhooks.subscriptions", JSON.nullNode()))
                    .forEach(s -> receivers.add(URI.create(s.path("url").asText()).getHost())));
            if (receivers.isEmpty()) {
                problems.add("compose: no webhook subscription (MICRONAUT_CONFIG_FILES) for a demo webhook-receiver");
            }
            receivers.stream().filter(host -> !services.has(host))
                    .forEach(host -> problems.add("compose: webhook subscription host " + host + " is not a service (webhook-receiver)"));
            return problems;
        }

        // ---- Prometheus and Grafana

        List<String> checkPrometheusAndGrafana() {
            List<String> problems = new ArrayList<>();
            for (String path : filesOf(Kind.PROMETHEUS)) {
                JsonNode config = yaml.get(path).get(0);
                config.fieldNames().forEachRemaining(k -> {
                    if (!PROMETHEUS_TOP_LEVEL.contains(k)) {
                        problems.add(path + ": unknown top-level key " + k);
                    }
                });
                for (JsonNode job : stream(config.path("scrape_configs")).toList()) {
                    if (job.path("job_name").asText().isBlank()) {
                        problems.add(path + ": a scrape config without job_name");
                    }
                    if (!"/prometheus".equals(job.path("metrics_path").asText())) {
                        problems.add(path + ": metrics_path must be /prometheus (where releasewatch serves its metrics)");
                    }
                    stream(job.path("static_configs")).flatMap(s -> stream(s.path("targets"))).map(JsonNode::asText)
                            .filter(t -> !t.matches("[A-Za-z0-9.-]+:[0-9]+"))
                            .forEach(t -> problems.add(path + ": target " + t + " is not host:port"));
                }
            }
            JsonNode services = compose().path("services");
            Optional<Map.Entry<String, JsonNode>> prometheus = fields(services).stream()
                    .filter(e -> e.getValue().path("image").asText().contains("prom/prometheus")).findFirst();
            prometheus.ifPresent(p -> {
                String config = mountSource(p.getValue(), "/etc/prometheus/prometheus.yml");
                if (config == null || !filesOf(Kind.PROMETHEUS).contains(config)) {
                    problems.add("compose prometheus: must mount a Prometheus config at /etc/prometheus/prometheus.yml");
                    return;
                }
                Set<String> targets = stream(yaml.get(config).get(0).path("scrape_configs"))
                        .flatMap(j -> stream(j.path("static_configs"))).flatMap(s -> stream(s.path("targets")))
                        .map(JsonNode::asText).collect(Collectors.toCollection(TreeSet::new));
                Set<String> expected = releasewatchServices().keySet().stream().map(s -> s + ":8080")
                        .collect(Collectors.toCollection(TreeSet::new));
                if (!targets.equals(expected)) {
                    problems.add(config + ": targets " + targets + " must be the releasewatch services " + expected);
                }
            });
            // Grafana: provisioning mounted, datasource pointing at the Prometheus service, the board loaded
            Optional<Map.Entry<String, JsonNode>> grafana = fields(services).stream()
                    .filter(e -> e.getValue().path("image").asText().contains("grafana/grafana")).findFirst();
            if (grafana.isEmpty()) {
                return problems;
            }
            String provisioning = mountSource(grafana.get().getValue(), "/etc/grafana/provisioning");
            if (provisioning == null || filesOf(Kind.GRAFANA_DATASOURCES).stream().noneMatch(f -> f.startsWith(provisioning + "/datasources/"))
                    || filesOf(Kind.GRAFANA_DASHBOARDS).stream().noneMatch(f -> f.startsWith(provisioning + "/dashboards/"))) {
                problems.add("compose grafana: must mount a provisioning folder with datasources/ and dashboards/ at /etc/grafana/provisioning");
            }
            for (String path : filesOf(Kind.GRAFANA_DATASOURCES)) {
                JsonNode file = yaml.get(path).get(0);
                if (file.path("apiVersion").asInt() != 1) {
                    problems.add(path + ": apiVersion must be 1");
                }
                for (JsonNode ds : stream(file.path("datasources")).toList()) {
                    URI url = URI.create(ds.path("url").asText("none:"));
                    if (!"prometheus".equals(ds.path("type").asText()) || prometheus.isEmpty()
                            || !prometheus.get().getKey().equals(url.getHost())) {
                        problems.add(path + ": datasource " + ds.path("name").asText() + " must be of type prometheus at the Prometheus service");
                    }
                }
            }
            for (String path : filesOf(Kind.GRAFANA_DASHBOARDS)) {
                JsonNode file = yaml.get(path).get(0);
                if (file.path("apiVersion").asInt() != 1) {
                    problems.add(path + ": apiVersion must be 1");
                }
                for (JsonNode provider : stream(file.path("providers")).toList()) {
                    String dir = provider.path("options").path("path").asText();
                    String board = mountSource(grafana.get().getValue(), dir + "/releasewatch.json");
                    if (!"file".equals(provider.path("type").asText()) || !"deploy/grafana/releasewatch.json".equals(board)) {
                        problems.add(path + ": provider " + provider.path("name").asText()
                                + " must be of type file and its path hold the mounted deploy/grafana/releasewatch.json");
                    }
                }
            }
            String board = files.get("deploy/grafana/releasewatch.json");
            try {
                JsonNode dashboard = JSON.readTree(board);
                if (!dashboard.path("panels").isArray() || dashboard.path("panels").isEmpty()) {
                    problems.add("deploy/grafana/releasewatch.json: no panels");
                }
                Set<String> variables = stream(dashboard.path("templating").path("list"))
                        .map(v -> v.path("name").asText()).collect(Collectors.toSet());
                Matcher used = Pattern.compile("\"uid\"\\s*:\\s*\"\\$\\{([A-Za-z0-9_]+)}\"").matcher(board);
                while (used.find()) {
                    if (!variables.contains(used.group(1))) {
                        problems.add("deploy/grafana/releasewatch.json: data source ${" + used.group(1)
                                + "} is not a dashboard variable, so a provisioned board cannot resolve it");
                        break;
                    }
                }
            } catch (IOException | RuntimeException e) {
                problems.add("deploy/grafana/releasewatch.json: does not parse: " + e.getMessage());
            }
            return problems;
        }

        /** The repository path bind-mounted at {@code target} in a compose service, or null. */
        private String mountSource(JsonNode service, String target) {
            return stream(service.path("volumes")).map(JsonNode::asText).map(v -> v.split(":"))
                    .filter(v -> v.length >= 2 && v[1].equals(target) && v[0].startsWith("."))
                    .map(v -> normalize(composeDir() + "/" + v[0])).findFirst().orElse(null);
        }

        // ---- Dockerfile

        List<String> dockerfileInstructions() {
            String text = files.getOrDefault("Dockerfile", "");
            List<String> lines = new ArrayList<>();
            StringBuilder current = new StringBuilder();
            for (String line : text.split("\n")) {
                String trimmed = line.strip();
                if (current.isEmpty() && (trimmed.isEmpty() || trimmed.startsWith("#"))) {
                    continue;
                }
                if (trimmed.startsWith("#")) {
                    continue; // a comment inside a continued instruction
                }
                if (trimmed.endsWith("\\")) {
                    current.append(trimmed, 0, trimmed.length() - 1).append(' ');
                } else {
                    current.append(trimmed);
                    lines.add(current.toString().strip());
                    current.setLength(0);
                }
            }
            return lines;
        }

        Map<String, String> dockerfileEnv() {
            Map<String, String> env = new LinkedHashMap<>();
            for (String line : finalStage()) {
                if (line.toUpperCase(Locale.ROOT).startsWith("ENV ")) {
                    Matcher m = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)=(\"[^\"]*\"|\\S+)").matcher(line.substring(4));
                    while (m.find()) {
                        env.put(m.group(1), m.group(2).replace("\"", ""));
                    }
                }
            }
            return env;
        }

        private List<String> finalStage() {
            List<String> all = dockerfileInstructions();
            int last = 0;
            for (int i = 0; i < all.size(); i++) {
                if (all.get(i).toUpperCase(Locale.ROOT).startsWith("FROM ")) {
                    last = i;
                }
            }
            return all.subList(last, all.size());
        }

        List<String> checkDockerfile() {
            List<String> problems = new ArrayList<>();
            List<String> all = dockerfileInstructions();
            List<String> froms = all.stream().filter(l -> l.toUpperCase(Locale.ROOT).startsWith("FROM ")).toList();
            Matcher build = Pattern.compile("(?i)FROM\\s+eclipse-temurin:17-jdk\\S*\\s+AS\\s+(\\S+)").matcher(froms.isEmpty() ? "" : froms.get(0));
            if (froms.size() < 2 || !build.matches()) {
                problems.add("Dockerfile: must be multi-stage, starting FROM eclipse-temurin:17-jdk AS <stage>");
                return problems;
            }
            if (!froms.get(froms.size() - 1).matches("(?i)FROM\\s+eclipse-temurin:17-jre\\S*(\\s+AS\\s+\\S+)?")) {
                problems.add("Dockerfile: the final stage must be FROM eclipse-temurin:17-jre");
            }
            if (all.stream().noneMatch(l -> l.startsWith("RUN") && l.contains("./mvnw") && l.contains("-DskipTests") && l.contains("package"))) {
                problems.add("Dockerfile: the build stage must RUN ./mvnw -B -DskipTests package");
            }
            List<String> stage = finalStage();
            String jar = "target/" + service.finalName + ".jar";
            if (stage.stream().noneMatch(l -> l.startsWith("COPY --from=" + build.group(1)) && l.contains(jar))) {
                problems.add("Dockerfile: the final stage must COPY --from=" + build.group(1) + " the jar " + jar);
            }
            List<String> users = stage.stream().filter(l -> l.startsWith("USER ")).toList();
            if (users.isEmpty() || users.get(users.size() - 1).substring(5).strip().matches("(root|0)(:.*)?")) {
                problems.add("Dockerfile: the final stage must switch to a non-root USER");
            }
            Optional<String> health = stage.stream().filter(l -> l.startsWith("HEALTHCHECK ")).findFirst();
            if (health.isEmpty() || !health.get().contains("/health") || !health.get().contains("CMD")) {
                problems.add("Dockerfile: needs a HEALTHCHECK that calls /health");
            }
            if (stage.stream().noneMatch(l -> l.matches("EXPOSE\\s+.*\\b8080\\b.*"))) {
                problems.add("Dockerfile: must EXPOSE 8080");
            }
            String dataDir = dockerfileEnv().get("RELEASEWATCH_DATA_DIR");
            if (!"/data".equals(dataDir) || stage.stream().noneMatch(l -> l.startsWith("VOLUME") && l.contains("/data"))) {
                problems.add("Dockerfile: needs ENV RELEASEWATCH_DATA_DIR=/data and VOLUME /data");
            }
            if (stage.stream().noneMatch(l -> l.startsWith("WORKDIR "))) {
                problems.add("Dockerfile: the final stage needs a WORKDIR");
            }
            Optional<String> entrypoint = stage.stream().filter(l -> l.startsWith("ENTRYPOINT ")).findFirst();
            try {
                JsonNode args = JSON.readTree(entrypoint.orElse("ENTRYPOINT null").substring("ENTRYPOINT ".length()));
                List<String> list = stream(args).map(JsonNode::asText).toList();
                if (list.isEmpty() || !list.get(0).equals("java") || !list.contains("-jar")) {
                    problems.add("Dockerfile: ENTRYPOINT must be the exec form [\"java\", ..., \"-jar\", <jar>]");
                }
            } catch (IOException e) {
                problems.add("Dockerfile: ENTRYPOINT must be the exec form (JSON array)");
            }
            Set<String> ignored = Stream.of(files.getOrDefault(".dockerignore", "").split("\n")).map(String::strip)
                    .map(s -> s.replaceAll("^/|/$", "")).collect(Collectors.toSet());
            if (!ignored.containsAll(Set.of("target", "data", ".git"))) {
                problems.add(".dockerignore: must leave out target/, data/ and .git");
            }
            return problems;
        }

        // ---- configuration keys: environment variables and config files

        List<String> checkConfiguration() {
            List<String> problems = new ArrayList<>();
            // compose: the releasewatch services
            Map<String, String> composeFiles = composeConfigFiles();
            releasewatchServices().forEach((name, service) -> {
                Set<String> placeholders = new HashSet<>();
                composeFiles.values().forEach(p -> placeholders.addAll(placeholders(files.getOrDefault(p, ""))));
                iterable(service.path("environment").fieldNames())
                        .forEach(var -> envProblem(var, placeholders).ifPresent(p -> problems.add("compose service " + name + ": " + p)));
            });
            composeFiles.forEach((inContainer, path) -> {
                if (!files.containsKey(path)) {
                    problems.add("compose: MICRONAUT_CONFIG_FILES names " + inContainer + ", mounted from missing " + path);
                } else {
                    problems.addAll(configKeyProblems(path, files.get(path)));
                }
            });
            // Kubernetes: the StatefulSet's container, its config files (ConfigMap, Secret)
            releasewatchContainer().ifPresent(container -> {
                Map<String, String> configFiles = k8sConfigFiles();
                Set<String> referenced = new HashSet<>();
                configFiles.values().stream().filter(Objects::nonNull).forEach(c -> referenced.addAll(placeholders(c)));
                List<String> defined = new ArrayList<>();
                for (JsonNode e : stream(container.path("env")).toList()) {
                    String name = e.path("name").asText();
                    Matcher ref = Pattern.compile("\\$\\(([A-Za-z0-9_]+)\\)").matcher(e.path("value").asText(""));
                    while (ref.find()) {
                        referenced.add(ref.group(1));
                        if (!defined.contains(ref.group(1))) {
                            problems.add("StatefulSet env " + name + ": $(" + ref.group(1) + ") is not defined before it");
                        }
                    }
                    defined.add(name);
                }
                for (String name : defined) {
                    envProblem(name, referenced).ifPresent(p -> problems.add("StatefulSet env: " + p));
                }
                configFiles.forEach((file, content) -> {
                    if (content == null) {
                        problems.add("StatefulSet: MICRONAUT_CONFIG_FILES names " + file + ", which no mounted ConfigMap or Secret key provides");
                        return;
                    }
                    problems.addAll(configKeyProblems("StatefulSet " + file, content));
                    for (String placeholder : placeholders(content)) {
                        if (!defined.contains(placeholder)) {
                            problems.add("StatefulSet " + file + ": ${" + placeholder + "} is not an env var of the container");
                        }
                    }
                });
            });
            // the image's own environment
            dockerfileEnv().keySet().stream().filter(v -> v.startsWith("RELEASEWATCH_") || v.startsWith("MICRONAUT_"))
                    .forEach(v -> envProblem(v, Set.of()).ifPresent(p -> problems.add("Dockerfile ENV: " + p)));
            return problems;
        }

        /** Why an environment variable of a releasewatch container would be ignored, if it would be. */
        Optional<String> envProblem(String name, Set<String> referenced) {
            if (name.startsWith("KAFKA_")) {
                String key = name.substring("KAFKA_".length()).toLowerCase(Locale.ROOT).replace('_', '.');
                return KAFKA_CLIENT_CONFIGS.contains(key) ? Optional.empty()
                        : Optional.of(name + " maps to kafka." + key + ", which is no Kafka client setting");
            }
            if (name.startsWith("RELEASEWATCH_") || name.startsWith("MICRONAUT_")) {
                String property = name.toLowerCase(Locale.ROOT).replace('_', '.');
                return service.keys.stream().anyMatch(k -> k.replace('-', '.').equals(property)) ? Optional.empty()
                        : Optional.of(name + " maps to " + property + ", which the service does not read");
            }
            if (referenced.contains(name) || JVM_ENV.contains(name)) {
                return Optional.empty();
            }
            return Optional.of(name + " is neither a configuration key nor used by another variable or a config file");
        }

        /** Keys of a releasewatch config file that the service would not read. */
        List<String> configKeyProblems(String where, String content) {
            List<String> problems = new ArrayList<>();
            JsonNode root;
            try {
                root = documents(content).stream().findFirst().orElse(JSON.nullNode());
            } catch (IOException | RuntimeException e) {
                return List.of(where + ": does not parse: " + e.getMessage());
            }
            flatten(root).keySet().forEach(key -> {
                if (key.startsWith("kafka.")) {
                    String setting = key.substring("kafka.".length());
                    if (!KAFKA_CLIENT_CONFIGS.contains(setting) && MICRONAUT_KAFKA_KEYS.stream().noneMatch(setting::startsWith)) {
                        problems.add(where + ": " + key + " is no Kafka client setting");
                    }
                } else if (!service.keys.contains(key)) {
                    problems.add(where + ": " + key + " is not a configuration key of the service");
                }
            });
            return problems;
        }

        // ---- webhook subscriptions, read by the service's own WebhookSettings

        /** Every releasewatch config file given by MICRONAUT_CONFIG_FILES: where → content. */
        Map<String, String> releasewatchConfigFiles() {
            Map<String, String> all = new LinkedHashMap<>();
            composeConfigFiles().forEach((inContainer, path) -> all.put("compose " + path, files.get(path)));
            k8sConfigFiles().forEach((file, content) -> all.put("StatefulSet " + file, content));
            return all;
        }

        List<String> checkWebhookSubscriptions() {
            List<String> problems = new ArrayList<>();
            int subscriptions = 0;
            for (var entry : releasewatchConfigFiles().entrySet()) {
                if (entry.getValue() == null || !entry.getValue().contains("webhooks")) {
                    continue;
                }
                try (ApplicationContext context = ConfigContext.of(PropertySource.of(entry.getKey(), new YamlPropertySourceLoader()
                        .read(entry.getKey(), new ByteArrayInputStream(entry.getValue().getBytes(StandardCharsets.UTF_8)))))) {
                    WebhookSettings settings = context.getBean(WebhookSettings.class);
                    subscriptions += settings.subscriptions().size();
                } catch (Exception e) {
                    problems.add(entry.getKey() + ": the service refuses its webhook configuration: " + e.getMessage());
                }
            }
            if (subscriptions < 2 && problems.isEmpty()) {
                problems.add("expected a webhook subscription in compose and one in Kubernetes, found " + subscriptions);
            }
            return problems;
        }
    }

    // ---------------------------------------------------------------------------------------------------
    // what the service expects, read from its configuration and sources

    record Service(JsonNode applicationYml, Set<String> keys, String finalName) {

        static Service read() {
            try {
                JsonNode yml = YAML.readTree(Files.readString(Path.of("src/main/resources/application.yml")));
                Set<String> keys = new TreeSet<>(flatten(yml).keySet());
                List<Path> sources;
                try (Stream<Path> walk = Files.walk(Path.of("src/main/java"))) {
                    sources = walk.filter(p -> p.toString().endsWith(".java")).toList();
                }
                Pattern placeholder = Pattern.compile("\\$\\{([a-z][a-z0-9.-]*[a-z0-9])[:}]");
                Pattern literal = Pattern.compile("getProperty\\(\\s*\"([a-z][a-z0-9.-]+)\"");
                Pattern prefixConstant = Pattern.compile("PREFIX\\s*=\\s*\"([a-z0-9.-]+)\"");
                Pattern prefixed = Pattern.compile("PREFIX\\s*\\+\\s*\"(\\.[a-z0-9.-]+)\"");
                for (Path source : sources) {
                    String code = Files.readString(source);
                    placeholder.matcher(code).results().forEach(m -> keys.add(m.group(1)));
                    literal.matcher(code).results().forEach(m -> keys.add(m.group(1)));
                    Matcher prefix = prefixConstant.matcher(code);
                    if (prefix.find()) {
                        String p = prefix.group(1);
                        prefixed.matcher(code).results().forEach(m -> keys.add(p + m.group(1)));
                    }
                    if (code.contains("@ConfigurationProperties(")) {
                        String className = Path.of("src/main/java").relativize(source).toString()
                                .replace(".java", "").replace('/', '.').replace('\\', '.');
                        Class<?> type = Class.forName(className);
                        ConfigurationProperties properties = type.getAnnotation(ConfigurationProperties.class);
                        if (properties != null && type.isRecord()) {
                            for (RecordComponent c : type.getRecordComponents()) {
                                keys.add(properties.value() + "." + kebab(c.getName()));
                            }
                        }
                    }
                }
                keys.add("micronaut.config.files");
                keys.add("micronaut.environments");
                String pom = Files.readString(Path.of("pom.xml"));
                Matcher finalName = Pattern.compile("<finalName>([^<]+)</finalName>").matcher(pom);
                return new Service(yml, Set.copyOf(keys), finalName.find() ? finalName.group(1) : "?");
            } catch (IOException | ClassNotFoundException e) {
                throw new IllegalStateException(e);
            }
        }

        /** The value application.yml gives, or else the default in code (one place per default). */
        String value(String key) {
            JsonNode v = flatten(applicationYml).get(key);
            return v == null ? ConfigDefaults.of(key).orElse(null) : v.asText();
        }

        String applicationId() {
            return value("releasewatch.application-id");
        }

        /** Topic name → configuration, as the service creates its topics (names from application.yml). */
        Map<String, Map<String, String>> topicConfigs() {
            TopicsConfig topics = new TopicsConfig(value("releasewatch.topics.releases"), value("releasewatch.topics.sanctions"),
                    value("releasewatch.topics.watchlist"), value("releasewatch.topics.alerts"), value("releasewatch.topics.dlq"),
                    value("releasewatch.topics.webhook-dlq"), value("releasewatch.topics.internal-events"),
                    value("releasewatch.topics.internal-watchlist"), true, 1, (short) 1);
            Map<String, Map<String, String>> wanted = new TopicProvisioner(null, topics, null).wanted();
            Set<String> named = flatten(applicationYml.path("releasewatch").path("topics")).entrySet().stream()
                    .filter(e -> e.getValue().isTextual()).map(e -> e.getValue().asText()).collect(Collectors.toSet());
            if (!wanted.keySet().equals(named)) {
                throw new IllegalStateException("releasewatch.topics.* in application.yml " + named
                        + " differ from the topics the service provisions " + wanted.keySet());
            }
            return wanted;
        }

        /** ACL resource ({@code type:patternType:name}) → operations the service needs. */
        Map<String, Set<String>> requiredAcls() {
            String app = applicationId();
            checkSourcesUseTheApplicationIdPrefix(app);
            Map<String, Set<String>> acls = new TreeMap<>();
            Function<String, String> topic = key -> "topic:literal:" + value("releasewatch.topics." + key);
            for (String in : List.of("watchlist", "source-coordination")) {
                acls.put(topic.apply(in), Set.of("Read", "Describe"));
            }
            // sanctions and releases: also written by the followed sanctions lists and prisoner rosters (sources/)
            for (String through : List.of("internal-events", "internal-watchlist", "internal-releases-by-person", "alerts",
                    "releases", "sanctions", "source-snapshots", "acks", "silences", "subscriptions")) {
                acls.put(topic.apply(through), Set.of("Read", "Write", "Describe"));
            }
            for (String out : List.of("dlq", "webhook-dlq")) {
                acls.put(topic.apply(out), Set.of("Write", "Describe"));
            }
            // Kafka Streams' changelog and repartition topics: created, read, written, purged (DeleteRecords)
            acls.put("topic:prefix:" + app + "-", Set.of("Create", "Describe", "Read", "Write", "Delete"));
            acls.put("group:literal:" + app, Set.of("Read"));       // Kafka Streams
            acls.put("group:prefix:" + app + "-", Set.of("Read"));  // ingest and webhook consumers
            acls.put("transactionalId:prefix:" + app + "-", Set.of("Write", "Describe"));
            acls.put("cluster:literal:", Set.of("IdempotentWrite"));
            return acls;
        }

        /** What may be granted: the required operations plus harmless describes on the same resources. */
        Map<String, Set<String>> allowedAcls() {
            Map<String, Set<String>> allowed = new TreeMap<>();
            requiredAcls().forEach((resource, ops) -> {
                Set<String> all = new TreeSet<>(ops);
                if (!resource.startsWith("cluster:")) {
                    all.add("Describe");
                }
                if (resource.startsWith("topic:prefix:")) {
                    all.add("DescribeConfigs");
                }
                allowed.put(resource, all);
            });
            return allowed;
        }

        /** The ACLs are written for groups and transactional ids that start with the application id and '-'. */
        private static void checkSourcesUseTheApplicationIdPrefix(String app) {
            String sources;
            try (Stream<Path> walk = Files.walk(Path.of("src/main/java"))) {
                StringBuilder all = new StringBuilder();
                for (Path p : walk.filter(f -> f.toString().endsWith(".java")).toList()) {
                    all.append(Files.readString(p)).append('\n');
                }
                sources = all.toString();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            List<String> bad = new ArrayList<>();
            Pattern listenerGroup = Pattern.compile("groupId\\s*=\\s*\"([^\"]*)\"");
            listenerGroup.matcher(sources).results().map(m -> m.group(1))
                    .filter(g -> !g.startsWith("${releasewatch.application-id}-")).forEach(bad::add);
            Pattern configured = Pattern.compile("(GROUP_ID_CONFIG|TRANSACTIONAL_ID_CONFIG)\\s*,\\s*([^;]+);");
            configured.matcher(sources).results().map(m -> m.group(2).replaceAll("\\s+", ""))
                    .filter(v -> !v.startsWith("clients.applicationId()+\"-")).forEach(bad::add);
            Matcher streamsId = Pattern.compile("APPLICATION_ID_CONFIG\\s*,\\s*([^)]+\\))").matcher(sources);
            if (!streamsId.find() || !streamsId.group(1).replaceAll("\\s+", "").equals("clients.applicationId()")) {
                bad.add("Kafka Streams application.id");
            }
            if (!bad.isEmpty()) {
                throw new IllegalStateException("consumer groups / transactional ids not under the application id '" + app
                        + "-' prefix that deploy/k8s/user.yaml grants: " + bad);
            }
        }
    }

    // ---------------------------------------------------------------------------------------------------
    // helpers

    static List<JsonNode> documents(String content) throws IOException {
        List<JsonNode> docs = new ArrayList<>();
        try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(content)) {
            while (it.hasNext()) {
                JsonNode doc = it.next();
                if (doc != null && !doc.isNull() && !doc.isMissingNode()) {
                    docs.add(doc);
                }
            }
        }
        return docs;
    }

    static JsonNode yamlOrEmpty(String content) {
        try {
            return content == null ? JSON.nullNode() : documents(content).stream().findFirst().orElse(JSON.nullNode());
        } catch (IOException | RuntimeException e) {
            return JSON.nullNode();
        }
    }

    /** Micronaut's view of a YAML tree: nested keys joined with dots; a list is one value. */
    static Map<String, JsonNode> flatten(JsonNode node) {
        Map<String, JsonNode> flat = new TreeMap<>();
        flatten("", node, flat);
        return flat;
    }

    private static void flatten(String prefix, JsonNode node, Map<String, JsonNode> flat) {
        if (node != null && node.isObject() && !node.isEmpty()) {
            node.fields().forEachRemaining(e -> flatten(prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(), e.getValue(), flat));
        } else if (!prefix.isEmpty()) {
            flat.put(prefix, node);
        }
    }

    /** Upper-case ${NAME} placeholders of a config file: environment variables it reads. */
    static Set<String> placeholders(String content) {
        Set<String> names = new TreeSet<>();
        Matcher m = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)(:[^}]*)?}").matcher(content == null ? "" : content);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    private static void walkStrings(JsonNode node, String path, java.util.function.BiConsumer<String, String> visit) {
        if (node.isTextual()) {
            visit.accept(path, node.asText());
        } else if (node.isObject()) {
            node.fields().forEachRemaining(e -> walkStrings(e.getValue(), path + "." + e.getKey(), visit));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                walkStrings(node.get(i), path + "[" + i + "]", visit);
            }
        }
    }

    private static Stream<JsonNode> stream(JsonNode array) {
        List<JsonNode> items = new ArrayList<>();
        if (array != null && array.isArray()) {
            array.forEach(items::add);
        }
        return items.stream();
    }

    private static List<Map.Entry<String, JsonNode>> fields(JsonNode object) {
        List<Map.Entry<String, JsonNode>> list = new ArrayList<>();
        object.fields().forEachRemaining(list::add);
        return list;
    }

    private static List<String> iterable(Iterator<String> names) {
        List<String> list = new ArrayList<>();
        names.forEachRemaining(list::add);
        return list;
    }

    private static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }

    private static String parent(String path) {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? "" : path.substring(0, slash);
    }

    /** A path relative to the repository root, without ./ and ../ ("" is the root). */
    private static String normalize(String path) {
        Path normalized = Path.of(path).normalize();
        return normalized.toString().replace('\\', '/');
    }
}
