package dev.wasend.connector.invitelink.client;

import dev.wasend.connector.invitelink.client.TimedExchange.Answer;
import dev.wasend.connector.invitelink.error.FailureClassifier;
import dev.wasend.connector.invitelink.error.RetryPolicy;
import dev.wasend.connector.invitelink.error.WasendErrorCode;
import dev.wasend.connector.invitelink.error.WasendException;
import dev.wasend.connector.invitelink.model.BaseUrl;
import dev.wasend.connector.invitelink.model.RevokeGroupInviteLinkRequest;
import dev.wasend.connector.invitelink.model.RevokeGroupInviteLinkResult;
import dev.wasend.connector.invitelink.pacing.Pacer;
import dev.wasend.connector.invitelink.redaction.SecretRedactor;
import java.io.IOException;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls Wasend's revoke route over the JDK's HTTP client.
 *
 * <p>Thread-safe: the runtime shares one connector instance across all jobs and threads.
 *
 * <p>Security: the key goes only to a base URL the operator allowed ({@link AllowedBaseUrls}),
 * checked before any request; redirects are never followed; no proxy sees a request in clear
 * ({@link LoopbackDirectProxySelector}); bodies are read up to {@link
 * TimedExchange#MAX_BODY_BYTES}; all outside text passes {@link SecretRedactor}.
 *
 * <p>Rate limits: every request waits for its turn from the {@link Pacer}, and a 429 is sent again
 * inside the call, as long as {@link RetryPolicy#maxHold()} allows (see {@code Call.send}).
 */
public class WasendClient {

  static final String USER_AGENT = "wasend-camunda-connector/1";

  /** The two routes gateways serve for the same operation: the documented one, and the SDK's. */
  static final String INVITE_LINK_ROUTE = "invite-link/revoke";

  static final String INVITE_CODE_ROUTE = "invite-code/revoke";

  private static final Logger LOG = LoggerFactory.getLogger(WasendClient.class);

  private final AllowedBaseUrls allowedBaseUrls;
  private final TimedExchange exchanges;
  private final RouteMemory routeMemory;
  private final FailureClassifier failures;
  private final InviteLinkParser parser = new InviteLinkParser();

  /** Null: no pacing, every 429 fails the call at once. */
  private final Pacer pacer;

  private final RetryPolicy holds;
  private final Clock clock;

  private WasendClient(Builder builder) {
    this.allowedBaseUrls =
        builder.allowedBaseUrls != null
            ? builder.allowedBaseUrls
            : AllowedBaseUrls.fromEnvironment();
    this.exchanges =
        new TimedExchange(
            new HttpClients(
                builder.sslContext, new LoopbackDirectProxySelector(builder.jvmProxySettings)));
    this.routeMemory = new RouteMemory(builder.nanoTime);
    this.failures = new FailureClassifier(builder.clock);
    this.clock = builder.clock;
    this.pacer = builder.pacer;
    this.holds = builder.holds;
  }

  /**
   * For embedding and tests (the runtime's client is built by the connector's no-argument
   * constructor): every setting starts at what the runtime uses, except rate limiting, which is off
   * (every 429 fails the call at once) until {@link Builder#rateLimit} turns it on.
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Revokes the group's current link and returns the new one.
   *
   * @throws WasendException classified, with a message free of the API key
   */
  public RevokeGroupInviteLinkResult revoke(RevokeGroupInviteLinkRequest request) {
    BaseUrl base = BaseUrl.parse(request.baseUrl());
    allowedBaseUrls.requirePermitted(base);
    Call call = new Call(request, base, new SecretRedactor(request.apiKey()));
    return switch (request.route()) {
      case INVITE_LINK -> call.interpret(INVITE_LINK_ROUTE, call.send(INVITE_LINK_ROUTE));
      case INVITE_CODE -> call.interpret(INVITE_CODE_ROUTE, call.send(INVITE_CODE_ROUTE));
      case AUTOMATIC -> automatic(call, base);
    };
  }

  /**
   * The documented route, and the SDK's route once only when the service says the documented one
   * does not exist; remembered per base URL. When the remembered route itself says it is missing,
   * the gateway has changed: the memory goes and the documented route is asked again.
   */
  private RevokeGroupInviteLinkResult automatic(Call call, BaseUrl base) {
    boolean remembered = routeMemory.isDocumentedRouteMissing(base);
    if (!remembered) {
      Answer documented = call.send(INVITE_LINK_ROUTE);
      if (!call.isUnknownRoute(documented)) {
        return call.interpret(INVITE_LINK_ROUTE, documented);
      }
      if (routeMemory.rememberDocumentedRouteMissing(base)) {
        LOG.info(
            "Wasend at {} has no route {} (HTTP {}); using {} there for {} min."
                + " Set the tasks' Route to skip the extra call.",
            base,
            INVITE_LINK_ROUTE,
            documented.status(),
            INVITE_CODE_ROUTE,
            RouteMemory.BELIEVED_FOR.toMinutes());
      }
    }
    Answer fallback = call.send(INVITE_CODE_ROUTE);
    if (remembered && call.isUnknownRoute(fallback)) {
      // the gateway changed since it was remembered: ask the documented route again, once
      routeMemory.forget(base);
      Answer documented = call.send(INVITE_LINK_ROUTE);
      if (call.isUnknownRoute(documented)) {
        routeMemory.rememberDocumentedRouteMissing(base); // both missing: announced already
      }
      return call.interpret(INVITE_LINK_ROUTE, documented);
    }
    return call.interpret(INVITE_CODE_ROUTE, fallback);
  }

  /**
   * The POST itself: an empty body, the key as a bearer token, who we are, and no content coding
   * (the connector reads bodies as sent). No Accept header: every shape the service sends is read
   * whatever its content type.
   *
   * @throws IllegalArgumentException when the key is no valid header value, with a message of ours:
   *     the JDK's repeats the header, that is the key
   */
  static HttpRequest revokeRequest(URI uri, String apiKey) {
    try {
      return HttpRequest.newBuilder(uri)
          .header("Authorization", "Bearer " + apiKey)
          .header("User-Agent", USER_AGENT)
          .header("Accept-Encoding", "identity")
          .POST(HttpRequest.BodyPublishers.noBody())
          .build();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("the API key is not a valid HTTP header value");
    }
  }

  /** One revoke, with everything its requests and messages need. */
  private final class Call {
    private final RevokeGroupInviteLinkRequest request;
    private final BaseUrl base;
    private final SecretRedactor redactor;

    /** What is left of the read timeout: all of this call's exchanges share it. */
    private long answerNanosLeft;

    /** When the rate limit first held this call back ({@link Pacer#now()}); null before. */
    private Long heldSince;

    Call(RevokeGroupInviteLinkRequest request, BaseUrl base, SecretRedactor redactor) {
      this.request = request;
      this.base = base;
      this.redactor = redactor;
      this.answerNanosLeft = TimeUnit.SECONDS.toNanos(request.readTimeoutSeconds());
    }

    /** What was called, for messages. */
    String target() {
      return "for group '"
          + request.groupId()
          + "' in session '"
          + request.sessionId()
          + "' at "
          + base.origin();
    }

    boolean isUnknownRoute(Answer answer) {
      int status = answer.status();
      return FailureClassifier.isUnknownRoute(status, answer.body().text());
    }

    /**
     * Sends the request on {@code route} when its turn comes; a 429 is sent again while allowed.
     */
    Answer send(String route) {
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
      // after a 429 for Retry-After) and keeps its retries, for at most holds.maxHold() in all,
      // every route of the call together.
      String origin = base.origin();
      if (heldSince == null) {
        heldSince = pacer.now();
      }
      long maxHold = holds.maxHold().toNanos();
      while (true) {
        long waited =
            pacer.awaitTurn(origin, request.apiKey(), maxHold - (pacer.now() - heldSince));
        if (waited < 0) {
          throw heldBack(route, pacer.now() - heldSince, -waited);
        }
        stopIfInterrupted(route);
        Answer answer = exchange(route, httpRequest);
        if (answer.status() != 429) {
          pacer.accepted(origin, request.apiKey());
          return answer;
        }
        Optional<Duration> retryAfter =
            RetryPolicy.retryAfter(answer.headers().firstValue("Retry-After").orElse(null), clock);
        pacer.refused(origin, request.apiKey(), retryAfter.map(Duration::toNanos).orElse(0L));
        Optional<Duration> wait =
            holds.rateLimitedWait(retryAfter, Duration.ofNanos(pacer.now() - heldSince));
        if (wait.isEmpty()) {
          return answer; // fails as WASEND_RATE_LIMITED, retried by the engine
        }
        pacer.sleepUntil(pacer.now() + wait.get().toNanos());
      }
    }

    /** A job interrupted while it waited for its turn sends nothing: no revoke it cannot report. */
    private void stopIfInterrupted(String route) {
      if (Thread.currentThread().isInterrupted()) {
        throw networkError(
            route, new IOException("interrupted while waiting for a rate-limit turn"));
      }
    }

    /** The engine retries it no earlier than its turn would have come. */
    private WasendException heldBack(String route, long heldNanos, long turnNanos) {
      return new WasendException(
          WasendErrorCode.RATE_LIMITED,
          "Wasend's rate limit: the request's turn is "
              + Math.ceilDiv(turnNanos, 1_000_000_000L)
              + " s away after "
              + heldNanos / 1_000_000_000L
              + " s of waiting, beyond the hold of "
              + holds.maxHold().toSeconds()
              + " s per execution; the engine retries it then "
              + target(),
          null,
          route,
          null,
          Duration.ofNanos(turnNanos));
    }

    /**
     * One exchange within what is left of the read timeout, which the call's exchanges share (the
     * fallback route, a request sent again after a 429).
     */
    private Answer exchange(String route, HttpRequest httpRequest) {
      // from here, not from the send: setting up a JVM's first client takes a few tenths of a
      // second
      long deadline = System.nanoTime() + Math.max(answerNanosLeft, 0);
      try {
        return exchanges.send(
            httpRequest, request.connectTimeoutSeconds(), deadline, request.readTimeoutSeconds());
      } catch (IOException e) {
        throw networkError(route, e);
      } finally {
        answerNanosLeft = deadline - System.nanoTime();
      }
    }

    RevokeGroupInviteLinkResult interpret(String route, Answer answer) {
      int status = answer.status();
      if (status >= 200 && status <= 299) {
        return parser.parse(
            answer.body(), new InviteLinkParser.Context(status, route, target(), redactor));
      }
      throw failures.fromResponse(
          status,
          answer.body().text(),
          answer.body().objectOrNull(),
          answer.headers().firstValue("Retry-After").orElse(null),
          route,
          target(),
          redactor);
    }

    private WasendException networkError(String route, IOException e) {
      return failures.network(e, route, target(), redactor);
    }
  }

  /**
   * Settings of a {@link WasendClient}. Each starts at what the runtime uses, except the rate
   * limit: it is off until {@link #rateLimit} sets it, as the function's runtime constructor does.
   */
  public static final class Builder {
    private AllowedBaseUrls allowedBaseUrls;
    private Clock clock = Clock.systemUTC();
    private LongSupplier nanoTime = System::nanoTime;
    private SSLContext sslContext;
    private ProxySelector jvmProxySettings = ProxySelector.getDefault();
    private Pacer pacer;
    private RetryPolicy holds;

    private Builder() {}

    /**
     * Default: off, every 429 fails the call at once (tests of single calls). With a pacer, a
     * request waits for its turn and a 429 is sent again, for as long as {@code holds} allows.
     */
    public Builder rateLimit(Pacer pacer, RetryPolicy holds) {
      this.pacer = pacer;
      this.holds = holds;
      return this;
    }

    /** Default: {@link AllowedBaseUrls#fromEnvironment()}. */
    public Builder allowedBaseUrls(AllowedBaseUrls allowedBaseUrls) {
      this.allowedBaseUrls = allowedBaseUrls;
      return this;
    }

    /** Default: the system clock. Reads an HTTP-date {@code Retry-After}. */
    public Builder clock(Clock clock) {
      this.clock = clock;
      return this;
    }

    /** For tests: {@code System.nanoTime} by default, which ages the route memory. */
    Builder nanoTime(LongSupplier nanoTime) {
      this.nanoTime = nanoTime;
      return this;
    }

    /**
     * Default: the JVM's default context, which trusts the JVM's trust store; that is where an
     * operator adds a gateway's private CA (docs/deployment.md). Here: trust this context instead.
     */
    public Builder sslContext(SSLContext sslContext) {
      this.sslContext = sslContext;
      return this;
    }

    /**
     * Default: the JVM's proxy settings ({@code ProxySelector.getDefault()}); used only for https
     * to hosts other than loopback, see {@link LoopbackDirectProxySelector}.
     */
    public Builder proxySettings(ProxySelector jvmProxySettings) {
      this.jvmProxySettings = jvmProxySettings;
      return this;
    }

    public WasendClient build() {
      return new WasendClient(this);
    }
  }
}
