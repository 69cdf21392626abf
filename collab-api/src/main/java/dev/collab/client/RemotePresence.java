package dev.collab.client;

import dev.collab.User;
import jakarta.json.JsonObject;
import org.jspecify.annotations.Nullable;

/**
 * Another client's presence in a document: its selection ({@code null}: none, e.g. the editor lost
 * focus) and the application's {@code meta}; or, with {@code gone}, that it left or disconnected.
 * The selection is in the document as that client saw it when it sent it; an editor that wants
 * exact cursors moves it over later ops itself.
 *
 * @param client the other client's id
 * @param user that client's user (id and display name; no roles)
 * @param range its selection, or null when it has none
 * @param meta the application data it sent with its presence, or null
 * @param gone true when the client left the document or disconnected; then {@code range} and
 *     {@code meta} are null
 */
public record RemotePresence(
    String client, User user, @Nullable Selection range, @Nullable JsonObject meta, boolean gone) {}
