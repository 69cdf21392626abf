package dev.collab.server.internal.metrics;

import dev.collab.ErrorCode;
import dev.collab.server.internal.engine.EngineObserver;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The engine's counts as Micrometer meters (names, tags and meanings: docs/OPERATIONS.md). Every
 * meter with a fixed set of tags is registered up front, so a scrape shows it at 0 before it first
 * moves; the one tag with open values, the OT type of {@code collab.ops.committed}, takes the names
 * of the types the application installed (a handful). Thread-safe.
 */
final class MicrometerObserver implements EngineObserver {
  private final MeterRegistry registry;
  private final Consumer<Meter> registered;
  private final Map<String, Counter> committed = new ConcurrentHashMap<>();
  private final Map<ErrorCode, Counter> rejected = new EnumMap<>(ErrorCode.class);
  private final Timer ackLatency;
  private final Timer fanOutLatency;
  private final DistributionSummary transforms;
  private final DistributionSummary commitBatch;
  private final Timer appendLatency;
  private final Counter appendErrors;
  private final Counter readErrors;
  private final Counter messageRateLimited;
  private final Counter submitRateLimited;
  private final Counter slowConsumerClosed;
  private final Counter busPublished;
  private final Counter busReceived;
  private final Counter busLostOps;
  private final Counter gapFills;

  /**
   * @param registry where the meters go
   * @param registered told every meter registered, so that the binding can remove them again
   */
  MicrometerObserver(MeterRegistry registry, Consumer<Meter> registered) {
    this.registry = registry;
    this.registered = registered;
    for (ErrorCode code : ErrorCode.values()) {
      rejected.put(code, keep(Counter.builder("collab.submits.rejected").tag("code", code.wire())
          .description("Submits refused, by error code (nothing was committed)").register(registry)));
    }
    ackLatency = keep(latency("collab.submit.ack.latency",
        "From a submit queued on its document to its ack handed to the connection, after the commit"));
    fanOutLatency = keep(latency("collab.fanout.latency",
        "From a committed append's return to its ops handed to every local subscriber and listener"));
    appendLatency = keep(latency("collab.store.append.latency",
        "One store call appending the ops of one or more documents (one transaction)"));
    transforms = keep(DistributionSummary.builder("collab.submit.transforms")
        .description("Ops a committed submit was transformed over (committed since its base, or before it in its batch)")
        .publishPercentileHistogram().maximumExpectedValue(1_000.0).register(registry));
    commitBatch = keep(DistributionSummary.builder("collab.commit.batch.documents")
        .description("Documents whose appends one store call (one transaction) wrote: the group commit's batch size")
        .publishPercentileHistogram().maximumExpectedValue(1_000.0).register(registry));
    appendErrors = keep(storeErrors("append"));
    readErrors = keep(storeErrors("read"));
    messageRateLimited = keep(rateLimit("messages"));
    submitRateLimited = keep(rateLimit("submits"));
    slowConsumerClosed = keep(Counter.builder("collab.connections.slow.closed")
        .description("Connections closed with 1013 because the client did not keep up").register(registry));
    busPublished = keep(Counter.builder("collab.bus.messages.published")
        .description("Messages this node published on the cluster bus").register(registry));
    busReceived = keep(Counter.builder("collab.bus.messages.received")
        .description("Messages of other nodes received from the cluster bus for a loaded document").register(registry));
    busLostOps = keep(Counter.builder("collab.bus.ops.lost")
        .description("Ops committed elsewhere that did not come over the bus in time and were read from the store")
        .register(registry));
    gapFills = keep(Counter.builder("collab.bus.gap.fills")
        .description("Reads from the store of ops committed elsewhere (a lost or late bus message, a conflict)")
        .register(registry));
  }

  private Timer latency(String name, String description) {
    return Timer.builder(name).description(description).publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofNanos(100_000)).maximumExpectedValue(Duration.ofSeconds(30)).register(registry);
  }

  private Counter storeErrors(String operation) {
    return Counter.builder("collab.store.errors").tag("operation", operation)
        .description("Store calls of the submit path that failed").register(registry);
  }

  private Counter rateLimit(String limit) {
    return Counter.builder("collab.ratelimit.hits").tag("limit", limit)
        .description("Messages (messages) or submits (submits) refused by a rate limit").register(registry);
  }

  private <M extends Meter> M keep(M meter) {
    registered.accept(meter);
    return meter;
  }

  @Override
  public void committed(String type, int ops) {
    committed.computeIfAbsent(type, name -> keep(Counter.builder("collab.ops.committed").tag("type", name)
        .description("Ops committed by this node, by OT type").register(registry))).increment(ops);
  }

  @Override
  public void acknowledged(long nanos) {
    ackLatency.record(nanos, TimeUnit.NANOSECONDS);
  }

  @Override
  public void fannedOut(long nanos) {
    fanOutLatency.record(nanos, TimeUnit.NANOSECONDS);
  }

  @Override
  public void transformed(int count) {
    transforms.record(count);
  }

  @Override
  public void appended(int documents, long nanos) {
    commitBatch.record(documents);
    appendLatency.record(nanos, TimeUnit.NANOSECONDS);
  }

  @Override
  public void storeFailed(String operation) {
    ("read".equals(operation) ? readErrors : appendErrors).increment();
  }

  @Override
  public void rejected(ErrorCode code) {
    rejected.get(code).increment();
    if (code == ErrorCode.RATE_LIMITED) {
      submitRateLimited.increment();
    }
  }

  @Override
  public void messageRateLimited() {
    messageRateLimited.increment();
  }

  @Override
  public void slowConsumerClosed() {
    slowConsumerClosed.increment();
  }

  @Override
  public void busPublished() {
    busPublished.increment();
  }

  @Override
  public void busReceived() {
    busReceived.increment();
  }

  @Override
  public void gapFilled(int missedOps) {
    gapFills.increment();
    busLostOps.increment(missedOps);
  }
}
