package dev.wasend.connector.invitelink.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wasend.connector.invitelink.harness.TemplateDefaults;
import io.camunda.connector.api.error.ConnectorInputException;
import io.camunda.connector.validation.impl.DefaultValidationProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RevokeGroupInviteLinkRequestTest {

  private static final DefaultValidationProvider VALIDATION = new DefaultValidationProvider();

  static RevokeGroupInviteLinkRequest request(String sessionId, String groupId, String baseUrl) {
    return new RevokeGroupInviteLinkRequest(
        "key-123", sessionId, groupId, baseUrl, null, null, null);
  }

  /** A job without these inputs (a diagram made before they were written) runs as a new task. */
  @Test
  void appliesTheTemplateDefaults() {
    var request = request("s", "120363012345678901@g.us", null);
    assertThat(request.baseUrl()).isEqualTo(TemplateDefaults.value("baseUrl"));
    assertThat(request.route().name()).isEqualTo(TemplateDefaults.value("route"));
    assertThat(request.connectTimeoutSeconds())
        .isEqualTo(Integer.parseInt(TemplateDefaults.value("connectTimeoutSeconds")));
    assertThat(request.readTimeoutSeconds())
        .isEqualTo(Integer.parseInt(TemplateDefaults.value("readTimeoutSeconds")));
    // and those are the README's defaults
    assertThat(request.baseUrl()).isEqualTo("https://api.wasend.dev");
    assertThat(request.route()).isEqualTo(RevokeRoute.AUTOMATIC);
    assertThat(request.connectTimeoutSeconds()).isEqualTo(10);
    assertThat(request.readTimeoutSeconds()).isEqualTo(30);
    assertThatCode(() -> VALIDATION.validate(request)).doesNotThrowAnyException();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        " ",
        "a/b",
        "/",
        "a?b",
        "a#b",
        "a\\b",
        "..",
        ".",
        "a..b",
        "a\nb",
        "a\u0000b",
        "a\tb",
        "\u007f"
      })
  void rejectsABadGroupIdNamingTheField(String groupId) {
    assertThatThrownBy(() -> VALIDATION.validate(request("s", groupId, null)))
        .isInstanceOf(ConnectorInputException.class)
        .hasMessageContaining("groupId")
        .hasMessageNotContaining("sessionId");
  }

  /** Pasted spaces and invisible characters would name another group: refused, not sent. */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "120363012345678901@g.us ",
        " 120363012345678901@g.us",
        "120363012345678901@g.us\u00A0",
        "1203630\u00A012345678901@g.us",
        "1203630\u200B12345678901@g.us",
        "\uFEFF120363012345678901@g.us",
        "1203630\u202E12345678901@g.us",
        "1203630\u2028@g.us",
        "a\uDB40\uDC01b",
        "\u3000g@g.us"
      })
  void rejectsInvisibleCharactersAndSurroundingSpaces(String groupId) {
    assertThatThrownBy(() -> VALIDATION.validate(request("s", groupId, null)))
        .isInstanceOf(ConnectorInputException.class)
        .hasMessageContaining("groupId");
  }

  @Test
  void limitsTheLengthOfIds() {
    assertThatCode(() -> VALIDATION.validate(request("s", "g".repeat(256), null)))
        .doesNotThrowAnyException();
    assertThatThrownBy(() -> VALIDATION.validate(request("s".repeat(257), "g@g.us", null)))
        .isInstanceOf(ConnectorInputException.class)
        .hasMessageContaining("sessionId")
        .hasMessageContaining("256");
  }

  @ParameterizedTest
  @ValueSource(strings = {"my session", "grüne-gruppe", "グループ", "a b@g.us", "😀-group"})
  void acceptsVisibleTextWithInnerSpaces(String id) {
    assertThatCode(() -> VALIDATION.validate(request(id, id, null))).doesNotThrowAnyException();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "x/y",
        "x?y",
        "..",
        "\r",
        // what a gateway that decodes twice (or three times) would read as a step up or a slash
        "%2e%2e",
        "%2e%2e%2f%2e%2e%2fadmin",
        "%252e%252e",
        "a%2fb",
        "a%5Cb",
        // a malformed escape hides nothing from a lenient decoder
        "%2e%2e%2f%2e%2e%2fadmin%",
        "%2e%2e%2fadmin%zz",
        "x%2f..%2fadmin%",
        // a query or a fragment for a gateway that decodes again, and IIS's %u escapes
        "x%3fy",
        "x%253Fy",
        "x%23y",
        "%u002e%u002e",
        "a%u002fb",
        // README: "in any spelling a decoder reads", however many rounds that takes
        "a%2525252Fb",
        "%25252525252e%25252525252e"
      })
  void rejectsABadSessionIdNamingTheField(String sessionId) {
    assertThatThrownBy(() -> VALIDATION.validate(request(sessionId, "g@g.us", null)))
        .isInstanceOf(ConnectorInputException.class)
        .hasMessageContaining("sessionId");
  }

  @Test
  void rejectsMissingIdsAndKey() {
    var request = new RevokeGroupInviteLinkRequest(null, null, null, null, null, null, null);
    assertThatThrownBy(() -> VALIDATION.validate(request))
        .hasMessageContaining("apiKey")
        .hasMessageContaining("sessionId")
        .hasMessageContaining("groupId");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "http://api.wasend.dev",
        "https://u:p@api.wasend.dev",
        "not a url",
        "https://h/?q"
      })
  void rejectsABadBaseUrlNamingTheFieldAndTheRule(String baseUrl) {
    assertThatThrownBy(() -> VALIDATION.validate(request("s", "g", baseUrl)))
        .isInstanceOf(ConnectorInputException.class)
        .hasMessageContaining("baseUrl")
        .hasMessageContaining("must");
  }

  @Test
  void rejectsTimeoutsOutOfRange() {
    var request = new RevokeGroupInviteLinkRequest("k", "s", "g", null, null, 0, 301);
    assertThatThrownBy(() -> VALIDATION.validate(request))
        .hasMessageContaining("connectTimeoutSeconds")
        .hasMessageContaining("readTimeoutSeconds");
    var swapped = new RevokeGroupInviteLinkRequest("k", "s", "g", null, null, 301, 0);
    assertThatThrownBy(() -> VALIDATION.validate(swapped))
        .hasMessageContaining("connectTimeoutSeconds")
        .hasMessageContaining("readTimeoutSeconds");
  }

  /** README: both timeouts take 1–300 s, the ends included. */
  @ParameterizedTest
  @CsvSource({"1, 1", "300, 300", "1, 300", "300, 1"})
  void acceptsTimeoutsAtBothEndsOfTheRange(int connect, int read) {
    var request = new RevokeGroupInviteLinkRequest("k", "s", "g", null, null, connect, read);
    assertThatCode(() -> VALIDATION.validate(request)).doesNotThrowAnyException();
    assertThat(request.connectTimeoutSeconds()).isEqualTo(connect);
    assertThat(request.readTimeoutSeconds()).isEqualTo(read);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "key with space",
        "key\r\nX-Injected: 1",
        "key\u0000x",
        "ke\ty",
        "ke\u00A0y",
        "ke\u200By",
        // the JDK writes headers as ASCII: é would go out as ?, € fails inside the call
        "wsk_live_Zq\u00e981xHygiene0",
        "wsk_live_\u20ac_abcdef"
      })
  void rejectsAKeyThatCannotBeAHeaderWithoutRepeatingIt(String apiKey) {
    var request = new RevokeGroupInviteLinkRequest(apiKey, "s", "g", null, null, null, null);
    assertThatThrownBy(() -> VALIDATION.validate(request))
        .isInstanceOf(ConnectorInputException.class)
        .hasMessageContaining("apiKey")
        .hasMessageNotContaining("key with")
        .hasMessageNotContaining("Injected");
  }

  /** A secret made from a file often ends in a newline: the key is what lies inside. */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "wsk_live_key\n",
        "wsk_live_key\r\n",
        " wsk_live_key\t",
        "wsk_live_key",
        "\uFEFFwsk_live_key",
        "wsk_live_key\u00A0",
        "\u202Fwsk_live_key\u2028"
      })
  void dropsWhitespaceAroundTheKey(String apiKey) {
    var request = new RevokeGroupInviteLinkRequest(apiKey, "s", "g", null, null, null, null);
    assertThatCode(() -> VALIDATION.validate(request)).doesNotThrowAnyException();
    assertThat(request.apiKey()).isEqualTo("wsk_live_key");
  }

  /** A secret reference typed into the wrong field must not send the key in the URL. */
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "wsk_live_7f3a9c1e5b | g | | sessionId",
        "WSK_LIVE_7F3A9C1E5B | g | | sessionId",
        "x-wsk_live_7f3a9c1e5b | g | | sessionId",
        "s | wsk_live_7f3a9c1e5b | | groupId",
        "s | g | https://gw.example.com/wsk_live_7f3a9c1e5b | baseUrl",
        "s | g | https://gw.example.com/wsk%5Flive%5F7f3a9c1e5b | baseUrl"
      })
  void refusesTheKeyInAnotherFieldWithoutRepeatingIt(
      String sessionId, String groupId, String baseUrl, String field) {
    var request =
        new RevokeGroupInviteLinkRequest(
            "wsk_live_7f3a9c1e5b", sessionId, groupId, baseUrl, null, null, null);
    assertThatThrownBy(() -> VALIDATION.validate(request))
        .isInstanceOf(ConnectorInputException.class)
        .hasMessageContaining(field + " must not hold the API key")
        .hasMessageNotContaining("7f3a9c1e5b")
        .hasMessageNotContaining("7F3A9C1E5B");
  }

  /** Real ids, and a percent sign that decodes to nothing the route would read. */
  @ParameterizedTest
  @ValueSource(strings = {"120363012345678901@g.us", "50%off", "100%", "a%zz", "caf%C3%A9"})
  void acceptsIdsThatStayOneSegmentHoweverOftenDecoded(String id) {
    assertThatCode(() -> VALIDATION.validate(request(id, "g@g.us", null)))
        .doesNotThrowAnyException();
  }

  @Test
  void aShortKeyInsideAnIdIsNoMistake() {
    var request = new RevokeGroupInviteLinkRequest("ops", "ops-team", "g", null, null, null, null);
    assertThatCode(() -> VALIDATION.validate(request)).doesNotThrowAnyException();
    // README: "the key (of 6 characters or more)"
    var fiveCharacters =
        new RevokeGroupInviteLinkRequest("sales", "sales-team", "g", null, null, null, null);
    assertThatCode(() -> VALIDATION.validate(fiveCharacters)).doesNotThrowAnyException();
    var sixCharacters =
        new RevokeGroupInviteLinkRequest("salesx", "salesx-team", "g", null, null, null, null);
    assertThatThrownBy(() -> VALIDATION.validate(sixCharacters))
        .isInstanceOf(ConnectorInputException.class)
        .hasMessageContaining("sessionId must not hold the API key");
  }

  @Test
  void toStringNeverShowsTheKey() {
    var request =
        new RevokeGroupInviteLinkRequest("super-secret-key", "s", "g", null, null, null, null);
    assertThat(request.toString()).doesNotContain("super-secret-key").contains("apiKey=***");
  }
}
