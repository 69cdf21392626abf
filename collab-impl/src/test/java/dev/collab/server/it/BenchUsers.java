package dev.collab.server.it;

import jakarta.annotation.security.DeclareRoles;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.security.enterprise.authentication.mechanism.http.BasicAuthenticationMechanismDefinition;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.IdentityStore;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The users of the load harness in a container: HTTP Basic, {@code u0}, {@code u1}, … with the
 * password {@code secret}, each a writer, the same users as the Jetty bench server's
 * {@code HashLoginService}. Only in the WAR {@link PayaraBenchWar} writes, never in a test deployment.
 */
@BasicAuthenticationMechanismDefinition(realmName = "collab-bench")
@DeclareRoles({"collab-writer", "collab-reader", "collab-admin"})
@ApplicationScoped
public class BenchUsers implements IdentityStore {
  private static final Pattern USER = Pattern.compile("u[0-9]{1,6}");
  private static final String PASSWORD = "secret";

  public CredentialValidationResult validate(UsernamePasswordCredential credential) {
    if (USER.matcher(credential.getCaller()).matches() && credential.getPasswordAsString().equals(PASSWORD)) {
      return new CredentialValidationResult(credential.getCaller(), Set.of("collab-writer"));
    }
    return CredentialValidationResult.INVALID_RESULT;
  }
}
