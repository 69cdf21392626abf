package dev.collab.sample;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.credential.Credential;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.IdentityStore;
import jakarta.security.enterprise.identitystore.Pbkdf2PasswordHash;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Checks the {@link DemoUsers}' passwords against PBKDF2 hashes made when the application starts
 * (Jakarta Security's {@link Pbkdf2PasswordHash}: HMAC-SHA-512, 210,000 iterations, 32-byte salt),
 * so no clear password is compared or kept past start-up. The caller's groups are its Collab role.
 */
@ApplicationScoped
public class DemoIdentityStore implements IdentityStore {
  static final Map<String, String> HASH_PARAMETERS = Map.of(
      "Pbkdf2PasswordHash.Algorithm", "PBKDF2WithHmacSHA512",
      "Pbkdf2PasswordHash.Iterations", "210000",
      "Pbkdf2PasswordHash.SaltSizeBytes", "32");

  @Inject Pbkdf2PasswordHash hash;

  /** user name → (hash, role); written once in {@link #hashPasswords}, read-only afterwards. */
  private final Map<String, Hashed> users = new HashMap<>();
  /** Verified for unknown users too, so a wrong name takes as long as a wrong password. */
  private String decoy = "";

  private record Hashed(String hash, String role) {}

  @PostConstruct
  void hashPasswords() {
    hash.initialize(HASH_PARAMETERS);
    for (DemoUsers.DemoUser user : DemoUsers.ALL) {
      users.put(user.name(), new Hashed(hash.generate(user.password().toCharArray()), user.role()));
    }
    decoy = hash.generate("decoy".toCharArray());
  }

  @Override
  public CredentialValidationResult validate(Credential credential) {
    if (!(credential instanceof UsernamePasswordCredential login)) {
      return CredentialValidationResult.NOT_VALIDATED_RESULT;
    }
    Hashed user = users.get(login.getCaller());
    char[] password = login.getPassword().getValue();
    if (user == null) {
      hash.verify(password, decoy);
      return CredentialValidationResult.INVALID_RESULT;
    }
    return hash.verify(password, user.hash())
        ? new CredentialValidationResult(login.getCaller(), Set.of(user.role()))
        : CredentialValidationResult.INVALID_RESULT;
  }
}
