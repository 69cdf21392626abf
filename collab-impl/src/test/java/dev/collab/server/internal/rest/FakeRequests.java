package dev.collab.server.internal.rest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.collab.CollabException;
import dev.collab.ErrorCode;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.core.SecurityContext;
import java.lang.reflect.Proxy;
import java.security.Principal;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * What a resource test injects for a request (the caller's security context and the servlet
 * request), and how it reads an answer: its result, or the error code it failed with.
 */
final class FakeRequests {
  private FakeRequests() {}

  /** A form login of {@code userId}, in no role. */
  static SecurityContext security(String userId) {
    return new SecurityContext() {
      @Override public Principal getUserPrincipal() { return () -> userId; }
      @Override public boolean isUserInRole(String role) { return false; }
      @Override public boolean isSecure() { return false; }
      @Override public String getAuthenticationScheme() { return "FORM"; }
    };
  }

  /** A plain http request, with the CSRF header when {@code csrfHeader}, without Origin. */
  static HttpServletRequest request(boolean csrfHeader) {
    return (HttpServletRequest) Proxy.newProxyInstance(FakeRequests.class.getClassLoader(),
        new Class<?>[] {HttpServletRequest.class}, (proxy, method, args) -> switch (method.getName()) {
          case "getHeader" -> csrfHeader && RequestChecks.CSRF_HEADER.equals(args[0]) ? "1" : null;
          case "getScheme" -> "http";
          default -> null;
        });
  }

  /** The result of a resource's asynchronous answer, waiting at most 10 s. */
  static <T> T get(CompletionStage<T> stage) throws Exception {
    return stage.toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  /** The error code of the {@link CollabException} a call throws, directly or as its future's failure. */
  static ErrorCode code(ThrowingCall call) {
    Throwable thrown = org.junit.jupiter.api.Assertions.assertThrows(Throwable.class, call::run);
    Throwable cause = thrown instanceof ExecutionException ? thrown.getCause() : thrown;
    assertThat(cause).isInstanceOf(CollabException.class);
    return ((CollabException) cause).code();
  }

  /** A resource call in a test. */
  @FunctionalInterface
  interface ThrowingCall {
    void run() throws Exception;
  }
}
