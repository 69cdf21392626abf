package dev.collab.server.internal.config;

import dev.collab.server.internal.engine.EngineConfig;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Every {@code collab.*} setting of one deployment, parsed and validated once when the application
 * starts ({@link CollabSettings#deployed()}), then handed to the engine, the WebSocket endpoint and
 * handshake, the REST resources and the asset servlet, none of which reads a property again. Keys,
 * defaults and precedence are in {@code docs/CONFIGURATION.md}.
 *
 * @param engine the engine's limits ({@code collab.max-op-length} ... {@code collab.max-document-bytes})
 * @param wire the WebSocket layer's limits and policies ({@code collab.max-message-bytes}, ...)
 * @param webSocketPath {@code collab.ws.path}, starting with {@code /}
 * @param clientPath {@code collab.client.path}, starting with {@code /}, no trailing slash
 * @param store {@code collab.store} as set, or null; only {@code memory} names a store Collab has, which
 *     is checked only when the application provides no store (otherwise the key is unused)
 * @param bus {@code collab.bus}
 * @param nodes {@code collab.nodes}, at least 1
 * @param redisUri {@code collab.redis.uri}
 * @param jmsConnectionFactory {@code collab.jms.connection-factory}, a JNDI name
 * @param jmsTopic {@code collab.jms.topic}
 * @param anyUserWrites {@code collab.any-user-writes}
 * @param adminRole {@code collab.admin-role}: the container role of the node's administrators (the
 *     admin REST API, {@code docs/OPERATIONS.md})
 * @param health the health probes' settings ({@code collab.health.*})
 * @param set the keys that were set and their values as read (for the start-up log), in read order
 */
public record CollabConfiguration(
    EngineConfig engine,
    WireConfig wire,
    String webSocketPath,
    String clientPath,
    @Nullable String store,
    Bus bus,
    int nodes,
    String redisUri,
    String jmsConnectionFactory,
    String jmsTopic,
    boolean anyUserWrites,
    String adminRole,
    HealthConfig health,
    Map<String, String> set) {

  /** The cluster buses Collab provides ({@code collab.bus}). */
  public enum Bus {
    /** The in-JVM bus: one node only. */
    LOCAL,
    /** Redis pub/sub through Lettuce, on {@code collab.redis.uri}. */
    REDIS,
    /** A Jakarta Messaging topic, from the connection factory at {@code collab.jms.connection-factory}. */
    JMS
  }

  public CollabConfiguration {
    Objects.requireNonNull(engine, "engine");
    Objects.requireNonNull(wire, "wire");
    Objects.requireNonNull(bus, "bus");
    Objects.requireNonNull(adminRole, "adminRole");
    Objects.requireNonNull(health, "health");
    set = Map.copyOf(set);
  }

  /** Every setting at its default, as with nothing set anywhere. */
  public static CollabConfiguration defaults() {
    return parse(key -> Optional.empty());
  }

  /**
   * Parses and validates every setting from {@code settings} (the raw value of a key, if set).
   *
   * @throws InvalidSettingException naming the first key whose value is not allowed, its value and
   *     what is allowed
   */
  public static CollabConfiguration parse(Function<String, Optional<String>> settings) {
    SettingsReader read = new SettingsReader(settings);
    EngineConfig engine = engine(read);
    WireConfig wire = wire(read);
    String webSocketPath = read.path("collab.ws.path", "/collab/ws");
    String clientPath = read.subPath("collab.client.path", "/collab/client");
    String store = read.optional("collab.store");
    Bus bus = read.choice("collab.bus", Bus.LOCAL, Bus.class);
    int nodes = read.integer("collab.nodes", 1, 1);
    String redisUri = read.uri("collab.redis.uri", "redis://127.0.0.1:6379", "redis");
    String factory = read.string("collab.jms.connection-factory", "java:comp/DefaultJMSConnectionFactory");
    String topic = read.string("collab.jms.topic", "collab");
    boolean anyUserWrites = read.bool("collab.any-user-writes", false);
    String adminRole = read.string("collab.admin-role", "collab-admin");
    HealthConfig health = HealthConfig.read(read);
    return new CollabConfiguration(engine, wire, webSocketPath, clientPath, store, bus, nodes, redisUri, factory,
        topic, anyUserWrites, adminRole, health, read.set());
  }

  private static EngineConfig engine(SettingsReader read) {
    EngineConfig d = EngineConfig.DEFAULTS;
    // The lower bounds are EngineConfig's own (its constructor would refuse less, naming the field,
    // not the key): every count at least 1, maxRetries at least 0, createWindow above zero,
    // maxDocumentBytes at least EngineConfig.MIN_DOCUMENT_BYTES.
    return new EngineConfig(
        read.integer("collab.max-op-length", d.maxOpLength(), 1),
        read.integer("collab.max-document-length", d.maxDocumentLength(), 1),
        read.integer("collab.max-pending-per-document", d.maxPendingPerDocument(), 1),
        read.integer("collab.max-in-flight-per-client", d.maxInFlightPerClient(), 1),
        read.integer("collab.max-retries", d.maxRetries(), 0),
        read.integer("collab.max-batch", d.maxBatch(), 1),
        read.integer("collab.window-size", d.windowSize(), 1),
        read.integer("collab.snapshot-every", d.snapshotEvery(), 1),
        read.duration("collab.idle-unload", d.idleUnload(), false),
        read.duration("collab.access-cache-ttl", d.accessCacheTtl(), false),
        read.duration("collab.presence-interval", d.presenceInterval(), false),
        read.integer("collab.worker-threads", d.workerThreads(), 1),
        read.integer("collab.max-commit-queue", d.maxCommitQueue(), 1),
        read.integer("collab.max-commit-batch", d.maxCommitBatch(), 1),
        read.integer("collab.committer-threads", d.committerThreads(), 1),
        read.integer("collab.max-catch-up-ops", d.maxCatchUpOps(), 1),
        read.integer("collab.max-presence-meta-length", d.maxPresenceMetaLength(), 1),
        read.integer("collab.max-creates-per-user", d.maxCreatesPerUser(), 1),
        read.duration("collab.create-window", d.createWindow(), true),
        read.integer("collab.max-loaded-documents", d.maxLoadedDocuments(), 1),
        read.integer("collab.max-document-bytes", d.maxDocumentBytes(), EngineConfig.MIN_DOCUMENT_BYTES));
  }

  private static WireConfig wire(SettingsReader read) {
    WireConfig d = WireConfig.DEFAULTS;
    return new WireConfig(
        read.integer("collab.max-message-bytes", d.maxMessageBytes(), 1),
        read.integer("collab.max-messages-per-second", d.maxMessagesPerSecond(), 1),
        read.integer("collab.max-messages-per-second-per-user", d.maxMessagesPerSecondPerUser(), 1),
        read.integer("collab.max-json-depth", d.maxJsonDepth(), 1),
        read.integer("collab.max-queued-messages", d.maxQueuedMessages(), 1),
        read.integer("collab.max-queued-bytes", d.maxQueuedBytes(), 1),
        read.duration("collab.idle-timeout", d.idleTimeout(), false),
        read.bool("collab.allow-anonymous", d.allowAnonymous()),
        read.origins("collab.allowed-origins", d.allowedOrigins()),
        read.integer("collab.max-connections-per-user", d.maxConnectionsPerUser(), 1),
        read.bool("collab.tyrus-own-timer", d.tyrusOwnTimer()),
        read.duration("collab.fan-out-linger", d.fanOutLinger(), false, WireConfig.MAX_FAN_OUT_LINGER));
  }

  /** For the start-up log: the keys that were set, or that none was. */
  String describeSet() {
    if (set.isEmpty()) {
      return "no collab.* setting is set; every one has its default";
    }
    StringBuilder text = new StringBuilder();
    set.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
      if (text.length() > 0) {
        text.append(", ");
      }
      // a Redis URI may carry a password: never in the log
      text.append(e.getKey()).append('=').append(e.getValue().replaceAll("//[^/@]*@", "//***@"));
    });
    return text.append(" (every other key at its default)").toString();
  }
}
