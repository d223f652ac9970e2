package dev.wasend.connector.invitelink.model;

/**
 * What the connector hands to the process.
 *
 * @param inviteLink always a full {@code https://chat.whatsapp.com/<code>} link
 * @param inviteCode the bare code of that link
 * @param expiresAt ISO-8601 expiry when the service reports one, else {@code null} (WhatsApp links
 *     stay valid until they are reset)
 */
public record RevokeGroupInviteLinkResult(String inviteLink, String inviteCode, String expiresAt) {}
