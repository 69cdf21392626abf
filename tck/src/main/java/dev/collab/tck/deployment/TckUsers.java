package dev.collab.tck.deployment;

import jakarta.annotation.security.DeclareRoles;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.security.enterprise.authentication.mechanism.http.BasicAuthenticationMechanismDefinition;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.IdentityStore;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Set;

/**
 * The users of the deployment kits' archives, through Jakarta Security (HTTP Basic, password
 * {@value #PASSWORD}): {@code tck-writer} has Collab's writer role, {@code tck-reader} the reader
 * role, {@code tck-admin} the admin role, so that Collab's default policy gives them write, read
 * and admin access.
 */
@BasicAuthenticationMechanismDefinition(realmName = "collab-tck")
@DeclareRoles({"collab-writer", "collab-reader", "collab-admin"})
@ApplicationScoped
public class TckUsers implements IdentityStore {
  /** The password of every TCK user. */
  public static final String PASSWORD = "tck";
  private static final Map<String, String> ROLES =
      Map.of("tck-writer", "collab-writer", "tck-reader", "collab-reader", "tck-admin", "collab-admin");

  /**
   * Called by the container's default IdentityStore.validate for username/password credentials.
   *
   * @param credential the caller name and password the request carried
   * @return valid, with the user's one Collab role as its group, for a TCK user with {@link
   *     #PASSWORD}; {@link CredentialValidationResult#INVALID_RESULT} for anything else
   */
  public CredentialValidationResult validate(UsernamePasswordCredential credential) {
    String role = ROLES.get(credential.getCaller());
    if (role == null || !credential.getPasswordAsString().equals(PASSWORD)) {
      return CredentialValidationResult.INVALID_RESULT;
    }
    return new CredentialValidationResult(credential.getCaller(), Set.of(role));
  }

  /**
   * The {@code Authorization} header of one of these users.
   *
   * @param user {@code tck-writer}, {@code tck-reader} or {@code tck-admin}
   * @return the HTTP Basic header with {@link #PASSWORD}, to pass as handshake or REST headers
   */
  public static Map<String, String> basic(String user) {
    String token = Base64.getEncoder().encodeToString((user + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
    return Map.of("Authorization", "Basic " + token);
  }
}
