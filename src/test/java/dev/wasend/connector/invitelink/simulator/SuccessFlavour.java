package dev.wasend.connector.invitelink.simulator;

/**
 * How a successful revoke on the documented {@code invite-link/revoke} route is answered.
 *
 * <p>Gateways in the wild disagree about the success body, so a connector has to cope with all of
 * these; the simulator lets a test pick one at runtime with {@link
 * WasendSimulator#successFlavour(SuccessFlavour)}.
 */
public enum SuccessFlavour {
  /**
   * {@code {"success": true, "inviteLink": "https://chat.whatsapp.com/<code>", "expiresAt": ...}};
   * {@code expiresAt} as set with {@link WasendSimulator#expiresAfter} or {@link
   * WasendSimulator#noExpiry}.
   */
  DOCUMENTED,
  /** {@code {"success": true, "inviteCode": "<code>"}}, as the vendor SDK's route answers. */
  INVITE_CODE_OBJECT,
  /** The bare code as a {@code text/plain} body. Also used by the invite-code route. */
  TEXT_CODE,
  /** The full link as a {@code text/plain} body. Also used by the invite-code route. */
  TEXT_LINK,
  /** The code as a JSON string, e.g. {@code "AbC..."}, with {@code application/json}. */
  JSON_STRING;

  /** True for the flavours that answer {@code text/plain}; those apply to both routes. */
  boolean isText() {
    return this == TEXT_CODE || this == TEXT_LINK;
  }
}
