package dev.wasend.connector.invitelink;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static dev.wasend.connector.invitelink.BuiltArtifacts.required;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.bouncycastle.bcpg.ArmoredOutputStream;
import org.bouncycastle.bcpg.HashAlgorithmTags;
import org.bouncycastle.bcpg.PublicKeyAlgorithmTags;
import org.bouncycastle.openpgp.PGPKeyRingGenerator;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPSecretKeyRing;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureList;
import org.bouncycastle.openpgp.PGPUtil;
import org.bouncycastle.openpgp.jcajce.JcaPGPObjectFactory;
import org.bouncycastle.openpgp.operator.jcajce.JcaPGPContentSignerBuilder;
import org.bouncycastle.openpgp.operator.jcajce.JcaPGPContentVerifierBuilderProvider;
import org.bouncycastle.openpgp.operator.jcajce.JcaPGPDigestCalculatorProviderBuilder;
import org.bouncycastle.openpgp.operator.jcajce.JcaPGPKeyPair;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What {@code ./mvnw deploy} sends to Maven Central (RELEASING.md), run for real: a clean copy of
 * the sources at a release version, signed with a throwaway key by the gpg plugin's Java signer,
 * uploaded to a stand-in for the Central Portal's publisher API on loopback. The bundle holds the
 * jar, the sources, javadoc and simulator jars, the SBOM and the pom, each signed by that key and
 * with its checksums; the upload leaves publishing to a person and waits for validation.
 */
class ReleaseBundleIT {

  private static final String[] SOURCES = {"pom.xml", "mvnw", "mvnw.cmd", ".mvn", "LICENSE", "src"};
  private static final String ARTIFACT = "wasend-revoke-group-invite-link-connector";
  private static final List<String> PUBLISHED_SUFFIXES =
      List.of(
          ".pom",
          ".jar",
          "-sources.jar",
          "-javadoc.jar",
          "-simulator.jar",
          "-cyclonedx.json",
          "-cyclonedx.xml");

  /** Checksum file extension -> JDK digest algorithm: all four that the portal accepts. */
  private static final Map<String, String> CHECKSUMS =
      Map.of(".md5", "MD5", ".sha1", "SHA-1", ".sha256", "SHA-256", ".sha512", "SHA-512");

  private static final Pattern MOJO =
      Pattern.compile("^\\[INFO\\] --- ([^:\\s]+):[^:\\s]+:(\\S+) ");

  private static final String TOKEN_USER = "release-test";
  private static final String TOKEN_PASSWORD = "not-a-real-token";

  private final Path basedir = Path.of(required("project.basedir"));
  private final Path shipped = Path.of(required("shipped.jar"));
  private final WireMockServer portal =
      new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());

  @AfterEach
  void stopPortal() {
    portal.stop();
  }

  @Test
  void deploySignsEveryArtifactAndUploadsThemForValidation() throws Exception {
    portal.start();
    portal.stubFor(
        post(urlPathEqualTo("/api/v1/publisher/upload"))
            .willReturn(aResponse().withStatus(201).withBody("deployment-1")));
    portal.stubFor(
        post(urlPathEqualTo("/api/v1/publisher/status"))
            .willReturn(
                okJson(
                    "{\"deploymentId\":\"deployment-1\",\"deploymentName\":\"release test\","
                        + "\"deploymentState\":\"VALIDATED\",\"purls\":[]}")));
    NestedBuild build = NestedBuild.copyOf(basedir, "release-build", SOURCES);
    String version = makeRelease(build.directory().resolve("pom.xml"));
    Path settings = build.directory().resolve("settings.xml");
    Files.writeString(
        settings,
        "<settings><servers><server><id>central</id><username>"
            + TOKEN_USER
            + "</username><password>"
            + TOKEN_PASSWORD
            + "</password></server></servers></settings>");
    PGPSecretKeyRing key = throwawayKey();

    String log =
        build.run(
            List.of(
                "--settings",
                settings.toString(),
                "deploy",
                "-DskipTests", // also keeps the nested build from running this test again
                "-DskipEngine",
                "-Dtemplate-check.skip=true",
                "-Dspotless.check.skip=true",
                "-Dmaven.install.skip=true", // the local repository stays as it was
                "-Dgpg.signer=bc",
                "-DcentralBaseUrl=" + portal.baseUrl()),
            Map.of("MAVEN_GPG_KEY", armored(key)));

    assertThat(mojoOrder(log))
        .as(
            "signing runs in the deploy phase (after install, so verify and install never sign),"
                + " and the upload after it")
        .containsSubsequence("install:install", "gpg:sign", "central-publishing:publish");

    List<LoggedRequest> uploads =
        portal.findAll(postRequestedFor(urlPathEqualTo("/api/v1/publisher/upload")));
    assertThat(uploads).as("uploads to the portal").hasSize(1);
    LoggedRequest upload = uploads.get(0);
    assertThat(upload.queryParameter("publishingType").firstValue())
        .as("publishing is left to a person (autoPublish false)")
        .isEqualTo("USER_MANAGED");
    assertThat(upload.getHeader("Authorization"))
        .as("the portal token from settings.xml, server 'central'")
        .isEqualTo(
            "UserToken "
                + Base64.getEncoder()
                    .encodeToString(
                        (TOKEN_USER + ":" + TOKEN_PASSWORD).getBytes(StandardCharsets.UTF_8)));
    portal.verify(
        postRequestedFor(urlPathEqualTo("/api/v1/publisher/status"))
            .withQueryParam("id", equalTo("deployment-1")));

    Map<String, byte[]> bundle = unzip(upload.getPart("bundle").getBody().asBytes());
    String base = "dev/wasend/camunda/" + ARTIFACT + "/" + version + "/" + ARTIFACT + "-" + version;
    assertThat(bundle.keySet().stream().filter(ReleaseBundleIT::isArtifact))
        .as("the artifacts in the bundle")
        .containsExactlyInAnyOrderElementsOf(
            PUBLISHED_SUFFIXES.stream().map(s -> base + s).toList());
    PGPPublicKey publicKey = key.getPublicKey();
    for (String suffix : PUBLISHED_SUFFIXES) {
      String name = base + suffix;
      byte[] file = bundle.get(name);
      assertThat(bundle.keySet()).as("the signature of %s", name).contains(name + ".asc");
      assertThat(verifies(bundle.get(name + ".asc"), file, publicKey))
          .as("the signature of %s verifies with the signing key", name)
          .isTrue();
      for (Map.Entry<String, String> checksum : CHECKSUMS.entrySet()) {
        String checksumFile = name + checksum.getKey();
        assertThat(bundle.keySet()).as("the checksums of %s", name).contains(checksumFile);
        assertThat(new String(bundle.get(checksumFile), StandardCharsets.US_ASCII).trim())
            .as(checksumFile)
            .isEqualTo(digest(checksum.getValue(), file));
      }
    }
    assertThat(
            Files.mismatch(
                shipped, build.directory().resolve("target/" + ARTIFACT + "-" + version + ".jar")))
        .as("the released jar has the same bytes as the jar this build tested (-1 = same)")
        .isEqualTo(-1L);
  }

  /** Drops -SNAPSHOT from the project's version in the copy's pom; returns the release version. */
  private static String makeRelease(Path pom) throws IOException {
    String text = Files.readString(pom);
    Matcher version = Pattern.compile("<version>([^<]+)-SNAPSHOT</version>").matcher(text);
    assertThat(version.find()).as("a -SNAPSHOT version in %s", pom).isTrue();
    Files.writeString(pom, version.replaceFirst("<version>$1</version>"));
    return version.group(1);
  }

  /** "plugin:goal" of each mojo, in the order the build ran them. */
  private static List<String> mojoOrder(String log) {
    return log.lines()
        .map(MOJO::matcher)
        .filter(Matcher::find)
        .map(m -> m.group(1) + ":" + m.group(2))
        .toList();
  }

  /** Neither a folder, a signature nor a checksum. */
  private static boolean isArtifact(String entry) {
    return !entry.endsWith("/")
        && !entry.endsWith(".asc")
        && CHECKSUMS.keySet().stream().noneMatch(entry::endsWith);
  }

  private static PGPSecretKeyRing throwawayKey() throws Exception {
    KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
    rsa.initialize(2048);
    JcaPGPKeyPair pair =
        new JcaPGPKeyPair(PGPPublicKey.RSA_GENERAL, rsa.generateKeyPair(), new Date());
    return new PGPKeyRingGenerator(
            PGPSignature.POSITIVE_CERTIFICATION,
            pair,
            "ReleaseBundleIT <release-test@invalid>",
            new JcaPGPDigestCalculatorProviderBuilder().build().get(HashAlgorithmTags.SHA1),
            null,
            null,
            new JcaPGPContentSignerBuilder(
                PublicKeyAlgorithmTags.RSA_GENERAL, HashAlgorithmTags.SHA256),
            null)
        .generateSecretKeyRing();
  }

  private static String armored(PGPSecretKeyRing key) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ArmoredOutputStream armor = new ArmoredOutputStream(out)) {
      key.encode(armor);
    }
    return out.toString(StandardCharsets.US_ASCII);
  }

  private static boolean verifies(byte[] asc, byte[] file, PGPPublicKey key) throws Exception {
    try (InputStream in = PGPUtil.getDecoderStream(new ByteArrayInputStream(asc))) {
      PGPSignature signature = ((PGPSignatureList) new JcaPGPObjectFactory(in).nextObject()).get(0);
      signature.init(new JcaPGPContentVerifierBuilderProvider(), key);
      signature.update(file);
      return signature.verify();
    }
  }

  private static String digest(String algorithm, byte[] file) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(file));
  }

  private static Map<String, byte[]> unzip(byte[] zip) throws IOException {
    Map<String, byte[]> entries = new TreeMap<>();
    try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
      for (ZipEntry entry; (entry = in.getNextEntry()) != null; ) {
        entries.put(entry.getName(), in.readAllBytes());
      }
    }
    return entries;
  }
}
