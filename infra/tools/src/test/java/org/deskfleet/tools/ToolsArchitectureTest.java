package org.deskfleet.tools;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The tools module's side of the boundary, checked where every production module is on the class path (the
 * server's own architecture test cannot see the tools): the tools use the server, never the other way round.
 */
class ToolsArchitectureTest {

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .withImportOption(location -> !location.contains("-tests.jar"))
            .importPackages("org.deskfleet");

    @Test
    void nothingOfTheServerUsesTheTools() {
        noClasses().that().resideOutsideOfPackage("org.deskfleet.tools..")
                .should().dependOnClassesThat().resideInAPackage("org.deskfleet.tools..")
                .check(CLASSES);
    }

    @Test
    void onlyTheToolsUseTheSimulator() {
        noClasses().that().resideOutsideOfPackages("org.deskfleet.simulator..", "org.deskfleet.tools..")
                .should().dependOnClassesThat().resideInAPackage("org.deskfleet.simulator..")
                .check(CLASSES);
    }
}
