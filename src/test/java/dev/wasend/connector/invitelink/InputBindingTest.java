package dev.wasend.connector.invitelink;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.wasend.connector.invitelink.client.AllowedBaseUrls;
import dev.wasend.connector.invitelink.client.WasendClient;
import dev.wasend.connector.invitelink.error.RetryPolicy;
import dev.wasend.connector.invitelink.harness.JobHarness;
import dev.wasend.connector.invitelink.harness.JobOutcome;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Values of the wrong shape, as a FEEL expression can yield them, through the runtime's production
 * job handler: the job fails without retries, the message names the field and never the key, and
 * nothing is sent. Jackson alone would say "Cannot deserialize value of type `java.lang.String`
 * from Object value" without the field, and would bind 1.9 seconds as 1.
 */
class InputBindingTest {

  static final String KEY = "wsk_live_binding_7c1f";
  static final String CODE = "ZyXwVuTsRqPoNmLkJiHgFe";

  @RegisterExtension
  static WireMockExtension wasend =
      WireMockExtension.newInstance()
          .options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"))
          .build();

  private final JobHarness harness =
      new JobHarness(
          new RevokeGroupInviteLinkFunction(
              WasendClient.builder().allowedBaseUrls(AllowedBaseUrls.of(wasend.baseUrl())).build(),
              new RetryPolicy(() -> 0.0)),
          Map.of("WASEND_API_KEY", KEY));

  Map<String, Object> inputs(String field, Object value) {
    Map<String, Object> inputs = new HashMap<>();
    inputs.put("apiKey", "{{secrets.WASEND_API_KEY}}");
    inputs.put("sessionId", "ops");
    inputs.put("groupId", "120363012345678901@g.us");
    inputs.put("baseUrl", wasend.baseUrl());
    inputs.put(field, value);
    return inputs;
  }

  static Stream<Arguments> notText() {
    return Stream.of("apiKey", "sessionId", "groupId", "baseUrl")
        .flatMap(
            field ->
                Stream.of(
                    Arguments.of(field, Map.of("id", KEY)),
                    Arguments.of(field, List.of(KEY, KEY)),
                    Arguments.of(field, List.of()),
                    Arguments.of(field, List.of(Map.of("id", KEY))),
                    Arguments.of(field, true)));
  }

  @ParameterizedTest(name = "{0} = {1}")
  @MethodSource("notText")
  void aTextFieldGivenAnythingButTextIsRefusedNamingTheField(String field, Object value) {
    JobOutcome outcome = harness.run(inputs(field, value), Map.of(), 3);

    assertThat(outcome.failed()).isTrue();
    assertThat(outcome.retries()).isZero();
    assertThat(outcome.errorMessage()).isEqualTo(field + " must be text");
    assertThat(outcome.toString()).doesNotContain(KEY);
    wasend.verify(0, anyRequestedFor(anyUrl()));
  }

  static Stream<Arguments> notWholeSeconds() {
    return Stream.of("connectTimeoutSeconds", "readTimeoutSeconds")
        .flatMap(
            field ->
                Stream.of(
                        1.9,
                        2.5,
                        0.5,
                        "1.5",
                        "abc",
                        Map.of("s", 1),
                        List.of(30, 31),
                        List.of(1.9),
                        List.of(),
                        true)
                    .map(value -> Arguments.of(field, value)));
  }

  @ParameterizedTest(name = "{0} = {1}")
  @MethodSource("notWholeSeconds")
  void aTimeoutThatIsNotAWholeNumberOfSecondsIsRefusedNotTruncated(String field, Object value) {
    JobOutcome outcome = harness.run(inputs(field, value), Map.of(), 3);

    assertThat(outcome.failed()).isTrue();
    assertThat(outcome.retries()).isZero();
    assertThat(outcome.errorMessage()).isEqualTo(field + " must be a whole number of seconds");
    wasend.verify(0, anyRequestedFor(anyUrl()));
  }

  static Stream<Arguments> tooLong() {
    return Stream.of("connectTimeoutSeconds", "readTimeoutSeconds")
        .flatMap(field -> Stream.of(1e12, 1e300, "99999999999").map(v -> Arguments.of(field, v)));
  }

  @ParameterizedTest(name = "{0} = {1}")
  @MethodSource("tooLong")
  void aTimeoutBeyondTheRangeOfIntIsRefusedByItsLimit(String field, Object value) {
    JobOutcome outcome = harness.run(inputs(field, value), Map.of(), 3);

    assertThat(outcome.retries()).isZero();
    assertThat(outcome.errorMessage()).contains(field).contains("300");
    wasend.verify(0, anyRequestedFor(anyUrl()));
  }

  static Stream<Arguments> accepted() {
    return Stream.of(
        Arguments.of("groupId", 120363012345678901L),
        Arguments.of("sessionId", 42),
        Arguments.of("readTimeoutSeconds", 30),
        Arguments.of("readTimeoutSeconds", 30.0),
        Arguments.of("readTimeoutSeconds", "30"),
        Arguments.of("readTimeoutSeconds", ""),
        Arguments.of("readTimeoutSeconds", null),
        Arguments.of("connectTimeoutSeconds", 5),
        Arguments.of("connectTimeoutSeconds", "5"),
        Arguments.of("groupId", List.of("120363012345678901@g.us")),
        Arguments.of("readTimeoutSeconds", List.of(30)));
  }

  /**
   * What worked before still works: numbers as ids, whole seconds as numbers or text, and a list's
   * only element, which the runtime's mapper takes (a FEEL filter yields a list).
   */
  @ParameterizedTest(name = "{0} = {1}")
  @MethodSource("accepted")
  void wellFormedValuesStillBind(String field, Object value) {
    wasend.stubFor(post(anyUrl()).willReturn(aResponse().withBody(CODE)));

    JobOutcome outcome = harness.run(inputs(field, value), Map.of(), 3);

    assertThat(outcome.completed()).as(String.valueOf(outcome)).isTrue();
  }
}
