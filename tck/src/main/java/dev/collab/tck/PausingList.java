package dev.collab.tck;

import java.util.AbstractList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The ops the race tests hand to {@code append}: an unmodifiable list that pauses for a moment at
 * every element read. A store that reads the head and then writes, in two steps, reads its ops
 * between the two (to check their {@code (client, seq)}, to build its rows), so the pause holds
 * its window open while the other racers, released together, make their own check. A store that
 * checks and writes atomically only gets slower (the pause falls inside its lock or transaction).
 *
 * @param <E> the element type
 */
final class PausingList<E> extends AbstractList<E> {
  /** The pause at each element read. */
  static final long PAUSE_NANOS = TimeUnit.MICROSECONDS.toNanos(200);

  private final List<E> elements;

  PausingList(List<E> elements) {
    this.elements = List.copyOf(elements);
  }

  @Override
  public E get(int index) {
    LockSupport.parkNanos(PAUSE_NANOS);
    return elements.get(index);
  }

  @Override
  public int size() {
    return elements.size();
  }
}
