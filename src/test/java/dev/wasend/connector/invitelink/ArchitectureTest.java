package dev.wasend.connector.invitelink;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * README, Architecture: "client → model, error, pacing, redaction; error → redaction; model, pacing
 * and redaction → nothing of ours: no cycles", and nothing depends on the connector function.
 */
class ArchitectureTest {

  private static final String ROOT = "dev.wasend.connector.invitelink";

  private static final JavaClasses MAIN =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages(ROOT);

  @Test
  void everyPackageIsRead() {
    assertThat(MAIN.stream().map(type -> type.getPackageName()).distinct())
        .containsExactlyInAnyOrder(
            ROOT,
            ROOT + ".client",
            ROOT + ".error",
            ROOT + ".model",
            ROOT + ".pacing",
            ROOT + ".redaction");
  }

  @Test
  void theConnectorFunctionIsTheTopThatNothingDependsOn() {
    noClasses()
        .that()
        .resideOutsideOfPackage(ROOT)
        .should()
        .dependOnClassesThat()
        .resideInAPackage(ROOT)
        .check(MAIN);
  }

  @Test
  void theClientUsesModelErrorPacingAndRedaction() {
    noClasses()
        .that()
        .resideInAPackage(ROOT + ".client..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage(ROOT)
        .check(MAIN);
  }

  @Test
  void errorsUseOnlyRedaction() {
    noClasses()
        .that()
        .resideInAPackage(ROOT + ".error..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(ROOT, ROOT + ".client..", ROOT + ".model..", ROOT + ".pacing..")
        .check(MAIN);
  }

  @Test
  void modelPacingAndRedactionUseNothingOfOurs() {
    for (String leaf : new String[] {"model", "pacing", "redaction"}) {
      noClasses()
          .that()
          .resideInAPackage(ROOT + "." + leaf + "..")
          .should()
          .dependOnClassesThat(
              DescribedPredicate.describe(
                  "are ours, outside " + leaf,
                  type ->
                      type.getPackageName().startsWith(ROOT)
                          && !type.getPackageName().startsWith(ROOT + "." + leaf)))
          .check(MAIN);
    }
  }

  @Test
  void thePackagesFormNoCycle() {
    slices().matching(ROOT + ".(*)..").should().beFreeOfCycles().check(MAIN);
  }
}
