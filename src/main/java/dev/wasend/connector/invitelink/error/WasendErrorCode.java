package dev.wasend.connector.invitelink.error;

/**
 * The failure taxonomy, and a public contract: these strings reach {@code error.code} in a task's
 * error expression and are documented in the README. Change them only on purpose.
 */
public enum WasendErrorCode {
  /** 400, or another 4xx that no retry can fix. */
  BAD_REQUEST("WASEND_BAD_REQUEST", Retries.NONE),
  /** 401: the API key is wrong, revoked or missing. */
  UNAUTHORIZED("WASEND_UNAUTHORIZED", Retries.NONE),
  /** 403, or upstream WhatsApp "not-authorized": the session's account is not a group admin. */
  NOT_GROUP_ADMIN("WASEND_NOT_GROUP_ADMIN", Retries.NONE),
  /** 404 (session or group unknown), or a route the service does not have. */
  NOT_FOUND("WASEND_NOT_FOUND", Retries.NONE),
  /** 2xx whose body says {@code success: false}. */
  REJECTED("WASEND_REJECTED", Retries.NONE),
  /** 2xx without a usable link or code, unparseable, oversize, or a 3xx (never followed). */
  INVALID_RESPONSE("WASEND_INVALID_RESPONSE", Retries.NONE),
  /**
   * The task's base URL is not one the runtime's operator allowed the API key to go to: no request
   * was sent.
   */
  BASE_URL_NOT_ALLOWED("WASEND_BASE_URL_NOT_ALLOWED", Retries.NONE),
  /** 429: retried after {@code Retry-After}, or an exponential backoff without it. */
  RATE_LIMITED("WASEND_RATE_LIMITED", Retries.ENGINE_RETRIES),
  /** 5xx. */
  SERVER_ERROR("WASEND_SERVER_ERROR", Retries.ENGINE_RETRIES),
  /** Connection refused or reset, DNS failure, TLS failure, timeout. */
  NETWORK_ERROR("WASEND_NETWORK_ERROR", Retries.ENGINE_RETRIES);

  /** Whether the engine should try again. */
  private enum Retries {
    /** A retry would only repeat the failure. */
    NONE,
    /** The failure may pass: the task's retries go on, after a backoff. */
    ENGINE_RETRIES
  }

  private final String code;
  private final Retries retries;

  WasendErrorCode(String code, Retries retries) {
    this.code = code;
    this.retries = retries;
  }

  public String code() {
    return code;
  }

  /** Permanent failures fail the job with no retries left: a retry would only repeat them. */
  public boolean retryable() {
    return retries == Retries.ENGINE_RETRIES;
  }
}
