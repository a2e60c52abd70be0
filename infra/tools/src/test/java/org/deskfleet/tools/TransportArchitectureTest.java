package org.deskfleet.tools;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * Boundaries of the HTTP API's transport: the server's clients (CLI, benchmarks) never "trust anything". Only the
 * phone simulator may, because real phones in default mode do not check the WPI server's certificate either.
 */
class TransportArchitectureTest {

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            // the server's end-to-end support comes as a test jar here, not as test-classes
            .withImportOption(location -> !location.contains("-tests.jar"))
            .importPackages("org.deskfleet");

    @Test
    void noClientOfTheApiTrustsAnyCertificate() {
        noClasses().that().resideOutsideOfPackage("org.deskfleet.simulator..")
                .should().dependOnClassesThat().haveFullyQualifiedName("io.netty.handler.ssl.util.InsecureTrustManagerFactory")
                .orShould().implement(javax.net.ssl.X509TrustManager.class)
                .orShould().beAssignableTo(javax.net.ssl.X509ExtendedTrustManager.class)
                .because("the CLI and benchmarks trust the server's own certificate (ServerTrust) or the operator's CA")
                .check(CLASSES);
    }
}
