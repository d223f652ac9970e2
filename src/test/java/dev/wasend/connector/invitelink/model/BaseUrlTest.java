package dev.wasend.connector.invitelink.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.camunda.connector.api.error.ConnectorInputException;
import io.camunda.connector.validation.impl.DefaultValidationProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class BaseUrlTest {

  @ParameterizedTest
  @CsvSource({
    "https://api.wasend.dev, https://api.wasend.dev/s/groups/g/invite-link/revoke",
    "https://api.wasend.dev/, https://api.wasend.dev/s/groups/g/invite-link/revoke",
    "https://api.wasend.dev///, https://api.wasend.dev/s/groups/g/invite-link/revoke",
    "https://gateway.example.com/wasend/, https://gateway.example.com/wasend/s/groups/g/invite-link/revoke",
    "https://gateway.example.com//wasend//v1/, https://gateway.example.com/wasend/v1/s/groups/g/invite-link/revoke",
    "https://gateway.example.com:8443/a%20b, https://gateway.example.com:8443/a%20b/s/groups/g/invite-link/revoke",
    "HTTPS://API.wasend.dev, https://api.wasend.dev/s/groups/g/invite-link/revoke",
    "  https://api.wasend.dev  , https://api.wasend.dev/s/groups/g/invite-link/revoke",
    "http://localhost:8080, http://localhost:8080/s/groups/g/invite-link/revoke",
    "http://127.0.0.1:1/x, http://127.0.0.1:1/x/s/groups/g/invite-link/revoke",
    "http://[::1]:9/, http://[::1]:9/s/groups/g/invite-link/revoke"
  })
  void keepsThePrefixAndNeverProducesDoubleSlashes(String base, String expected) {
    String url = BaseUrl.parse(base).groupRoute("s", "g", "invite-link/revoke").toString();
    assertThat(url).isEqualTo(expected);
    assertThat(url.substring(url.indexOf("://") + 3)).doesNotContain("//");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "120363012345678901@g.us | 120363012345678901@g.us",
        "4915112345678-1612345678@g.us | 4915112345678-1612345678@g.us",
        "my session | my%20session",
        "café | caf%C3%A9",
        "グループ | %E3%82%B0%E3%83%AB%E3%83%BC%E3%83%97",
        "a/b | a%2Fb",
        "a?b#c | a%3Fb%23c",
        "50% | 50%25",
        "a+b=c&d | a%2Bb%3Dc%26d",
        ".. | %2E%2E",
        ". | %2E",
        "... | %2E%2E%2E",
        "a..b | a..b"
      })
  void encodesEachSegment(String raw, String encoded) {
    assertThat(BaseUrl.encodeSegment(raw)).isEqualTo(encoded);
  }

  @Test
  void anEncodedSegmentStaysOneSegment() {
    var uri = BaseUrl.parse("https://h").groupRoute("s p", "x/../../admin", "invite-link/revoke");
    assertThat(uri.getRawPath()).isEqualTo("/s%20p/groups/x%2F..%2F..%2Fadmin/invite-link/revoke");
    assertThat(uri.getHost()).isEqualTo("h");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "http://api.wasend.dev",
        "http://localhost.evil.example",
        "http://127.0.0.1.nip.io",
        "http://10.0.0.1",
        "ftp://api.wasend.dev",
        "api.wasend.dev",
        "https://",
        "https:///path",
        "https://user:secret@api.wasend.dev",
        "https://api.wasend.dev?x=1",
        "https://api.wasend.dev#frag",
        "https://api.wasend.dev/a/../b",
        "https://gw.example.com/wasend/%2e%2e/admin",
        "https://gw.example.com/wasend/%2E./admin",
        "https://gw.example.com/wasend/..;/admin",
        "https://gw.example.com/wasend/.;x/admin",
        "https://gw.example.com/wasend/x%2F..%2F..%2Fadmin",
        "https://gw.example.com/wasend/x%5C..",
        "https://gw.example.com/wasend/%zz",
        "https://gw.example.com/wasend/%252e%252e/admin",
        "https://gw.example.com/wasend/%25252E%25252E/admin",
        "https://gw.example.com/wasend/x%252F..%252Fadmin",
        "https://gw.example.com/wasend/x%252F..%252F..%252Fadmin%25zz",
        "https://gw.example.com/wasend/%25u002e%25u002e/admin",
        // README: "however often decoded"
        "https://gw.example.com/wasend/%252525252e%252525252e/admin",
        "https://gw.example.com/wasend/x%25252525252525252F..%25252525252525252Fadmin",
        "https://api wasend.dev",
        "https://api.wasend.dev:0",
        "https://api.wasend.dev:99999",
        "mailto:someone@example.com",
        "https://gw.example.com/gw\u202Eetadpu-ton-od",
        "https://gw.example.com/a\u200Bb",
        "https://gw.example.com/a\u0007b",
        "https://gw.example.com/a\u2028b",
        "https://gw.example.com/a\u00A0b",
        " ",
        ""
      })
  void rejectsUrlsTheKeyMustNotGoTo(String base) {
    assertThatThrownBy(() -> BaseUrl.parse(base)).isInstanceOf(IllegalArgumentException.class);
  }

  /** The route memory keeps up to 64 base URLs: each is bounded, so the memory is. */
  @Test
  void aBaseUrlIsAtMost2048CharactersLong() {
    String prefix = "https://gw.example.com/";
    String longest = prefix + "a".repeat(BaseUrl.MAX_LENGTH - prefix.length());
    assertThat(BaseUrl.parse(longest).toString()).hasSize(2048);
    assertThatThrownBy(() -> BaseUrl.parse(longest + "a"))
        .hasMessage("must be at most 2048 characters long");
  }

  /**
   * Every round of decoding that changes a value shortens it, and a value is read only once it is
   * within the length limit: a megabyte of nested escapes is refused by its length, not decoded
   * half a million times.
   */
  @Test
  @Timeout(60)
  void aLongValueOfNestedEscapesIsRefusedByItsLength() {
    String nested = "https://gw.example.com/" + "%25".repeat(300_000) + "2e";
    assertThatThrownBy(() -> BaseUrl.parse(nested))
        .hasMessage("must be at most 2048 characters long");
    var request =
        new RevokeGroupInviteLinkRequest("wsk_live_key", "s", "g", nested, null, null, null);
    assertThatThrownBy(() -> new DefaultValidationProvider().validate(request))
        .isInstanceOf(ConnectorInputException.class)
        .hasMessageContaining("baseUrl");
  }

  @Test
  void aBidiOverrideOrAnotherHiddenCharacterIsNamedAsSuch() {
    assertThatThrownBy(() -> BaseUrl.parse("https://gw.example.com/gw\u202Eetadpu"))
        .hasMessage("must not hold control or invisible characters");
  }

  /** A percent sign that decodes to nothing special stays allowed, however often it is read. */
  @Test
  void anEncodedPercentThatHidesNothingStaysAllowed() {
    assertThat(BaseUrl.parse("https://gw.example.com/50%25/x").toString())
        .isEqualTo("https://gw.example.com/50%25/x");
    assertThat(BaseUrl.parse("https://gw.example.com/a%2525b").toString())
        .isEqualTo("https://gw.example.com/a%2525b");
  }

  @ParameterizedTest
  @CsvSource({
    "https://api.wasend.dev, https://api.wasend.dev",
    "https://api.wasend.dev:443, https://api.wasend.dev",
    "HTTPS://API.Wasend.DEV:0443/, https://api.wasend.dev",
    "https://api.wasend.dev:8443, https://api.wasend.dev:8443",
    "http://127.0.0.1:80, http://127.0.0.1",
    "http://LOCALHOST:08080/x, http://localhost:8080",
    "http://[::1]:9/, http://[::1]:9"
  })
  void anOriginHasOneSpellingWhateverTheBaseUrls(String base, String origin) {
    assertThat(BaseUrl.parse(base).origin()).isEqualTo(origin);
  }

  @Test
  void oneMountSpelledTwoWaysIsOneBaseUrl() {
    assertThat(BaseUrl.parse("https://API.wasend.dev:443/v1/"))
        .isEqualTo(BaseUrl.parse("https://api.wasend.dev/v1"))
        .hasSameHashCodeAs(BaseUrl.parse("https://api.wasend.dev/v1"));
  }

  @Test
  void reasonsNeverRepeatTheValue() {
    String secretish = "https://user:s3cr3t-value@api.wasend.dev";
    assertThatThrownBy(() -> BaseUrl.parse(secretish))
        .hasMessageNotContaining("s3cr3t-value")
        .hasMessage("must not carry credentials");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "localhost",
        "LocalHost",
        "127.0.0.1",
        "127.1.2.3",
        "[::1]",
        "[0:0:0:0:0:0:0:1]",
        "[0::1]",
        "[0000:0000:0000:0000:0000:0000:0000:0001]",
        "[::ffff:127.0.0.1]"
      })
  void loopbackInEverySpelling(String host) {
    assertThat(BaseUrl.isLoopbackHost(host)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "localhost.example",
        "128.0.0.1",
        "[::2]",
        "127.0.0.1.nip.io",
        "0x7f000001",
        "[fe80::1]"
      })
  void notLoopbackAndNeverResolved(String host) {
    assertThat(BaseUrl.isLoopbackHost(host)).isFalse();
  }

  @ParameterizedTest
  @CsvSource({
    "https://api.wasend.dev, https://api.wasend.dev, true",
    "https://API.wasend.dev:443/, https://api.wasend.dev, true",
    "https://gw.example.com/wasend/v1, https://gw.example.com/wasend, true",
    "https://gw.example.com/wasend, https://gw.example.com/wasend, true",
    "https://gw.example.com/wasendx, https://gw.example.com/wasend, false",
    "https://gw.example.com, https://gw.example.com/wasend, false",
    "https://gw.example.com:8443/wasend, https://gw.example.com/wasend, false",
    "https://evil.example.com, https://api.wasend.dev, false",
    "https://api.wasend.dev.evil.example, https://api.wasend.dev, false",
    "http://127.0.0.1:8080, http://127.0.0.1:8080, true",
    "http://127.0.0.1:8081, http://127.0.0.1:8080, false",
    "http://localhost:8080, http://127.0.0.1:8080, false"
  })
  void withinAnAllowedBaseUrl(String base, String allowed, boolean within) {
    assertThat(BaseUrl.parse(base).isWithin(BaseUrl.parse(allowed))).isEqualTo(within);
  }
}
