package dev.wasend.connector.invitelink.client;

import java.io.IOException;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One HTTP exchange, waited for until a deadline: name resolution, connecting, TLS and the whole
 * body included. The JDK's client bounds none of name resolution and not the body with its own
 * timeouts, so the exchange starts on the client's executor ({@code sendAsync}) and the caller
 * waits for it with a timed {@code get}. Cancelling it when the deadline passes aborts it and
 * closes its connection; cancelling it while the host name is still being resolved keeps it from
 * ever connecting (the JDK applies the cancellation as soon as the exchange exists). Starting it on
 * the caller's thread would be cheaper but leave the lookup unbounded; starting it on another
 * thread of ours would be cheaper but connect after a lookup that outlived the deadline
 * (docs/performance.md, "The cheaper hand-offs break a promise").
 */
final class TimedExchange {

  /** What one exchange got: a status, its headers and its body. */
  record Answer(int status, HttpHeaders headers, AnswerBody body) {}

  static final int MAX_BODY_BYTES = 64 * 1024;

  /** A set-up this long is worth naming when the time runs out (a JVM's first client). */
  private static final long NOTABLE_SET_UP_MILLIS = 100;

  private final HttpClients httpClients;

  TimedExchange(HttpClients httpClients) {
    this.httpClients = httpClients;
  }

  /**
   * Sends {@code request} and returns the complete answer, or fails once {@link System#nanoTime()}
   * passes {@code deadline}.
   *
   * @param readTimeoutSeconds the timeout the deadline comes from, for the message
   * @throws IOException no answer: the JDK's, or an {@link HttpTimeoutException} of ours at the
   *     deadline, or one saying the wait was interrupted (the thread keeps its interrupt)
   */
  Answer send(HttpRequest request, int connectTimeoutSeconds, long deadline, int readTimeoutSeconds)
      throws IOException {
    long started = System.nanoTime();
    CompletableFuture<HttpResponse<CappedBodyHandler.Body>> pending = null;
    CappedBodyHandler body = new CappedBodyHandler(MAX_BODY_BYTES);
    HttpClients.Lease lease = httpClients.lease(connectTimeoutSeconds);
    long handedOver = 0;
    try {
      pending = lease.client().sendAsync(request, body);
      handedOver = System.nanoTime();
      HttpResponse<CappedBodyHandler.Body> response =
          pending.get(Math.max(deadline - handedOver, 0), TimeUnit.NANOSECONDS);
      return new Answer(
          response.statusCode(), response.headers(), AnswerBody.decode(response.body()));
    } catch (TimeoutException e) {
      pending.cancel(true);
      long setUpMillis = (handedOver - started) / 1_000_000;
      throw new HttpTimeoutException(
          "timed out: no complete answer within "
              + readTimeoutSeconds
              + " s"
              + (setUpMillis >= NOTABLE_SET_UP_MILLIS
                  ? "; setting up the HTTP client took " + setUpMillis + " ms of it"
                  : ""));
    } catch (ExecutionException e) {
      Optional<HttpResponse.ResponseInfo> untrusted = body.untrustedLength();
      if (untrusted.isPresent()) {
        // The JDK itself fails on a malformed Content-Length, before it takes charge of the
        // connection, which then stays open: only shutting its client down closes it. The
        // answer is still what its status says, with no body.
        httpClients.replace(lease);
        return new Answer(
            untrusted.get().statusCode(),
            untrusted.get().headers(),
            AnswerBody.decode(CappedBodyHandler.Body.UNREAD));
      }
      Throwable cause = e.getCause();
      throw cause instanceof IOException io
          ? io
          : new IOException(cause.getClass().getSimpleName());
    } catch (InterruptedException e) {
      pending.cancel(true);
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while waiting for Wasend");
    } finally {
      lease.close();
    }
  }
}
