package dev.collab.server.defaults;

import dev.collab.CommittedOp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One document's committed ops in columns of primitive arrays rather than as objects: the
 * in-memory store's log.
 *
 * <p>Why columns: the in-memory store keeps every op for the life of the process. Kept as {@link
 * CommittedOp} records, each op was seven objects (the record, its text, an {@code Instant}, and a
 * map entry with its key and boxed version for the {@code (client, seq)} lookup): 390 bytes for an
 * op of 35 characters, measured, and at 300,000 ops a second most of what each young collection had
 * to copy (pauses of 100 ms and more). Here the same op takes 74 bytes (about 40 plus its text) in
 * a few arrays shared by 1,024 ops, and no object of its own; the records are made again when ops
 * are read.
 *
 * <p>Layout: the op of version {@code v} sits at position {@code v - 1}, in chunk {@code
 * (v - 1) / 1024}. Texts are bytes, one per character when every character is below U+0100 and two
 * (UTF-16, big-endian) otherwise, so any string comes back exactly, lone surrogates included. The
 * {@code (client, seq)} lookup is an open-addressing table of positions, compared against the
 * columns. Client, user id and user name are kept once per distinct triple.
 *
 * <p>Not thread-safe: {@link InMemoryDocumentStore} guards each log by its document's monitor.
 */
final class OpLog {
  private static final int CHUNK_BITS = 10;
  private static final int CHUNK = 1 << CHUNK_BITS;

  private final String document;
  /** Chunks from number {@code firstChunk} on; chunks wholly below the pruned ops are released. */
  private final ArrayList<Chunk> chunks = new ArrayList<>();
  private int firstChunk;
  /** The ops up to this version were dropped ({@link #dropBelow}). */
  private long pruned;
  private long head;
  private final List<Author> authors = new ArrayList<>();
  private final Map<Author, Integer> authorIds = new HashMap<>();
  /** Per client id: its highest seq and the author of its last op. */
  private final Map<String, ClientState> clients = new HashMap<>();
  /** Position + 1 of each kept op by the hash of its (client, seq); 0 is an empty slot. */
  private int[] index = new int[16];

  private record Author(String client, String userId, String userName) {}

  private static final class ClientState {
    /** The highest seq of the client's kept ops: a higher one cannot be in the log. */
    long maxSeq;
    int lastAuthor = -1;
  }

  /** Up to {@link #CHUNK} ops; the last chunk's columns grow as it fills. */
  private static final class Chunk {
    long[] seq = new long[16];
    long[] second = new long[16];
    int[] nano = new int[16];
    int[] author = new int[16];
    /** Where each op's text ends in {@link #text}; it starts where the one before ends. */
    int[] textEnd = new int[16];
    /** Whether each op's text is two bytes per character. */
    boolean[] wide = new boolean[16];
    byte[] text = new byte[256];
    int count;

    void ensureRoom() {
      if (count == seq.length) {
        int capacity = Math.min(CHUNK, count * 2);
        seq = Arrays.copyOf(seq, capacity);
        second = Arrays.copyOf(second, capacity);
        nano = Arrays.copyOf(nano, capacity);
        author = Arrays.copyOf(author, capacity);
        textEnd = Arrays.copyOf(textEnd, capacity);
        wide = Arrays.copyOf(wide, capacity);
      }
    }

    int textStart(int slot) {
      return slot == 0 ? 0 : textEnd[slot - 1];
    }

    void appendText(String op) {
      boolean narrow = true;
      for (int i = 0; i < op.length() && narrow; i++) {
        narrow = op.charAt(i) < 0x100;
      }
      int start = textStart(count);
      int bytes = narrow ? op.length() : op.length() * 2;
      if (start + bytes > text.length) {
        text = Arrays.copyOf(text, Math.max(start + bytes, text.length * 2));
      }
      if (narrow) {
        for (int i = 0; i < op.length(); i++) {
          text[start + i] = (byte) op.charAt(i);
        }
      } else {
        for (int i = 0; i < op.length(); i++) {
          char c = op.charAt(i);
          text[start + 2 * i] = (byte) (c >> 8);
          text[start + 2 * i + 1] = (byte) c;
        }
      }
      textEnd[count] = start + bytes;
      wide[count] = !narrow;
    }

    String text(int slot) {
      int start = textStart(slot);
      int end = textEnd[slot];
      if (!wide[slot]) {
        return new String(text, start, end - start, java.nio.charset.StandardCharsets.ISO_8859_1);
      }
      char[] chars = new char[(end - start) / 2];
      for (int i = 0; i < chars.length; i++) {
        chars[i] = (char) (((text[start + 2 * i] & 0xff) << 8) | (text[start + 2 * i + 1] & 0xff));
      }
      return new String(chars);
    }
  }

  OpLog(String document) {
    this.document = document;
  }

  /** The version of the last op (0 when empty). */
  long head() {
    return head;
  }

  /** The versions up to this one were dropped. */
  long pruned() {
    return pruned;
  }

  /**
   * Whether an op with this (client, seq) is kept. A client's seqs grow, so the usual answer (a
   * seq above its highest) costs one map lookup and no probe of the index.
   */
  boolean contains(String client, long seq) {
    ClientState state = clients.get(client);
    return state != null && seq <= state.maxSeq && find(client, seq) >= 0;
  }

  /** Appends the op of version {@code head + 1}; the caller checked the version and the (client, seq). */
  void add(CommittedOp op) {
    if (op.version() != head + 1) {
      throw new IllegalArgumentException("version " + op.version() + " does not follow " + head);
    }
    if (op.version() > Integer.MAX_VALUE) {
      throw new IllegalStateException("the in-memory store keeps at most " + Integer.MAX_VALUE + " ops per document");
    }
    int position = (int) (op.version() - 1);
    int chunkNumber = position >>> CHUNK_BITS;
    if (chunkNumber - firstChunk == chunks.size()) {
      chunks.add(new Chunk());
    }
    Chunk chunk = chunkOf(position);
    chunk.ensureRoom();
    int slot = chunk.count;
    chunk.seq[slot] = op.seq();
    chunk.second[slot] = op.time().getEpochSecond();
    chunk.nano[slot] = op.time().getNano();
    chunk.author[slot] = authorId(op);
    chunk.appendText(op.op());
    if (++chunk.count == CHUNK) {
      // Full for good: give back the text buffer's slack (up to half of it, from doubling).
      chunk.text = Arrays.copyOf(chunk.text, chunk.textEnd[CHUNK - 1]);
    }
    head = op.version();
    insertIntoIndex(position);
  }

  /** The op of {@code version}, which must be kept (above {@link #pruned}, at most {@link #head}). */
  CommittedOp get(long version) {
    if (version <= pruned || version > head) {
      throw new IndexOutOfBoundsException("version " + version + " is not in (" + pruned + ", " + head + "]");
    }
    int position = (int) (version - 1);
    Chunk chunk = chunkOf(position);
    int slot = position & (CHUNK - 1);
    Author author = authors.get(chunk.author[slot]);
    return new CommittedOp(document, version, chunk.text(slot), author.client(), chunk.seq[slot], author.userId(),
        author.userName(), Instant.ofEpochSecond(chunk.second[slot], chunk.nano[slot]));
  }

  /** The kept ops with {@code fromExclusive < version <= toInclusive}. */
  List<CommittedOp> range(long fromExclusive, long toInclusive) {
    long from = Math.max(fromExclusive, pruned) + 1;
    long to = Math.min(toInclusive, head);
    if (from > to) {
      return List.of();
    }
    List<CommittedOp> ops = new ArrayList<>((int) (to - from + 1));
    for (long v = from; v <= to; v++) {
      ops.add(get(v));
    }
    return ops;
  }

  /** The version of the kept op with this (client, seq), or -1. */
  long find(String client, long seq) {
    int mask = index.length - 1;
    for (int i = hash(client, seq) & mask; ; i = (i + 1) & mask) {
      int entry = index[i];
      if (entry == 0) {
        return -1;
      }
      int position = entry - 1;
      Chunk chunk = chunkOf(position);
      int slot = position & (CHUNK - 1);
      if (chunk.seq[slot] == seq && authors.get(chunk.author[slot]).client().equals(client)) {
        return position + 1L;
      }
    }
  }

  /** The time the op of a kept version was committed. */
  Instant time(long version) {
    int position = (int) (version - 1);
    Chunk chunk = chunkOf(position);
    int slot = position & (CHUNK - 1);
    return Instant.ofEpochSecond(chunk.second[slot], chunk.nano[slot]);
  }

  /** Drops the ops up to {@code version} (at most the head); returns how many were dropped. */
  long dropBelow(long version) {
    long target = Math.min(version, head);
    if (target <= pruned) {
      return 0;
    }
    long dropped = target - pruned;
    pruned = target;
    int keepFrom = (int) (pruned >>> CHUNK_BITS);
    while (firstChunk < keepFrom) {
      chunks.remove(0);
      firstChunk++;
    }
    rebuildIndex();
    return dropped;
  }

  /** The chunk that holds {@code position} (the version minus one); it must be kept. */
  private Chunk chunkOf(int position) {
    return chunks.get((position >>> CHUNK_BITS) - firstChunk);
  }

  private int authorId(CommittedOp op) {
    ClientState state = clients.computeIfAbsent(op.client(), c -> new ClientState());
    state.maxSeq = Math.max(state.maxSeq, op.seq());
    if (state.lastAuthor >= 0) {
      Author last = authors.get(state.lastAuthor);
      if (last.userId().equals(op.userId()) && last.userName().equals(op.userName())) {
        return state.lastAuthor;
      }
    }
    Author author = new Author(op.client(), op.userId(), op.userName());
    Integer id = authorIds.get(author);
    if (id == null) {
      id = authors.size();
      authors.add(author);
      authorIds.put(author, id);
    }
    state.lastAuthor = id;
    return id;
  }

  private void insertIntoIndex(int position) {
    if (2 * (head - pruned) > index.length) {
      index = new int[index.length * 2];
      for (long v = pruned + 1; v < head; v++) {
        place((int) (v - 1));
      }
    }
    place(position);
  }

  private void rebuildIndex() {
    int capacity = 16;
    while (capacity < 2 * (head - pruned)) {
      capacity *= 2;
    }
    index = new int[capacity];
    for (long v = pruned + 1; v <= head; v++) {
      place((int) (v - 1));
    }
  }

  private void place(int position) {
    Chunk chunk = chunkOf(position);
    int slot = position & (CHUNK - 1);
    int mask = index.length - 1;
    int i = hash(authors.get(chunk.author[slot]).client(), chunk.seq[slot]) & mask;
    while (index[i] != 0) {
      i = (i + 1) & mask;
    }
    index[i] = position + 1;
  }

  /**
   * Scatters the keys (murmur3's finaliser): a client's seqs are consecutive, and with a plain hash
   * they would fill runs of consecutive slots that merge into clusters linear probing walks end to end.
   */
  private static int hash(String client, long seq) {
    long h = client.hashCode() * 0x9E3779B97F4A7C15L + seq;
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    h *= 0xc4ceb9fe1a85ec53L;
    h ^= h >>> 33;
    return (int) h;
  }
}
