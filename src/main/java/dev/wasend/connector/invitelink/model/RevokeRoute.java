package dev.wasend.connector.invitelink.model;

import io.camunda.connector.generator.java.annotation.DropdownItem;

/**
 * Which Wasend route revokes the link. The vendor page documents {@code invite-link/revoke}; the
 * vendor's own SDK calls {@code invite-code/revoke}. Gateways in the wild serve one or both.
 */
public enum RevokeRoute {
  @DropdownItem(label = "Automatic (documented route, falls back to invite-code)", order = 0)
  AUTOMATIC,
  @DropdownItem(label = "invite-link/revoke only", order = 1)
  INVITE_LINK,
  @DropdownItem(label = "invite-code/revoke only", order = 2)
  INVITE_CODE
}
