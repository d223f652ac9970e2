package dev.wasend.connector.invitelink.client;

import dev.wasend.connector.invitelink.error.HttpErrorMapper;
import dev.wasend.connector.invitelink.error.RetryPolicy;
import dev.wasend.connector.invitelink.error.SecretRedactor;
import dev.wasend.connector.invitelink.error.WasendErrorCode;
import dev.wasend.connector.invitelink.error.WasendException;
import dev.wasend.connector.invitelink.model.RevokeInviteLinkRequest;
import dev.wasend.connector.invitelink.model.RevokeInviteLinkResult;
import dev.wasend.connector.invitelink.model.RevokeRoute;
import dev.wasend.connector.invitelink.pacing.Pacer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls Wasend's revoke route over the JDK's HTTP client.
 *
 * <p>Thread-safe: the runtime shares one connector instance across all jobs and threads. One
 * {@link HttpClient} (with its connection pool) is kept per connect timeout, since the JDK sets
 * that timeout per client; timeouts are bounded to 1-300 s, so the map stays tiny.
 *
 * <p>Security: redirects are never followed (the key must not travel to another host), bodies are
 * read up to {@link #MAX_BODY_BYTES}, and all outside text passes {@link SecretRedactor}.
 */
public class WasendClient {

  public static final int MAX_BODY_BYTES = 64 * 1024;
  static final String USER_AGENT = "wasend-camunda-connector/1";
  /** Stateless: each response gets its own subscriber from it. */
  private static final CappedBodyHandler BODY = new CappedBodyHandler(MAX_BODY_BYTES);
  private static final Logger LOG = LoggerFactory.getLogger(WasendClient.class);

  /** The two routes gateways serve for the same operation: the documented one, and the SDK's. */
  static final String INVITE_LINK_ROUTE = "invite-link/revoke";
  static final String INVITE_CODE_ROUTE = "invite-code/revoke";

  /** Keyed by the connect timeout in seconds (1-300). */
  private final ConcurrentMap<Integer, HttpClient> clients = new ConcurrentHashMap<>();
  /**
   * Hosts whose gateway said it has no documented route, and until when to believe it: AUTOMATIC
   * then calls invite-code/revoke directly instead of paying a failed call per job (which would
   * also count against a rate limit). Asked again after {@link #ROUTE_MEMORY}; bounded like the
   * base URLs.
   */
  private final ConcurrentMap<String, Instant> documentedRouteMissing = new ConcurrentHashMap<>();
  static final Duration ROUTE_MEMORY = Duration.ofMinutes(10);
  private final Clock clock;
  private final HttpErrorMapper errors;
  private final InviteLinkParser parser = new InviteLinkParser();
  private final SSLContext sslContext;
  /** Null: every 429 fails the call at once (tests of single calls). */
  private final Pacer pacer;
  private final RetryPolicy holds;

  /** What the runtime uses: paced, holding a job back for the rate limit as RetryPolicy allows. */
  public WasendClient() {
    this(Clock.systemUTC(), null, new Pacer(), new RetryPolicy());
  }

  /**
   * For tests of single calls that pin the clock used to read an HTTP-date {@code Retry-After}:
   * no pacing, a 429 fails the call at once.
   */
  public WasendClient(Clock clock) {
    this(clock, null);
  }

  /**
   * No pacing, a 429 fails the call at once.
   *
   * @param sslContext whom to trust over TLS, e.g. a gateway's private CA; {@code null} for the
   *     JDK's default trust store
   */
  public WasendClient(Clock clock, SSLContext sslContext) {
    this(clock, sslContext, null, null);
  }

  /**
   * @param pacer paces requests per origin and key; {@code null} for none
   * @param holds how long a job may be held back by the rate limit
   */
  public WasendClient(Clock clock, SSLContext sslContext, Pacer pacer, RetryPolicy holds) {
    this.clock = clock;
    this.errors = new HttpErrorMapper(clock);
    this.sslContext = sslContext;
    this.pacer = pacer;
    this.holds = holds;
  }

  /**
   * Revokes the group's current link and returns the new one.
   *
   * @throws WasendException classified, with a message free of the API key
   */
  public RevokeInviteLinkResult revoke(RevokeInviteLinkRequest request) {
    BaseUrl base = BaseUrl.of(request.baseUrl());
    Call call = new Call(request, base, new SecretRedactor(request.apiKey()));
    if (request.route() != RevokeRoute.AUTOMATIC) { // if, not an enum switch: no extra class
      String only = request.route() == RevokeRoute.INVITE_CODE ? INVITE_CODE_ROUTE : INVITE_LINK_ROUTE;
      return call.interpret(only, call.send(only));
    }
    if (documentedRouteMissing.isEmpty() || !isDocumentedRouteMissing(base.origin())) {
      HttpResponse<CappedBodyHandler.Body> documented = call.send(INVITE_LINK_ROUTE);
      if (!call.isUnknownRoute(documented)) {
        return call.interpret(INVITE_LINK_ROUTE, documented);
      }
      if (documentedRouteMissing.size() >= 64) {
        documentedRouteMissing.clear();
      }
      Instant until = clock.instant().plus(ROUTE_MEMORY);
      if (documentedRouteMissing.put(base.origin(), until) == null) { // once per host, not per job
        LOG.info(
            "Wasend at {} has no route {} (HTTP {}); using {} instead, asking again every {}"
                + " min. Set the tasks' Route to skip the extra call.",
            base.origin(), INVITE_LINK_ROUTE, documented.statusCode(), INVITE_CODE_ROUTE,
            ROUTE_MEMORY.toMinutes());
      }
    }
    return call.interpret(INVITE_CODE_ROUTE, call.send(INVITE_CODE_ROUTE));
  }

  private boolean isDocumentedRouteMissing(String origin) {
    Instant until = documentedRouteMissing.get(origin);
    return until != null && clock.instant().isBefore(until);
  }

  private HttpClient httpClient(Integer connectTimeoutSeconds) {
    return clients.computeIfAbsent(
        connectTimeoutSeconds,
        seconds -> {
          HttpClient.Builder builder =
              HttpClient.newBuilder()
                  .connectTimeout(Duration.ofSeconds(seconds))
                  .followRedirects(HttpClient.Redirect.NEVER)
                  .version(HttpClient.Version.HTTP_1_1)
                  // Complete responses on the client's selector thread instead of handing them
                  // to a pool thread: the caller waits anyway and CappedBodyHandler never blocks.
                  // Saves a thread handoff per call (docs/performance.md), and the default cached
                  // pool would grow a platform thread per concurrent job.
                  .executor(Runnable::run);
          if (sslContext != null) {
            builder.sslContext(sslContext);
          }
          return builder.build();
        });
  }

  /**
   * The POST itself. No Accept header: every shape the service sends is read whatever its content
   * type, and each header line costs every call (docs/performance.md). No request timeout either:
   * the caller's deadline covers the whole answer, one timer instead of two.
   *
   * @throws IllegalArgumentException when the key is no valid header value, with a message of
   *     ours: the JDK's repeats the header, that is the key
   */
  static HttpRequest revokeRequest(URI uri, String apiKey) {
    try {
      return HttpRequest.newBuilder(uri)
          .header("Authorization", "Bearer " + apiKey)
          .header("User-Agent", USER_AGENT)
          .POST(HttpRequest.BodyPublishers.noBody())
          .build();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("the API key is not a valid HTTP header value");
    }
  }

  /** One revoke, with everything its requests and messages need. */
  private final class Call {
    private final RevokeInviteLinkRequest request;
    private final BaseUrl base;
    private final SecretRedactor redactor;

    Call(RevokeInviteLinkRequest request, BaseUrl base, SecretRedactor redactor) {
      this.request = request;
      this.base = base;
      this.redactor = redactor;
    }

    /** What was called, for messages; built only when something failed. */
    String target() {
      return "for group '" + request.groupId() + "' in session '" + request.sessionId() + "' at "
          + base.origin();
    }

    /** Decodes the body only where the answer depends on it: a success never pays for it. */
    boolean isUnknownRoute(HttpResponse<CappedBodyHandler.Body> answer) {
      int status = answer.statusCode();
      return HttpErrorMapper.isUnknownRoute(status, status == 404 ? lenientText(answer) : null);
    }

    HttpResponse<CappedBodyHandler.Body> send(String route) {
      URI uri = base.groupRoute(request.sessionId(), request.groupId(), route);
      HttpRequest httpRequest;
      try {
        httpRequest = revokeRequest(uri, request.apiKey());
      } catch (IllegalArgumentException e) {
        throw new WasendException(
            WasendErrorCode.BAD_REQUEST, e.getMessage() + " " + target(), null, route, null, null);
      }
      if (pacer == null) {
        return exchange(route, httpRequest);
      }
      // Waiting for the rate limit is no failure of the job: it waits here for its turn (and
      // after a 429 for Retry-After) and keeps its retries, for at most holds.maxHold() in all.
      String origin = base.origin();
      long began = pacer.now();
      long maxHold = holds.maxHold().toNanos();
      while (true) {
        long waited = pacer.awaitTurn(origin, request.apiKey(), maxHold - (pacer.now() - began));
        if (waited < 0) {
          throw heldBack(route, pacer.now() - began, -waited);
        }
        HttpResponse<CappedBodyHandler.Body> answer = exchange(route, httpRequest);
        if (answer.statusCode() != 429) {
          pacer.accepted(origin, request.apiKey());
          return answer;
        }
        Optional<Duration> retryAfter =
            RetryPolicy.retryAfter(answer.headers().firstValue("Retry-After").orElse(null), clock);
        pacer.refused(origin, request.apiKey(), retryAfter.map(Duration::toNanos).orElse(0L));
        Optional<Duration> wait =
            holds.rateLimitedWait(retryAfter, Duration.ofNanos(pacer.now() - began));
        if (wait.isEmpty()) {
          return answer; // fails as WASEND_RATE_LIMITED, retried by the engine
        }
        pacer.sleepUntil(pacer.now() + wait.get().toNanos());
      }
    }

    /** The engine retries it no earlier than its turn would have come. */
    private WasendException heldBack(String route, long heldNanos, long turnNanos) {
      return new WasendException(
          WasendErrorCode.RATE_LIMITED,
          "Wasend's rate limit held the request back for " + heldNanos / 1_000_000_000L
              + " s, and its next turn is beyond the limit of " + holds.maxHold().toSeconds()
              + " s per attempt " + target(),
          null, route, null, Duration.ofNanos(turnNanos));
    }

    private HttpResponse<CappedBodyHandler.Body> exchange(String route, HttpRequest httpRequest) {
      // The read timeout bounds the whole call, connecting included; cancelling aborts the
      // exchange and closes its connection.
      int deadlineSeconds = request.readTimeoutSeconds();
      var pending =
          httpClient(request.connectTimeoutSeconds())
              .sendAsync(httpRequest, BODY);
      try {
        return pending.get(deadlineSeconds, TimeUnit.SECONDS);
      } catch (TimeoutException e) {
        pending.cancel(true);
        throw networkError(route, new HttpTimeoutException("timed out: no complete answer within " + deadlineSeconds + " s"));
      } catch (ExecutionException e) {
        Throwable cause = e.getCause();
        IOException io = cause instanceof IOException ioe ? ioe : new IOException(cause.getClass().getSimpleName());
        throw networkError(route, io);
      } catch (InterruptedException e) {
        pending.cancel(true);
        Thread.currentThread().interrupt();
        throw networkError(route, new IOException("interrupted while waiting for Wasend"));
      }
    }

    RevokeInviteLinkResult interpret(String route, HttpResponse<CappedBodyHandler.Body> answer) {
      int status = answer.statusCode();
      if (status >= 200 && status <= 299) {
        return parser.parse(answer.body(), status, route, this::target, redactor);
      }
      throw errors.fromResponse(
          status, lenientText(answer), answer.headers().firstValue("Retry-After").orElse(null),
          route, target(), redactor);
    }

    String lenientText(HttpResponse<CappedBodyHandler.Body> answer) {
      return new String(answer.body().bytes(), StandardCharsets.UTF_8);
    }

    private WasendException networkError(String route, IOException e) {
      return errors.network(e, route, target(), redactor);
    }
  }
}
