package dev.wasend.connector.invitelink;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
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

  /** Inline links {@code [text](target)} and reference definitions {@code [name]: target}. */
  private static final Pattern LINK =
      Pattern.compile("\\]\\(([^)\\s]+)\\)|(?m)^ {0,3}\\[[^]]+]: *(\\S+)");

  private static final Pattern HEADING = Pattern.compile("(?m)^#{1,6} +(.+?) *#*$");
  private static final Pattern FENCE = Pattern.compile("(?ms)^```.*?^```");

  /** Folders of build output and installed packages: not the project's documents. */
  private static final Set<String> NOT_DOCUMENTS = Set.of(".git", "target", "node_modules");

  static Stream<Path> documents() throws IOException {
    List<Path> documents = new ArrayList<>();
    Files.walkFileTree(
        Path.of("."),
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) {
            return NOT_DOCUMENTS.contains(String.valueOf(dir.getFileName()))
                ? FileVisitResult.SKIP_SUBTREE
                : FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
            if (file.toString().endsWith(".md")) {
              documents.add(Path.of(".").relativize(file));
            }
            return FileVisitResult.CONTINUE;
          }
        });
    assertThat(documents).contains(Path.of("README.md"), Path.of("docs/deployment.md"));
    return documents.stream().sorted();
  }

  @ParameterizedTest
  @MethodSource("documents")
  void everyRelativeLinkLeadsToAFileAndAHeading(Path document) throws IOException {
    String text = FENCE.matcher(Files.readString(document)).replaceAll("");
    List<String> broken = new ArrayList<>();
    Matcher link = LINK.matcher(text);
    while (link.find()) {
      String target = link.group(1) != null ? link.group(1) : link.group(2);
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
