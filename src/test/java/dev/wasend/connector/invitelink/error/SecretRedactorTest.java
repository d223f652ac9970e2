package dev.wasend.connector.invitelink.error;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SecretRedactorTest {

  @Test
  void removesTheKeyItsUrlEncodedFormAndAnyBearerToken() {
    var redactor = new SecretRedactor("k3y/with+chars");
    String text = "got k3y/with+chars, k3y%2Fwith%2Bchars and Authorization: Bearer other-token";
    assertThat(redactor.redact(text))
        .doesNotContain("k3y/with+chars")
        .doesNotContain("k3y%2Fwith%2Bchars")
        .doesNotContain("other-token")
        .contains("Bearer ***");
  }

  @Test
  void removesTheKeyAsAJsonStringWouldHoldIt() {
    var redactor = new SecretRedactor("k3y/\"q\\z");
    String text = "{\"echo\":\"k3y\\/\\\"q\\\\z\",\"again\":\"k3y/\\\"q\\\\z\"}";
    assertThat(text).contains("k3y\\/\\\"q"); // the escaped forms really are in the text
    assertThat(redactor.redact(text)).isEqualTo("{\"echo\":\"***\",\"again\":\"***\"}");
  }

  @Test
  void redactsBeforeCutting() {
    var redactor = new SecretRedactor("ABCDEFGHIJ");
    String excerpt = redactor.excerpt("xxxxABCDEFGHIJ", 8);
    assertThat(excerpt).doesNotContain("ABCD").startsWith("xxxx***");
  }

  @Test
  void neverCutsACharacterInHalf() {
    String excerpt = new SecretRedactor("k").excerpt("abc😀def", 4);
    assertThat(excerpt).isEqualTo("abc…");
  }

  @Test
  void boundsTheExcerpt() {
    assertThat(new SecretRedactor("k").excerpt("a".repeat(10_000), 512)).hasSize(513);
  }
}
