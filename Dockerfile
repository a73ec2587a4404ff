# syntax=docker/dockerfile:1
# releasewatch: build the fat jar with the Maven wrapper, run it on a JRE as a non-root user.
#   docker build -t releasewatch .
#   docker run -p 8080:8080 -e KAFKA_BOOTSTRAP_SERVERS=broker:9092 -v releasewatch-data:/data releasewatch

FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
COPY .mvn/ .mvn/
COPY mvnw pom.xml ./
COPY src/ src/
# the cache mount keeps ~/.m2 between builds (BuildKit); the wrapper fetches Maven itself
RUN --mount=type=cache,target=/root/.m2 ./mvnw -B -DskipTests package

FROM eclipse-temurin:17-jre
# a fixed, unprivileged uid/gid (Kubernetes runAsUser/fsGroup in deploy/k8s use the same numbers)
RUN groupadd --system --gid 10001 releasewatch \
 && useradd --system --uid 10001 --gid releasewatch --home-dir /app --no-create-home --shell /usr/sbin/nologin releasewatch \
 && mkdir -p /app /data \
 && chown releasewatch:releasewatch /data
WORKDIR /app
COPY --from=build /src/target/releasewatch.jar /app/releasewatch.jar
# Kafka Streams state (streams/) and, with no Kafka configured, the embedded broker (kafka/)
ENV RELEASEWATCH_DATA_DIR=/data
# glibc's default of 8 malloc arenas per core lets RocksDB's native allocations fragment into
# hundreds of MiB of resident memory; two arenas keep the process near heap + the 64 MiB RocksDB bound
ENV MALLOC_ARENA_MAX=2
VOLUME ["/data"]
USER 10001:10001
EXPOSE 8080
# curl ships with the Ubuntu-based eclipse-temurin images; /health is 200 once consumers and topology run
HEALTHCHECK --interval=15s --timeout=5s --start-period=90s --retries=3 \
  CMD curl -fsS -o /dev/null "http://localhost:${MICRONAUT_SERVER_PORT:-8080}/health" || exit 1
# arguments go to the jar: `docker run releasewatch broker` runs only the embedded broker
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=60", "-XX:+ExitOnOutOfMemoryError", "-jar", "/app/releasewatch.jar"]
