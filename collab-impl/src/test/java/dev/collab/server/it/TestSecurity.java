package dev.collab.server.it;

import jakarta.annotation.security.DeclareRoles;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.security.enterprise.authentication.mechanism.http.BasicAuthenticationMechanismDefinition;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.IdentityStore;
import java.util.Set;

/** Test deployments authenticate with HTTP Basic against two fixed users, ann and bob ("secret"). */
@BasicAuthenticationMechanismDefinition(realmName = "collab-test")
@DeclareRoles({"collab-writer", "collab-reader"})
@ApplicationScoped
public class TestSecurity implements IdentityStore {
  public static final String PASSWORD = "secret";

  public CredentialValidationResult validate(UsernamePasswordCredential credential) {
    String caller = credential.getCaller();
    if ((caller.equals("ann") || caller.equals("bob")) && credential.getPasswordAsString().equals(PASSWORD)) {
      return new CredentialValidationResult(caller, Set.of("collab-writer"));
    }
    return CredentialValidationResult.INVALID_RESULT;
  }
}
