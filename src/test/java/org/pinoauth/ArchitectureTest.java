package org.pinoauth;

import static com.tngtech.archunit.base.DescribedPredicate.alwaysTrue;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackages;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The floors of docs/architecture.md, kept true: a main class imports only from its own floor or
 * those below, no two packages import each other (directly or round a loop), the grants and the
 * stores know nothing of servlets, and every package has a floor; the standalone jar's launcher
 * ({@code standalone}) stands beside the floors, alone in using Jetty, used by nothing in the WAR,
 * and using nothing of ours but {@code crypto}, which the jar carries. Each rule is also shown to
 * fail on a deliberately bad set of classes (the fixtures beside it in the test tree), so that a
 * rule that could never fail does not pass for one that holds.
 */
class ArchitectureTest {
  private static final String ROOT = "org.pinoauth.";

  /** The standalone jar's launcher: beside the floors, outside the WAR. */
  private static final String STANDALONE = "standalone";

  /** Floors from the ground up, each with its packages. */
  private static final List<List<String>> FLOORS =
      List.of(
          List.of("error", "crypto"),
          List.of("http"),
          List.of("scope", "limit", "client", "audit", "realm"),
          List.of("store"),
          List.of("config", "clientauth"),
          List.of("token"),
          List.of(
              "authorize",
              "revoke",
              "introspect",
              "account",
              "metadata",
              "admin",
              "health",
              "metrics",
              "openapi"),
          List.of("boot"));

  static final ArchRule FLOORS_RULE = floors();

  static final ArchRule NO_CYCLES =
      slices().matching("org.pinoauth.(**)").should().beFreeOfCycles().allowEmptyShould(true);

  static final ArchRule NO_SERVLETS_IN_GRANTS_AND_STORES =
      noClasses()
          .that()
          .resideInAPackage("org.pinoauth.store..")
          .or()
          .haveNameMatching("org\\.pinoauth\\.token\\.(\\w*Grant|GrantHandler|Grants)(\\$.*)?")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("jakarta.servlet..")
          .allowEmptyShould(true);

  static final ArchRule ERROR_IMPORTS_NOTHING_OF_OURS =
      noClasses()
          .that()
          .resideInAPackage("org.pinoauth.error..")
          .should()
          .dependOnClassesThat()
          .resideOutsideOfPackages("org.pinoauth.error..", "java..")
          .allowEmptyShould(true);

  static final ArchRule EVERY_PACKAGE_HAS_A_FLOOR =
      classes()
          .should()
          .resideInAnyPackage(
              Stream.concat(FLOORS.stream().flatMap(List::stream), Stream.of(STANDALONE))
                  .map(name -> ROOT + name + "..")
                  .toArray(String[]::new))
          .allowEmptyShould(true);

  /**
   * The standalone jar's launcher is compiled with the main classes but left out of the WAR
   * (pom.xml, packagingExcludes): nothing the WAR holds may need it.
   */
  static final ArchRule NOTHING_IN_THE_WAR_USES_THE_LAUNCHER =
      noClasses()
          .that()
          .resideOutsideOfPackage(ROOT + STANDALONE + "..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage(ROOT + STANDALONE + "..")
          .allowEmptyShould(true);

  /** Jetty is the launcher's, provided to the WAR by whatever container runs it. */
  static final ArchRule ONLY_THE_LAUNCHER_USES_JETTY =
      noClasses()
          .that()
          .resideOutsideOfPackage(ROOT + STANDALONE + "..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("org.eclipse.jetty..")
          .allowEmptyShould(true);

  /**
   * The standalone jar carries the launcher and {@code crypto} (which its login service hashes
   * with) and no other class of ours: those two use nothing else of ours.
   */
  static final ArchRule THE_JAR_CARRIES_ALL_THE_LAUNCHER_USES =
      noClasses()
          .that()
          .resideInAnyPackage(ROOT + STANDALONE + "..", ROOT + "crypto..")
          .should()
          .dependOnClassesThat(
              resideInAPackage("org.pinoauth..")
                  .and(resideOutsideOfPackages(ROOT + STANDALONE + "..", ROOT + "crypto..")))
          .allowEmptyShould(true);

  private static ArchRule floors() {
    var rule =
        layeredArchitecture()
            .consideringOnlyDependenciesInAnyPackage("org.pinoauth..")
            .withOptionalLayers(true)
            // The launcher stands beside the floors; THE_JAR_CARRIES_ALL_THE_LAUNCHER_USES is its
            // rule.
            .ignoreDependency(resideInAPackage(ROOT + STANDALONE + ".."), alwaysTrue());
    for (int floor = 0; floor < FLOORS.size(); floor++) {
      rule =
          rule.layer(floorName(floor))
              .definedBy(
                  FLOORS.get(floor).stream()
                      .map(name -> ROOT + name + "..")
                      .toArray(String[]::new));
    }
    for (int floor = 0; floor < FLOORS.size(); floor++) {
      String[] above =
          IntStream.range(floor + 1, FLOORS.size())
              .mapToObj(ArchitectureTest::floorName)
              .toArray(String[]::new);
      rule =
          above.length == 0
              ? rule.whereLayer(floorName(floor)).mayNotBeAccessedByAnyLayer()
              : rule.whereLayer(floorName(floor)).mayOnlyBeAccessedByLayers(above);
    }
    return rule;
  }

  private static String floorName(int floor) {
    return "floor " + (floor + 1) + " " + FLOORS.get(floor);
  }

  /** The main classes, imported once: importing reads every class file under the root. */
  private static JavaClasses main;

  private static synchronized JavaClasses mainClasses() {
    if (main == null) {
      main =
          new ClassFileImporter()
              .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
              .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
              .importPackages("org.pinoauth");
    }
    return main;
  }

  private static JavaClasses only(Class<?>... classes) {
    return new ClassFileImporter().importClasses(classes);
  }

  @Test
  void mainClassesKeepTheFloors() {
    JavaClasses classes = mainClasses();
    assertTrue(classes.size() > 100, "the main classes, not an empty set: " + classes.size());
    FLOORS_RULE.check(classes);
  }

  @Test
  void noTwoPackagesImportEachOther() {
    NO_CYCLES.check(mainClasses());
  }

  @Test
  void theGrantsAndTheStoresKnowNothingOfServlets() {
    NO_SERVLETS_IN_GRANTS_AND_STORES.check(mainClasses());
  }

  @Test
  void errorImportsNothingOfOurs() {
    ERROR_IMPORTS_NOTHING_OF_OURS.check(mainClasses());
  }

  @Test
  void everyPackageHasAFloor() {
    EVERY_PACKAGE_HAS_A_FLOOR.check(mainClasses());
  }

  @Test
  void nothingInTheWarUsesTheLauncher() {
    NOTHING_IN_THE_WAR_USES_THE_LAUNCHER.check(mainClasses());
  }

  @Test
  void onlyTheLauncherUsesJetty() {
    ONLY_THE_LAUNCHER_USES_JETTY.check(mainClasses());
  }

  @Test
  void theJarCarriesAllTheLauncherUses() {
    THE_JAR_CARRIES_ALL_THE_LAUNCHER_USES.check(mainClasses());
  }

  @Test
  void aWarClassUsingTheLauncherFails() {
    assertThrows(
        AssertionError.class,
        () ->
            NOTHING_IN_THE_WAR_USES_THE_LAUNCHER.check(
                only(org.pinoauth.http.LauncherFixture.class)));
  }

  @Test
  void aWarClassUsingJettyFails() {
    assertThrows(
        AssertionError.class,
        () -> ONLY_THE_LAUNCHER_USES_JETTY.check(only(org.pinoauth.http.JettyFixture.class)));
  }

  @Test
  void aLauncherClassUsingMoreThanCryptoFails() {
    assertThrows(
        AssertionError.class,
        () ->
            THE_JAR_CARRIES_ALL_THE_LAUNCHER_USES.check(
                only(org.pinoauth.standalone.WarClassFixture.class)));
  }

  @Test
  void anImportThatRunsUpFails() {
    // A class on the ground floor that names the roof: the import the rule exists to stop.
    assertThrows(
        AssertionError.class,
        () ->
            FLOORS_RULE.check(
                only(
                    org.pinoauth.http.UpwardImportFixture.class,
                    org.pinoauth.boot.Pinoauth.class)));
    // The same floors without it pass: the failure above is the upward import's.
    FLOORS_RULE.check(only(org.pinoauth.http.Form.class, org.pinoauth.error.OAuthError.class));
  }

  @Test
  void aCycleBetweenPackagesOfOneFloorFails() {
    assertThrows(
        AssertionError.class,
        () ->
            NO_CYCLES.check(
                only(
                    org.pinoauth.scope.CycleFixture.class, org.pinoauth.limit.CycleFixture.class)));
    NO_CYCLES.check(only(org.pinoauth.scope.CycleFixture.class));
  }

  @Test
  void aServletImportInAStoreFails() {
    assertThrows(
        AssertionError.class,
        () ->
            NO_SERVLETS_IN_GRANTS_AND_STORES.check(only(org.pinoauth.store.ServletFixture.class)));
  }

  @Test
  void aPackageWithoutAFloorFails() {
    assertThrows(
        AssertionError.class, () -> EVERY_PACKAGE_HAS_A_FLOOR.check(only(ArchitectureTest.class)));
  }
}
