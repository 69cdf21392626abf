package dev.collab.server.bus;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * The records one logger publishes while it is open, through JUL (where {@code System.Logger}
 * goes when no other provider is installed, as in these tests). Close it to detach.
 */
public final class LogRecords extends Handler implements AutoCloseable {
  private final Logger logger;
  private final Level before;
  public final List<LogRecord> records = new CopyOnWriteArrayList<>();

  public LogRecords(Class<?> source) {
    logger = Logger.getLogger(source.getName());
    before = logger.getLevel();
    logger.setLevel(Level.ALL);
    logger.addHandler(this);
  }

  /** The formatted messages of the records at {@code level}. */
  public List<String> at(Level level) {
    return records.stream().filter(r -> r.getLevel().equals(level))
        .map(r -> new java.util.logging.SimpleFormatter().formatMessage(r)).toList();
  }

  @Override
  public void publish(LogRecord record) {
    records.add(record);
  }

  @Override
  public void flush() {}

  @Override
  public void close() {
    logger.removeHandler(this);
    logger.setLevel(before);
  }
}
