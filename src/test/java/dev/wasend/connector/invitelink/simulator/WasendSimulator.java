package dev.wasend.connector.invitelink.simulator;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * An in-process stand-in for the Wasend HTTP API's "revoke group invite link" endpoints, for tests
 * of code that calls them (such as this connector, in a user's own process tests).
 *
 * <p>It serves, on 127.0.0.1 and a free port:
 *
 * <ul>
 *   <li>{@code POST {baseUrl}/{sessionId}/groups/{groupId}/invite-link/revoke} (documented), and
 *   <li>{@code POST {baseUrl}/{sessionId}/groups/{groupId}/invite-code/revoke} (vendor SDK),
 * </ul>
 *
 * <p>both authenticated with {@code Authorization: Bearer <apiKey>}. A revoke really replaces the
 * group's invite code, so a test can check that the old link died and the new one works.
 *
 * <pre>{@code
 * try (WasendSimulator wasend = WasendSimulator.start()) {
 *   wasend.session("key-1", "my-session");
 *   String before = wasend.group("my-session", "120363012345678901@g.us", true);
 *   // ... run the code under test against wasend.baseUrl() ...
 *   assertThat(wasend.isValidInvite(before)).isFalse();
 * }
 * }</pre>
 *
 * <p>Every method is thread-safe, and settings may change while requests are in flight; a request
 * sees the settings of the moment it reaches each check.
 */
public final class WasendSimulator implements AutoCloseable {

  private final HttpServer server;
  private final ExecutorService executor;
  private final String pathPrefix;
  private final InviteRegistry registry = new InviteRegistry();
  private final Queue<RecordedRequest> requests = new ConcurrentLinkedQueue<>();
  private final Queue<Fault> oneShotFaults = new ConcurrentLinkedQueue<>();
  private final AtomicReference<Fault> stickyFault = new AtomicReference<>();
  private final AtomicInteger rateLimited = new AtomicInteger();

  private volatile Clock clock = Clock.systemUTC();
  private volatile SuccessFlavour successFlavour = SuccessFlavour.DOCUMENTED;
  private volatile Duration expiresAfter = Duration.ofDays(7);
  private volatile boolean documentedRouteMissing;
  private volatile TokenBucketRateLimiter rateLimiter;

  private WasendSimulator(String pathPrefix) throws IOException {
    this.pathPrefix = pathPrefix;
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 128);
    // one virtual thread per exchange: a DELAY fault sleeping never holds up other requests
    executor = Executors.newVirtualThreadPerTaskExecutor();
    server.setExecutor(executor);
    // mounted at "/" rather than at the prefix, so stray paths get the gateway's own 404 too
    server.createContext("/", new RevokeHandler(this));
    server.start();
  }

  /** Starts a simulator serving the API at the root, e.g. {@code http://127.0.0.1:PORT}. */
  public static WasendSimulator start() {
    return start("");
  }

  /**
   * Starts a simulator serving the API under a path prefix, as behind a reverse proxy.
   *
   * @param pathPrefix e.g. {@code /wasend} or {@code wasend/}; "" or "/" for none
   */
  public static WasendSimulator start(String pathPrefix) {
    try {
      return new WasendSimulator(normalisePrefix(pathPrefix));
    } catch (IOException e) {
      throw new UncheckedIOException("could not start the Wasend simulator", e);
    }
  }

  /**
   * The base URL to configure in the code under test, without a trailing slash: {@code
   * http://127.0.0.1:PORT} plus the path prefix.
   */
  public String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + pathPrefix;
  }

  /** The port the simulator listens on. */
  public int port() {
    return server.getAddress().getPort();
  }

  /** Stops listening at once, dropping requests still in flight (e.g. delayed ones). */
  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  // ---- state: keys, sessions, groups, invites ------------------------------------------------

  /**
   * Registers a valid API key. A key with no sessions authenticates but finds no session.
   *
   * @return this simulator, for chaining
   */
  public WasendSimulator apiKey(String key) {
    registry.addApiKey(Objects.requireNonNull(key, "key"));
    return this;
  }

  /**
   * Registers a session owned by an API key, registering the key too. Another key asking for this
   * session gets 404, as if it did not exist.
   *
   * @return this simulator, for chaining
   */
  public WasendSimulator session(String apiKey, String sessionId) {
    registry.addSession(
        Objects.requireNonNull(apiKey, "apiKey"), Objects.requireNonNull(sessionId, "sessionId"));
    return this;
  }

  /**
   * Lets a registered key authenticate for {@code revokes} more successful revokes; after that it
   * gets 401 {@code Invalid API key} like a key that never existed, as when an admin rotates the
   * key in the middle of a run. Requests that revoke nothing (403, 404, 429, faults) use up
   * nothing. Concurrent requests never revoke more than the allowance. Calling it again sets a new
   * allowance; 0 makes the key invalid at once.
   *
   * @param revokes how many more revokes succeed with this key; not negative
   * @return this simulator, for chaining
   * @throws IllegalStateException when the key is not registered
   */
  public WasendSimulator apiKeyValidFor(String key, int revokes) {
    Objects.requireNonNull(key, "key");
    if (revokes < 0) {
      throw new IllegalArgumentException("revokes must not be negative: " + revokes);
    }
    if (!registry.isRegisteredApiKey(key)) {
      throw new IllegalStateException("unknown API key, register it first");
    }
    registry.limitApiKey(key, revokes);
    return this;
  }

  /**
   * Makes the session's account a member of a group. A new group gets a fresh invite code; when the
   * group already exists (another session is in it too) it keeps its code, since WhatsApp has one
   * invite code per group.
   *
   * @param sessionId a session registered with {@link #session}
   * @param groupId the group id as WhatsApp writes it, e.g. {@code 120363012345678901@g.us}
   * @param admin whether the session's account is an admin of the group and so may revoke
   * @return the group's current invite code
   * @throws IllegalStateException when the session is unknown
   */
  public String group(String sessionId, String groupId, boolean admin) {
    return registry.addGroup(
        Objects.requireNonNull(sessionId, "sessionId"),
        Objects.requireNonNull(groupId, "groupId"),
        admin);
  }

  /**
   * The group's invite code now (22 characters of [A-Za-z0-9]).
   *
   * @throws IllegalArgumentException when the group is unknown
   */
  public String currentInviteCode(String groupId) {
    return registry.currentCode(groupId);
  }

  /** The group's full invite link now: {@code https://chat.whatsapp.com/<code>}. */
  public String currentInviteLink(String groupId) {
    return InviteCodes.link(registry.currentCode(groupId));
  }

  /**
   * Whether an invite would let someone join now. A revoked code never becomes valid again.
   *
   * @param linkOrCode a bare code or a {@code https://chat.whatsapp.com/<code>} link
   */
  public boolean isValidInvite(String linkOrCode) {
    return registry.isValid(linkOrCode);
  }

  /**
   * The group's revoked codes, oldest first; its size is the number of successful revokes.
   *
   * @throws IllegalArgumentException when the group is unknown
   */
  public List<String> revokedCodes(String groupId) {
    return registry.revokedCodes(groupId);
  }

  // ---- behaviour --------------------------------------------------------------------------------

  /**
   * How a successful revoke on the documented route is answered (default {@link
   * SuccessFlavour#DOCUMENTED}). The invite-code route follows only the text flavours and otherwise
   * answers {@code {"success":true,"inviteCode":...}}.
   *
   * @return this simulator, for chaining
   */
  public WasendSimulator successFlavour(SuccessFlavour flavour) {
    this.successFlavour = Objects.requireNonNull(flavour, "flavour");
    return this;
  }

  /**
   * Makes {@code expiresAt} in the documented answer lie this far after the simulator clock's "now"
   * (default 7 days).
   *
   * @return this simulator, for chaining
   */
  public WasendSimulator expiresAfter(Duration validity) {
    this.expiresAfter = Objects.requireNonNull(validity, "validity");
    return this;
  }

  /**
   * Leaves {@code expiresAt} out of the documented answer.
   *
   * @return this simulator, for chaining
   */
  public WasendSimulator noExpiry() {
    this.expiresAfter = null;
    return this;
  }

  /**
   * When true, the documented invite-link route does not exist and answers NestJS's 404 {@code
   * Cannot POST /...}, as on gateways that only have the SDK's invite-code route.
   *
   * @return this simulator, for chaining
   */
  public WasendSimulator documentedRouteMissing(boolean missing) {
    this.documentedRouteMissing = missing;
    return this;
  }

  /**
   * Limits each API key with a token bucket. A limited request gets 429 {@code
   * {"success":false,"error":"Too Many Requests"}} and revokes nothing. Every key starts with a
   * full bucket, also when the limit is changed.
   *
   * @param permitsPerSecond how fast permits come back; greater than 0
   * @param burst how many requests may come at once; at least 1
   * @param sendRetryAfter whether a 429 carries {@code Retry-After} with the whole seconds (at
   *     least 1) until a permit is free
   * @return this simulator, for chaining
   */
  public WasendSimulator rateLimit(double permitsPerSecond, int burst, boolean sendRetryAfter) {
    this.rateLimiter = new TokenBucketRateLimiter(permitsPerSecond, burst, sendRetryAfter, clock);
    return this;
  }

  /**
   * Changes the refill rate of the current limit while the simulator runs, keeping what each key's
   * bucket holds (a service lowering or raising its limit under load).
   *
   * @param permitsPerSecond how fast permits come back from now on; greater than 0
   * @return this simulator, for chaining
   * @throws IllegalStateException when no limit is set
   */
  public WasendSimulator changeRateLimit(double permitsPerSecond) {
    TokenBucketRateLimiter current = rateLimiter;
    if (current == null) {
      throw new IllegalStateException("no rate limit to change: call rateLimit first");
    }
    current.changeRate(permitsPerSecond);
    return this;
  }

  /**
   * Turns rate limiting off (the default).
   *
   * @return this simulator, for chaining
   */
  public WasendSimulator noRateLimit() {
    this.rateLimiter = null;
    return this;
  }

  /** How many requests got 429 so far. */
  public int rateLimitedCount() {
    return rateLimited.get();
  }

  /**
   * Sets the clock behind {@code expiresAt}, the rate limiter's refills and the recorded times
   * (default the system UTC clock). Resets the rate limiter's buckets.
   *
   * @return this simulator, for chaining
   */
  public WasendSimulator clock(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
    TokenBucketRateLimiter current = rateLimiter;
    if (current != null) {
      // the limiter read the old clock; rebuild it on the new one
      rateLimiter = current.withClock(clock);
    }
    return this;
  }

  // ---- faults -----------------------------------------------------------------------------------

  /**
   * Queues faults for the next requests, one each, in order, whatever their route or key. When the
   * queue is empty the sticky fault (if any) applies.
   *
   * @return this simulator, for chaining
   */
  public WasendSimulator inject(Fault... faults) {
    for (Fault fault : faults) {
      oneShotFaults.add(Objects.requireNonNull(fault, "fault"));
    }
    return this;
  }

  /**
   * Applies a fault to every request once the one-shot queue is empty, until {@link
   * #clearFaults()}.
   *
   * @return this simulator, for chaining
   */
  public WasendSimulator alwaysFault(Fault fault) {
    stickyFault.set(Objects.requireNonNull(fault, "fault"));
    return this;
  }

  /**
   * Drops queued one-shot faults and the sticky fault.
   *
   * @return this simulator, for chaining
   */
  public WasendSimulator clearFaults() {
    oneShotFaults.clear();
    stickyFault.set(null);
    return this;
  }

  /** How many one-shot faults are still waiting for a request. */
  public int pendingFaults() {
    return oneShotFaults.size();
  }

  // ---- recording --------------------------------------------------------------------------------

  /** Every request received so far, in arrival order, including faulted and rejected ones. */
  public List<RecordedRequest> requests() {
    return List.copyOf(requests);
  }

  /** How many requests were received so far. */
  public int requestCount() {
    return requests.size();
  }

  /**
   * Forgets the recorded requests.
   *
   * @return this simulator, for chaining
   */
  public WasendSimulator clearRequests() {
    requests.clear();
    return this;
  }

  // ---- for the handler --------------------------------------------------------------------------

  void record(RecordedRequest request) {
    requests.add(request);
  }

  /** The fault for the request now arriving: the next one-shot, else the sticky one, else null. */
  Fault nextFault() {
    Fault fault = oneShotFaults.poll();
    return fault != null ? fault : stickyFault.get();
  }

  void countRateLimited() {
    rateLimited.incrementAndGet();
  }

  InviteRegistry registry() {
    return registry;
  }

  String pathPrefix() {
    return pathPrefix;
  }

  Clock clock() {
    return clock;
  }

  SuccessFlavour successFlavour() {
    return successFlavour;
  }

  Duration expiresAfter() {
    return expiresAfter;
  }

  boolean isDocumentedRouteMissing() {
    return documentedRouteMissing;
  }

  TokenBucketRateLimiter rateLimiter() {
    return rateLimiter;
  }

  /** "" for none, otherwise one leading slash and no trailing one, e.g. {@code /wasend}. */
  static String normalisePrefix(String prefix) {
    Objects.requireNonNull(prefix, "pathPrefix");
    String p = prefix.strip();
    while (p.startsWith("/")) {
      p = p.substring(1);
    }
    while (p.endsWith("/")) {
      p = p.substring(0, p.length() - 1);
    }
    if (p.contains("?") || p.contains("#") || p.contains(" ")) {
      throw new IllegalArgumentException("not a path prefix: " + prefix);
    }
    return p.isEmpty() ? "" : "/" + p;
  }
}
