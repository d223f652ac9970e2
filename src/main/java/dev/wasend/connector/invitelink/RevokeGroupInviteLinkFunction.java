package dev.wasend.connector.invitelink;

import dev.wasend.connector.invitelink.client.WasendClient;
import dev.wasend.connector.invitelink.error.ConnectorErrors;
import dev.wasend.connector.invitelink.error.RetryPolicy;
import dev.wasend.connector.invitelink.error.WasendException;
import dev.wasend.connector.invitelink.model.RevokeGroupInviteLinkRequest;
import dev.wasend.connector.invitelink.model.RevokeGroupInviteLinkResult;
import dev.wasend.connector.invitelink.pacing.Pacer;
import io.camunda.connector.api.annotation.OutboundConnector;
import io.camunda.connector.api.outbound.OutboundConnectorContext;
import io.camunda.connector.api.outbound.OutboundConnectorFunction;
import io.camunda.connector.generator.java.annotation.ElementTemplate;

/**
 * Revokes a WhatsApp group's invite link through Wasend and returns the new one.
 *
 * <p>Thin on purpose: bind and validate the input (the runtime replaces secrets first), delegate to
 * {@link WasendClient}, and translate its classified failures for the runtime.
 */
@OutboundConnector(
    name = "Wasend: Revoke Group Invite Link",
    inputVariables = {
      "apiKey",
      "sessionId",
      "groupId",
      "baseUrl",
      "route",
      "connectTimeoutSeconds",
      "readTimeoutSeconds"
    },
    type = RevokeGroupInviteLinkFunction.JOB_TYPE)
@ElementTemplate(
    id = RevokeGroupInviteLinkFunction.TEMPLATE_ID,
    name = "Wasend: Revoke Group Invite Link",
    version = RevokeGroupInviteLinkFunction.TEMPLATE_VERSION,
    description =
        "Revoke a WhatsApp group's invite link through Wasend: the old link dies, the new one"
            + " becomes a process variable",
    documentationRef =
        "https://github.com/wasenddev/camunda-connector-revoke-group-invite-link#readme",
    engineVersion = "^8.8",
    icon = "icon.svg",
    metadata = @ElementTemplate.Metadata(keywords = {"whatsapp", "wasend", "group", "invite link"}),
    inputDataClass = RevokeGroupInviteLinkRequest.class,
    outputDataClass = RevokeGroupInviteLinkResult.class,
    defaultResultExpression = "={inviteLink: inviteLink, expiresAt: expiresAt}",
    propertyGroups = {
      @ElementTemplate.PropertyGroup(id = "authentication", label = "Authentication"),
      @ElementTemplate.PropertyGroup(id = "group", label = "Group"),
      @ElementTemplate.PropertyGroup(id = "connection", label = "Connection", openByDefault = false)
    })
public class RevokeGroupInviteLinkFunction implements OutboundConnectorFunction {

  /** Public contract: the job type workers subscribe to. */
  public static final String JOB_TYPE = "dev.wasend:revoke-group-invite-link:1";

  /** Public contract: the element template id. */
  public static final String TEMPLATE_ID = "dev.wasend.connectors.RevokeGroupInviteLink.v1";

  /** Bumped on every template change, so Modeler offers the update. */
  public static final int TEMPLATE_VERSION = 3;

  private final WasendClient client;
  private final RetryPolicy retryPolicy;

  /** Used by the runtime's SPI discovery. */
  public RevokeGroupInviteLinkFunction() {
    this(new RetryPolicy());
  }

  /** One policy decides both how long a job waits for the rate limit and every backoff. */
  private RevokeGroupInviteLinkFunction(RetryPolicy retryPolicy) {
    this(WasendClient.builder().rateLimit(new Pacer(), retryPolicy).build(), retryPolicy);
  }

  public RevokeGroupInviteLinkFunction(WasendClient client, RetryPolicy retryPolicy) {
    this.client = client;
    this.retryPolicy = retryPolicy;
  }

  @Override
  public RevokeGroupInviteLinkResult execute(OutboundConnectorContext context) {
    RevokeGroupInviteLinkRequest request =
        context.bindVariables(RevokeGroupInviteLinkRequest.class);
    long elementInstanceKey = context.getJobContext().getElementInstanceKey();
    try {
      RevokeGroupInviteLinkResult result = client.revoke(request);
      retryPolicy.forget(elementInstanceKey);
      return result;
    } catch (WasendException failure) {
      throw ConnectorErrors.toConnectorException(
          failure,
          retryPolicy.backoff(
              failure,
              elementInstanceKey,
              context.getJobContext().getCustomHeaders().get("retryBackoff")));
    }
  }
}
