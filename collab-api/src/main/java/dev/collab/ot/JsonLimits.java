package dev.collab.ot;

/**
 * Bounds on untrusted JSON input. Every decoder of this package checks them while it reads, before
 * building anything large, and fails with {@link InvalidOpException} naming the bound.
 *
 * @param maxChars the longest input, in UTF-16 code units (the characters of the JSON text)
 * @param maxDepth how deeply arrays and objects may nest; a delta's {@code ops} array is depth 1,
 *     an op depth 2, its attributes or embed depth 3
 * @param maxStringLength the longest string value or key, in UTF-16 code units
 * @param maxOps the most ops one delta may have
 */
public record JsonLimits(int maxChars, int maxDepth, int maxStringLength, int maxOps) {

  /** For ops from clients: 1 Mi characters, depth 16, strings of 256 Ki, 10,000 ops. */
  public static final JsonLimits DEFAULT = new JsonLimits(1 << 20, 16, 1 << 18, 10_000);

  /**
   * For documents and logs read back from the application's own storage: 256 Mi characters,
   * depth 64, strings of 64 Mi, 4 Mi ops. Still bounded, so corrupt storage fails cleanly.
   */
  public static final JsonLimits STORAGE = new JsonLimits(1 << 28, 64, 1 << 26, 1 << 22);

  /**
   * Checks the components.
   *

   * @param maxChars the longest input, in UTF-16 code units (the characters of the JSON text)

   * @param maxDepth how deeply arrays and objects may nest; a delta's {@code ops} array is depth 1,

   *     an op depth 2, its attributes or embed depth 3

   * @param maxStringLength the longest string value or key, in UTF-16 code units

   * @param maxOps the most ops one delta may have
   * @throws IllegalArgumentException when a bound is 0 or negative, naming it
   */
  public JsonLimits {
    requirePositive(maxChars, "maxChars");
    requirePositive(maxDepth, "maxDepth");
    requirePositive(maxStringLength, "maxStringLength");
    requirePositive(maxOps, "maxOps");
  }

  private static void requirePositive(int value, String name) {
    if (value <= 0) {
      throw new IllegalArgumentException(name + " must be positive, was " + value);
    }
  }
}
