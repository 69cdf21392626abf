package dev.collab.server.internal.engine;

import dev.collab.Access;
import dev.collab.User;
import dev.collab.spi.AccessPolicy;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The access policy's decisions, cached per (user, document) for {@link EngineConfig#accessCacheTtl()}.
 * A policy that fails or answers null denies access (logged). Thread-safe.
 */
final class AccessCache {
  private static final System.Logger LOG = System.getLogger(AccessCache.class.getName());
  private final AccessPolicy policy;
  private final Duration ttl;
  /** Keyed by user id + '\n' + document id; any thread. */
  private final ConcurrentHashMap<String, CachedAccess> cache = new ConcurrentHashMap<>();

  private record CachedAccess(Access access, long expiresNanos) {}

  AccessCache(AccessPolicy policy, Duration ttl) {
    this.policy = policy;
    this.ttl = ttl;
  }

  /**
   * The access of {@code user} to {@code documentId}, from the cache unless it expired or
   * {@code fresh} is asked (at join).
   */
  Access access(User user, String documentId, boolean fresh) {
    String key = user.id() + '\n' + documentId;
    long now = System.nanoTime();
    CachedAccess cached = cache.get(key);
    if (!fresh && cached != null && cached.expiresNanos() - now > 0) {
      return cached.access();
    }
    Access access;
    try {
      access = Objects.requireNonNull(policy.access(user, documentId), "AccessPolicy returned null");
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "collab: the access policy failed for user " + user.id()
          + " and document " + documentId + "; access denied", e);
      return Access.NONE;
    }
    cache.put(key, new CachedAccess(access, now + ttl.toNanos()));
    return access;
  }

  void forget(String userId, String documentId) {
    cache.remove(userId + '\n' + documentId);
  }

  /** Forgets every cached access decision for {@code documentId} (it was deleted). */
  void forgetDocument(String documentId) {
    String suffix = "\n" + documentId;
    cache.keySet().removeIf(key -> key.endsWith(suffix));
  }
}
