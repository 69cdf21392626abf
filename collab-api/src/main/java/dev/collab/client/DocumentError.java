package dev.collab.client;

import dev.collab.ErrorCode;
import org.jspecify.annotations.Nullable;

/**
 * Something went wrong with a document: an {@code error} from the server, or a decision the client
 * made and reports (for example, pending edits dropped after the server's history was gone).
 *
 * @param code the server's error code, or the one the client's decision maps to
 * @param message a human-readable explanation
 * @param seq the submit it concerns, or null when it concerns none
 */
public record DocumentError(ErrorCode code, String message, @Nullable Long seq) {}
