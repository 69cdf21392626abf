package dev.collab.client;

import dev.collab.ErrorCode;
import org.jspecify.annotations.Nullable;

/**
 * Something went wrong with a document: an {@code error} from the server, or a decision the client
 * made and reports (for example, pending edits dropped after the server's history was gone).
 *
 * @param seq the submit it concerns, if any
 */
public record DocumentError(ErrorCode code, String message, @Nullable Long seq) {}
