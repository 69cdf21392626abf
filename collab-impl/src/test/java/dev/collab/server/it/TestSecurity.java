package dev.collab.server.it;

import jakarta.annotation.security.DeclareRoles;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.security.enterprise.authentication.mechanism.http.BasicAuthenticationMechanismDefinition;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.IdentityStore;
import java.util.Set;

/**
 * Test deployments authenticate with HTTP Basic against fixed users (password "secret"): ann and
 * bob write, carol only reads, dave administers.
 */
@BasicAuthenticationMechanismDefinition(realmName = "collab-test")
@DeclareRoles({"collab-writer", "collab-reader", "collab-admin"})
@ApplicationScoped
public class TestSecurity implements IdentityStore {
  public static final String PASSWORD = "secret";

  /** The {@code Authorization} header of {@code user} with the common password (HTTP Basic). */
  public static String basic(String user) {
    return "Basic " + java.util.Base64.getEncoder()
        .encodeToString((user + ":" + PASSWORD).getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  public CredentialValidationResult validate(UsernamePasswordCredential credential) {
    String caller = credential.getCaller();
    if (!credential.getPasswordAsString().equals(PASSWORD)) {
      return CredentialValidationResult.INVALID_RESULT;
    }
    if (caller.equals("ann") || caller.equals("bob")) {
      return new CredentialValidationResult(caller, Set.of("collab-writer"));
    }
    if (caller.equals("carol")) {
      return new CredentialValidationResult(caller, Set.of("collab-reader"));
    }
    if (caller.equals("dave")) {
      return new CredentialValidationResult(caller, Set.of("collab-admin"));
    }
    return CredentialValidationResult.INVALID_RESULT;
  }
}
