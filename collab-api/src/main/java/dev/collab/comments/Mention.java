package dev.collab.comments;

import dev.collab.User;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A comment mentions a user ({@code @alice}): the CDI event Collab fires, once per mentioned user,
 * when a comment is created, or edited to mention someone it did not mention before, so that the
 * application can notify them (Collab sends no notification itself). Fired on the node that made the
 * change, after the store has it; {@link Comments#onMention} listeners hear it too.
 *
 * <p>A mention ({@link #usersIn}) is {@code @} followed by a user id (letters, digits, {@code .},
 * {@code _}, {@code +}, {@code -} and {@code @}, as {@link dev.collab.Ids#isUserId} allows, ending
 * on a letter or digit), at the start of the text or after white space or punctuation other than
 * those. Collab does not check that
 * the user exists or may read the document: the application knows its users; it should notify only
 * those who may read the document.
 *
 * @param documentId the document
 * @param threadId the thread
 * @param commentId the comment that mentions
 * @param userId the user mentioned
 * @param by who wrote the comment
 * @param text the comment's text
 * @param time when it was written (or edited)
 */
public record Mention(String documentId, String threadId, String commentId, String userId, User by, String text, Instant time) {
  private static final Pattern MENTION =
      Pattern.compile("(?<![A-Za-z0-9._@+-])@([A-Za-z0-9](?:[A-Za-z0-9._@+-]{0,126}[A-Za-z0-9])?)");

  /**
   * The users a text mentions, in the order first mentioned, each once.
   *
   * @param text a comment's text
   * @return the user ids
   */
  public static Set<String> usersIn(String text) {
    Set<String> users = new LinkedHashSet<>();
    Matcher m = MENTION.matcher(text);
    while (m.find()) {
      users.add(m.group(1));
    }
    return users;
  }
}
