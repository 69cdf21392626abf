package dev.collab.sample;

import dev.collab.CollabException;
import dev.collab.ErrorCode;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Waits for one of Collab's asynchronous answers on a request thread, with a bound. */
final class Awaits {
  static final long TIMEOUT_SECONDS = 30;

  private Awaits() {}

  /**
   * The stage's value; its own {@link RuntimeException} (a {@link CollabException} with its code)
   * rethrown as it is.
   *
   * @param what what is waited for, for the message of a timeout or an interrupt
   * @throws CollabException {@code internal} when it takes over {@value #TIMEOUT_SECONDS} s or the
   *     thread is interrupted
   */
  static <T> T await(CompletionStage<T> stage, String what) {
    try {
      return stage.toCompletableFuture().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (ExecutionException | CompletionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new IllegalStateException(cause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CollabException(ErrorCode.INTERNAL, "interrupted while " + what);
    } catch (TimeoutException e) {
      throw new CollabException(ErrorCode.INTERNAL, "the document did not answer within " + TIMEOUT_SECONDS + " s while " + what);
    }
  }
}
