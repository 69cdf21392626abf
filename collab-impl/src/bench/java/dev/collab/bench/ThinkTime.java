package dev.collab.bench;

import java.util.Comparator;
import java.util.Locale;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.jspecify.annotations.Nullable;

/**
 * What a load tool's client does between an ack and its next submit (the tools' {@code thinkMs}):
 * nothing, the closed loop at full speed; or wait a random 0.5x to 1.5x of the think time (to
 * within a 50 us tick) and submit from the pacer thread, as a client on the network would. With think time the offered load
 * stays below saturation, so the latency read is the system's answer time, not a queue's length.
 * Jittered so that the clients do not fall into step.
 *
 * <p>A client's latency counts from when it meant to submit ({@code intendedNanos}: the ack plus
 * the think time), not from when the timer got round to it. Otherwise a pause of the process (a
 * GC, in the in-process tool, stops the clients too) would go unmeasured for every submit it
 * delayed, and only the few in flight would show it ("coordinated omission").
 */
final class ThinkTime {
  /** How long the pacer sleeps between rounds: the granularity of a think time. */
  private static final long TICK_NANOS = TimeUnit.MICROSECONDS.toNanos(50);

  private record Due(long nanos, Looping client) {}

  /**
   * One pacer thread that wakes every tick and submits for every client whose think time is over.
   * A ScheduledExecutorService did the same with a task, a lock and a wake-up per submit: at
   * 190,000 submits a second that was a third of the in-process tool's CPU, taken from the engine
   * it measures. Started on the first think time only (the holder idiom): the bench server loads
   * this class through {@link WireLoad} and must not run a pacer, which would wake a thousand
   * times a second and count as the server's CPU.
   */
  private static final class Pacer {
    /** Clients whose think time runs, handed to the pacer by whichever thread got their answer. */
    static final ConcurrentLinkedQueue<Due> INBOX = new ConcurrentLinkedQueue<>();

    static {
      Thread pacer = new Thread(Pacer::pace, "load-think-time");
      pacer.setDaemon(true);
      pacer.start();
    }

    private Pacer() {}

    private static void pace() {
      PriorityQueue<Due> waiting = new PriorityQueue<>(Comparator.comparingLong(Due::nanos));
      while (true) {
        for (Due due; (due = INBOX.poll()) != null; ) {
          waiting.add(due);
        }
        long now = System.nanoTime();
        while (!waiting.isEmpty() && waiting.peek().nanos() <= now) {
          Due due = waiting.poll();
          try {
            next(due.client(), due.nanos());
          } catch (RuntimeException e) {
            e.printStackTrace();
          }
        }
        LockSupport.parkNanos(waiting.isEmpty() && INBOX.isEmpty() ? TimeUnit.MILLISECONDS.toNanos(1) : TICK_NANOS);
      }
    }
  }

  private final long micros;

  private ThinkTime(long micros) {
    this.micros = micros;
  }

  /** From the option {@code thinkMs} (milliseconds, fractions allowed; default 0). */
  static ThinkTime of(Map<String, String> options) {
    double millis = Double.parseDouble(options.getOrDefault("thinkMs", "0"));
    if (millis < 0) {
      throw new IllegalArgumentException("thinkMs must be 0 or more, was " + millis);
    }
    return new ThinkTime(Math.round(millis * 1000));
  }

  /** A closed-loop client of a load tool: one submit in flight, stopped by a latch. */
  interface Looping {
    /** The latch to count down instead of submitting again, once the tool stops the run. */
    @Nullable CountDownLatch stopLatch();

    /** Submits the next op; its latency counts from {@code intendedNanos} ({@link System#nanoTime()}). */
    void submitNext(long intendedNanos);
  }

  /** The answer to {@code client}'s submit arrived: it stops, submits again, or thinks first. */
  void answered(Looping client) {
    if (micros == 0) {
      next(client, System.nanoTime());
    } else {
      long delayMicros = micros / 2 + ThreadLocalRandom.current().nextLong(micros + 1);
      Pacer.INBOX.add(new Due(System.nanoTime() + TimeUnit.MICROSECONDS.toNanos(delayMicros), client));
    }
  }

  private static void next(Looping client, long intendedNanos) {
    CountDownLatch latch = client.stopLatch();
    if (latch != null) {
      latch.countDown();
    } else {
      client.submitNext(intendedNanos);
    }
  }

  private boolean none() {
    return micros == 0;
  }

  @Override
  public String toString() {
    return none() ? "none (closed loop at full speed)"
        : String.format(Locale.ROOT, "a random 0.5x to 1.5x of %.1f ms after each ack", micros / 1000.0);
  }
}
