package org.deskfleet.app;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** The boundaries of the design, checked on every build. */
class ArchitectureTest {

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.deskfleet");

    @Test
    void commandSideDoesNotKnowTheQuerySide() {
        noClasses().that().resideInAPackage("org.deskfleet.command..")
                .should().dependOnClassesThat().resideInAPackage("org.deskfleet.query..")
                .check(CLASSES);
    }

    @Test
    void querySideDoesNotKnowTheCommandSide() {
        noClasses().that().resideInAPackage("org.deskfleet.query..")
                .should().dependOnClassesThat().resideInAPackage("org.deskfleet.command..")
                .check(CLASSES);
    }

    @Test
    void theCodecIsPlainJava() {
        noClasses().that().resideInAPackage("org.deskfleet.wpi.codec..")
                .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "io.netty..",
                        "org.axonframework..", "org.deskfleet.wpi.server..", "org.deskfleet.kernel..")
                .check(CLASSES);
    }

    @Test
    void theWpiAdapterHasNoSpringAndReachesTheDomainOnlyThroughMessages() {
        noClasses().that().resideInAPackage("org.deskfleet.wpi..")
                .should().dependOnClassesThat().resideInAnyPackage("org.springframework..",
                        "org.deskfleet.command..", "org.deskfleet.query..")
                .check(CLASSES);
    }

    @Test
    void theSharedKernelDependsOnNoOtherModule() {
        noClasses().that().resideInAPackage("org.deskfleet.kernel..")
                .should().dependOnClassesThat().resideInAnyPackage("org.deskfleet.command..", "org.deskfleet.query..",
                        "org.deskfleet.wpi..", "org.deskfleet.api..", "org.deskfleet.app..", "org.springframework..")
                .check(CLASSES);
    }

    @Test
    void theApiAsksTheQuerySideOnlyThroughTheQueryBus() {
        noClasses().that().resideInAPackage("org.deskfleet.api..")
                .should().dependOnClassesThat().resideInAnyPackage("org.deskfleet.command..", "org.deskfleet.query..",
                        "org.deskfleet.wpi..")
                .check(CLASSES);
    }

    /**
     * The read side answers from its read models; the event stream itself is read in one place only, for the fleet
     * as it was at a time (a report by replay): nowhere else may a query fold the store behind the projections.
     */
    @Test
    void theReadSideReadsTheEventStreamOnlyForTheFleetAtATime() {
        noClasses().that().resideInAPackage("org.deskfleet.query..")
                .and().doNotHaveFullyQualifiedName(org.deskfleet.query.report.FleetAtQueries.class.getName())
                .should().dependOnClassesThat().areAssignableTo(org.axonframework.eventsourcing.eventstore.EventStorageEngine.class)
                .check(CLASSES);
    }

    /** The audit export reaches the read side only through its port (the API knows no query-side class). */
    @Test
    void theAuditExportIsAPortOfTheApi() {
        classes().that().resideInAPackage("org.deskfleet.api.report..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("org.deskfleet.api..", "org.deskfleet.kernel..",
                        "java..", "jakarta.servlet..", "org.springframework..", "org.axonframework..",
                        "com.fasterxml.jackson.core..", "org.slf4j..")
                .check(CLASSES);
    }

    /** Sign-in and the access rules stay in one place: only the API and the wiring reach them. */
    @Test
    void authenticationLivesInTheApiOnly() {
        noClasses().that().resideOutsideOfPackages("org.deskfleet.api..", "org.deskfleet.app..")
                .should().dependOnClassesThat().resideInAPackage("org.deskfleet.api.security..")
                .check(CLASSES);
    }

    /** Passwords and TOTP codes are checked by the Account aggregate (the API only hashes a dummy, for equal timing). */
    @Test
    void theApiChecksNoTotpCodeItself() {
        noClasses().that().resideInAPackage("org.deskfleet.api..")
                .should().dependOnClassesThat().resideInAnyPackage("com.eatthepath.otp..", "org.deskfleet.command..")
                .check(CLASSES);
    }

    /**
     * Job delivery has one home: nothing else knows how a target is brought its job, and delivery reaches the
     * command side only through commands, the read models not at all.
     */
    @Test
    void deliveryHasOneHomeThatOthersDoNotReachInto() {
        noClasses().that().resideInAnyPackage("org.deskfleet.command..", "org.deskfleet.query..", "org.deskfleet.wpi..",
                        "org.deskfleet.api..", "org.deskfleet.kernel..")
                .should().dependOnClassesThat().resideInAPackage("org.deskfleet.delivery..")
                .check(CLASSES);
        noClasses().that().resideInAPackage("org.deskfleet.delivery..")
                .should().dependOnClassesThat().resideInAnyPackage("org.deskfleet.command..", "org.deskfleet.query..",
                        "org.deskfleet.api..", "org.deskfleet.app..")
                .check(CLASSES);
    }

    /**
     * Delivery runs itself (when the index is ready to serve, its leases, its housekeeping): the wiring creates it and
     * starts and stops it with the listeners, and does nothing of it in between.
     */
    @Test
    void deliveryRunsItselfAndTheWiringOnlyStartsIt() {
        noClasses().that().resideOutsideOfPackage("org.deskfleet.delivery..")
                .should().callMethod(org.deskfleet.delivery.PendingJobsIndex.class, "markReady")
                .orShould().callMethod(org.deskfleet.delivery.MongoDeliveryLeases.class, "renew")
                .orShould().callMethod(org.deskfleet.delivery.MongoDeliveryLeases.class, "release")
                .check(CLASSES);
    }

    /**
     * A job type's delivery (its steps and when a target is done) is declared once, in its plan: the engine
     * (delivery and the Job's decisions) asks the plan and never names a job type whose way differs.
     */
    @Test
    void theDeliveryEngineAsksThePlanNotTheJobType() {
        noClasses().that().resideInAnyPackage("org.deskfleet.delivery..", "org.deskfleet.command.job..")
                .should().dependOnClassesThat().belongToAnyOf(org.deskfleet.kernel.job.JobSpec.Restart.class,
                        org.deskfleet.kernel.job.JobSpec.FactoryReset.class, org.deskfleet.kernel.job.JobSpec.DeploySoftware.class,
                        org.deskfleet.kernel.job.JobSpec.DeployFiles.class, org.deskfleet.kernel.job.JobSpec.RefreshData.class)
                .check(CLASSES);
    }

    /**
     * Several nodes: the WPI adapter reaches MongoDB only in its shared interaction store (the engine and the
     * listeners know the store's interface only), so the conversation stays the same on one node or many.
     */
    @Test
    void theWpiAdapterReachesMongoDbOnlyInItsSharedInteractionStore() {
        noClasses().that().resideInAPackage("org.deskfleet.wpi..")
                .and().doNotHaveFullyQualifiedName("org.deskfleet.wpi.server.interaction.SharedInteractionStore")
                .should().dependOnClassesThat().resideInAnyPackage("com.mongodb..", "org.bson..")
                .check(CLASSES);
    }

    /**
     * The API reads the query side through the query bus; the one thing of its own it keeps in MongoDB is the
     * account directory (beside that directory's position), and only its store knows how.
     */
    @Test
    void theApiReachesMongoDbOnlyInTheAccountDirectoryStore() {
        noClasses().that().resideInAPackage("org.deskfleet.api..")
                .and().doNotHaveFullyQualifiedName("org.deskfleet.api.security.MongoAccountDirectoryStore")
                .should().dependOnClassesThat().resideInAnyPackage("com.mongodb..", "org.bson..", "org.springframework.data.mongodb..")
                .check(CLASSES);
    }

    @Test
    void theWpiServerSaysNothingAboutJobs() {
        noClasses().that().resideInAPackage("org.deskfleet.wpi.server..")
                .should().dependOnClassesThat().resideInAPackage("org.deskfleet.kernel.job..")
                .check(CLASSES);
    }

    /** Mobility joins interactions through a hook: the engine does not know the mobility flow. */
    @Test
    void theInteractionEngineKnowsMobilityOnlyThroughItsHook() {
        noClasses().that().resideInAPackage("org.deskfleet.wpi.server.interaction..")
                .should().dependOnClassesThat().resideInAPackage("org.deskfleet.wpi.server.mobility..")
                .check(CLASSES);
    }

    /** A mobile user's decisions stand alone: no other aggregate's package is used to make them. */
    @Test
    void theMobileUserAggregateUsesNoOtherAggregate() {
        noClasses().that().resideInAPackage("org.deskfleet.command.mobility..")
                .should().dependOnClassesThat().resideInAnyPackage("org.deskfleet.command.client..",
                        "org.deskfleet.command.job..", "org.deskfleet.command.template..", "org.deskfleet.command.system..")
                .check(CLASSES);
    }

    /**
     * The kernel holds messages and value types only: a public interface there is either a sealed message
     * hierarchy (JobEvent, ClientEvent, Refusal...) or a port, and ports belong to the module that owns them (or,
     * where the owner must stay unknown, to the consumer, joined in the wiring).
     */
    @Test
    void theKernelHoldsNoPorts() {
        classes().that().resideInAPackage("org.deskfleet.kernel..").and().areInterfaces().and().arePublic()
                .should(new ArchCondition<JavaClass>("be sealed (a message hierarchy, not a port)") {
                    @Override
                    public void check(JavaClass c, ConditionEvents events) {
                        if (!c.reflect().isSealed()) {
                            events.add(SimpleConditionEvent.violated(c, c.getName() + " is a port: move it to the module that owns it"));
                        }
                    }
                })
                .check(CLASSES);
    }

    /** The server is wiring only: one entry point, no command-line tools or benchmarks (they live in the tools module). */
    @Test
    void theServerHasOneMainClassAndNoTools() {
        methods().that().haveName("main").and().areStatic().and().arePublic()
                .and().areDeclaredInClassesThat().resideInAPackage("org.deskfleet.app..")
                .should().beDeclaredIn(DeskfleetApplication.class)
                .check(CLASSES);
        noClasses().should().resideInAnyPackage("org.deskfleet.app.cli..", "org.deskfleet.app.bench..")
                .because("the CLI and the benchmarks live in the tools module, outside the server jar")
                .check(CLASSES);
    }

    /**
     * The embedded stores are libraries of their own: they know nothing of deskfleet (no domain, no Spring), and
     * only the wiring starts them. The application module holds no store engine of its own (review: "infra/app is
     * wiring only"): no class of it extends the mongo-wire server's backends or Axon's storage engines.
     */
    @Test
    void theEmbeddedStoresAreLibrariesThatOnlyTheWiringUses() {
        noClasses().that().resideInAPackage("org.deskfleet.embedded..")
                .should().dependOnClassesThat().resideInAnyPackage("org.deskfleet.kernel..", "org.deskfleet.command..",
                        "org.deskfleet.query..", "org.deskfleet.wpi..", "org.deskfleet.delivery..", "org.deskfleet.api..",
                        "org.deskfleet.app..", "org.springframework..")
                .check(CLASSES);
        noClasses().that().resideOutsideOfPackages("org.deskfleet.app..", "org.deskfleet.embedded..", "org.deskfleet.tools..")
                .should().dependOnClassesThat().resideInAPackage("org.deskfleet.embedded..")
                .check(CLASSES);
        noClasses().that().resideInAPackage("org.deskfleet.app..")
                .should().beAssignableTo(de.bwaldvogel.mongo.backend.AbstractMongoBackend.class)
                .orShould().beAssignableTo(de.bwaldvogel.mongo.backend.AbstractMongoCollection.class)
                .orShould().beAssignableTo(org.axonframework.eventsourcing.eventstore.AbstractEventStorageEngine.class)
                .check(CLASSES);
    }

    /**
     * Only the tools (and tests) use the simulator: no production module depends on it. It is on this test's class
     * path (the end-to-end tests drive the server with it), so a dependency on it would show here.
     */
    @Test
    void noProductionModuleDependsOnTheSimulator() {
        noClasses().that().resideOutsideOfPackages("org.deskfleet.simulator..", "org.deskfleet.tools..")
                .should().dependOnClassesThat().resideInAPackage("org.deskfleet.simulator..")
                .check(CLASSES);
    }

    /**
     * Nothing of the server reaches the tools module (the tools depend on the server, so a dependency the other
     * way would also be a cycle Maven refuses; this names the rule where the boundaries are kept).
     */
    @Test
    void theServerDoesNotDependOnTheTools() {
        noClasses().that().resideOutsideOfPackage("org.deskfleet.tools..")
                .should().dependOnClassesThat().resideInAPackage("org.deskfleet.tools..")
                .check(CLASSES);
    }

    /** The catalog is handed out by the wiring (a bean); no aggregate, projection or controller looks it up itself. */
    @Test
    void onlyTheWiringLoadsTheCatalog() {
        noClasses().that().resideOutsideOfPackages("org.deskfleet.app..", "org.deskfleet.kernel.catalog..")
                .should().callMethod(org.deskfleet.kernel.catalog.ParameterCatalog.class, "bundled")
                .check(CLASSES);
    }
}
