package dev.wasend.connector.invitelink;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every relative link in the project's documents leads somewhere: the file exists, and an anchor
 * names a heading of it as GitHub spells heading anchors.
 */
class DocumentLinksTest {

  private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");
  private static final Pattern HEADING = Pattern.compile("(?m)^#{1,6} +(.+?) *#*$");
  private static final Pattern FENCE = Pattern.compile("(?ms)^```.*?^```");

  static Stream<Path> documents() throws IOException {
    List<Path> documents = new ArrayList<>();
    documents.addAll(
        List.of(
            Path.of("README.md"),
            Path.of("CHANGELOG.md"),
            Path.of("RELEASING.md"),
            Path.of("bpmn-examples/README.md")));
    try (Stream<Path> docs = Files.list(Path.of("docs"))) {
      docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(documents::add);
    }
    return documents.stream();
  }

  @ParameterizedTest
  @MethodSource("documents")
  void everyRelativeLinkLeadsToAFileAndAHeading(Path document) throws IOException {
    String text = FENCE.matcher(Files.readString(document)).replaceAll("");
    List<String> broken = new ArrayList<>();
    Matcher link = LINK.matcher(text);
    while (link.find()) {
      String target = link.group(1);
      if (target.matches("(?i)(https?|mailto):.*")) {
        continue;
      }
      int hash = target.indexOf('#');
      String file = hash < 0 ? target : target.substring(0, hash);
      Path linked = file.isEmpty() ? document : document.resolveSibling(file).normalize();
      if (!Files.exists(linked)) {
        broken.add(target + " (no such file)");
      } else if (hash >= 0 && !anchors(linked).contains(target.substring(hash + 1))) {
        broken.add(target + " (no such heading in " + linked + ")");
      }
    }
    assertThat(broken).as("links in " + document).isEmpty();
  }

  /** GitHub's heading anchors: lower case, punctuation dropped, spaces as hyphens. */
  static Set<String> anchors(Path markdown) throws IOException {
    Set<String> anchors = new HashSet<>();
    if (!markdown.toString().endsWith(".md")) {
      return anchors;
    }
    String text = FENCE.matcher(Files.readString(markdown)).replaceAll("");
    Matcher heading = HEADING.matcher(text);
    while (heading.find()) {
      String title = heading.group(1).replaceAll("\\[([^]]*)]\\([^)]*\\)", "$1");
      String slug =
          title.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-');
      String unique = slug;
      for (int n = 1; !anchors.add(unique); n++) {
        unique = slug + "-" + n;
      }
    }
    return anchors;
  }
}
