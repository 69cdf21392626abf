package dev.collab.comments;

import dev.collab.Ids;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One comment of a thread: the thread's first (which opened it) or a reply.
 *
 * @param id the comment's id, unique within its thread ({@link #isId})
 * @param userId who wrote it
 * @param userName their display name when they wrote it
 * @param text what they wrote, plain text (clients render it as text, never as markup); 1 to
 *     {@value #MAX_TEXT_LENGTH} UTF-16 units, not only white space
 * @param created when it was written
 * @param edited when its author last changed its text, null when never
 */
public record Comment(String id, String userId, String userName, String text, Instant created, @Nullable Instant edited) {

  /** The longest text of one comment, in UTF-16 units. */
  public static final int MAX_TEXT_LENGTH = 4_000;

  /**
   * Checks the components.
   *
   * @param id the comment's id
   * @param userId the author
   * @param userName the author's name
   * @param text the text
   * @param created when written
   * @param edited when last edited, or null
   * @throws IllegalArgumentException for a bad id or text ({@link #checkText})
   */
  public Comment {
    requireId(id, "comment");
    Ids.requireUserId(userId);
    Objects.requireNonNull(userName, "userName");
    checkText(text);
    Objects.requireNonNull(created, "created");
  }

  /**
   * Whether {@code id} is a well-formed thread or comment id: letters, digits, {@code -} and
   * {@code _}, 1 to 64 of them. Clients make them (random enough not to collide), so that a
   * command sent again after a reconnect is recognised.
   *
   * @param id the id
   * @return whether it is well formed
   */
  public static boolean isId(@Nullable String id) {
    return id != null && Ids.isClientId(id);
  }

  static String requireId(String id, String what) {
    if (!isId(id)) {
      throw new IllegalArgumentException("bad " + what + " id: letters, digits, - and _, 1 to 64");
    }
    return id;
  }

  /**
   * {@link #checkText} for input from a client: what it refuses as the error that answers it.
   *
   * @param text the text
   * @return the text
   * @throws dev.collab.CollabException {@code too-large} for a text over {@value #MAX_TEXT_LENGTH}
   *     units, {@code bad-message} for one that is empty or only white space
   */
  public static String requireText(String text) {
    try {
      return checkText(text);
    } catch (IllegalArgumentException e) {
      throw new dev.collab.CollabException(text.length() > MAX_TEXT_LENGTH ? dev.collab.ErrorCode.TOO_LARGE
          : dev.collab.ErrorCode.BAD_MESSAGE, e.getMessage());
    }
  }

  /**
   * Checks a comment's text.
   *
   * @param text the text
   * @return the text
   * @throws IllegalArgumentException when it is empty, only white space, or longer than {@value
   *     #MAX_TEXT_LENGTH} units
   */
  public static String checkText(String text) {
    Objects.requireNonNull(text, "text");
    if (text.isBlank()) {
      throw new IllegalArgumentException("a comment needs some text");
    }
    if (text.length() > MAX_TEXT_LENGTH) {
      throw new IllegalArgumentException("a comment holds at most " + MAX_TEXT_LENGTH + " characters, not " + text.length());
    }
    return text;
  }
}
