package org.trainex.architecture;

import static com.tngtech.archunit.base.DescribedPredicate.alwaysTrue;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.trainex.shared.api.CrossContext;
import org.trainex.shared.api.DomainEvent;
import org.trainex.shared.infrastructure.EventConsumer;

/**
 * The module boundaries of DESIGN.md (conventions 1, 6 and 7) as tests, over the classes of every module in the
 * EAR (domain, jobs, web-portal, db-migrations, job protocol). In the manner of ddd-by-examples/library.
 */
class ModularityTest {
    static final List<String> CONTEXTS = List.of("shared", "datamarket", "computemarket", "verification",
            "governance", "operations");
    static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.trainex");
        if (classes.size() < 50) {
            throw new IllegalStateException("too few classes imported (" + classes.size() + "): classpath broken?");
        }
    }

    @Test
    void otherCodeReachesAContextOnlyThroughItsApi() {
        for (String ctx : CONTEXTS) {
            String base = "org.trainex." + ctx;
            // the shared kernel's infrastructure is lent to other contexts' adapters (next test)
            String[] internals = ctx.equals("shared")
                    ? new String[] {base + ".domain..", base + ".application.."}
                    : new String[] {base + ".domain..", base + ".application..", base + ".infrastructure.."};
            ArchRule rule = noClasses().that().resideOutsideOfPackage(base + "..")
                    .should().dependOnClassesThat().resideInAnyPackage(internals)
                    .because("only " + base + ".api crosses the boundary of the " + ctx + " context");
            rule.check(classes);
        }
    }

    /** A domain event or a value carried by one: a record nested in an {@code *Events} class of an api package. */
    static final DescribedPredicate<JavaClass> IS_EVENT = new DescribedPredicate<>("a domain event") {
        @Override
        public boolean test(JavaClass c) {
            return c.isAssignableTo(DomainEvent.class) || c.getEnclosingClass()
                    .map(e -> e.getSimpleName().endsWith("Events") && e.getPackageName().endsWith(".api"))
                    .orElse(false);
        }
    };

    /**
     * Every domain event has exactly one {@code <Event>Consumer} (an {@code EventConsumer} in an
     * {@code infrastructure} package): events travel on one queue selected by type, so an event nobody consumes
     * would stay queued for ever (ADR 0013).
     */
    @Test
    void everyDomainEventHasOneConsumer() {
        List<JavaClass> events = classes.stream().filter(c -> c.isAssignableTo(DomainEvent.class) && !c.isInterface())
                .toList();
        assertTrue(events.size() >= 12, "events found: " + events);
        for (JavaClass e : events) {
            List<JavaClass> consumers = classes.stream()
                    .filter(c -> c.getSimpleName().equals(e.getSimpleName() + "Consumer")
                            && c.isAssignableTo(EventConsumer.class) && c.getPackageName().contains(".infrastructure"))
                    .toList();
            assertTrue(consumers.size() == 1, e.getName() + " needs one " + e.getSimpleName() + "Consumer, has "
                    + consumers);
        }
    }

    @Test
    void everyContextHasItsFourLayers() {
        for (String ctx : List.of("datamarket", "computemarket", "verification", "governance", "operations")) {
            for (String layer : List.of("api", "domain", "application", "infrastructure")) {
                String pkg = "org.trainex." + ctx + "." + layer;
                assertTrue(classes.stream().anyMatch(c -> c.getPackageName().startsWith(pkg)),
                        pkg + " has no classes: the rules above would check nothing for it");
            }
        }
    }

    /**
     * Contexts do not call each other's application services (issue 12 item 2): a context calls another context's
     * published interfaces only where they are marked {@link CrossContext} (queries, and the identity API);
     * anything else it asks for with a domain event. Static helpers (e.g. a link message) are free.
     */
    @Test
    void contextsDoNotCallEachOthersApplicationServices() {
        for (String ctx : List.of("datamarket", "computemarket", "verification", "governance", "operations")) {
            String base = "org.trainex." + ctx;
            noClasses().that().resideInAPackage(base + "..")
                    .should().callMethodWhere(new DescribedPredicate<JavaMethodCall>(
                            "a method of another context's published service that is not @CrossContext") {
                        @Override
                        public boolean test(JavaMethodCall call) {
                            JavaClass owner = call.getTargetOwner();
                            String pkg = owner.getPackageName();
                            if (!pkg.startsWith("org.trainex.") || pkg.startsWith(base) || !pkg.endsWith(".api")
                                    || pkg.startsWith("org.trainex.shared") || !owner.isInterface()) {
                                return false;
                            }
                            if (owner.isAnnotatedWith(CrossContext.class)) {
                                return false;
                            }
                            return call.getTarget().resolveMember()
                                    .map(m -> !m.getModifiers().contains(JavaModifier.STATIC)
                                            && !m.isAnnotatedWith(CrossContext.class))
                                    .orElse(true);
                        }
                    })
                    .because("contexts react to each other through events (DESIGN.md convention 5)")
                    .check(classes);
        }
    }

    @Test
    void theSharedKernelLendsItsInfrastructureOnlyToAdapters() {
        noClasses().that().resideOutsideOfPackages("org.trainex.shared..", "org.trainex.*.infrastructure..")
                .should().dependOnClassesThat().resideInAPackage("org.trainex.shared.infrastructure..")
                .because("the shared kernel's adapters (e.g. EventConsumer, the base of every <Event>Consumer) "
                        + "serve other contexts' adapters, never their domain or application layers")
                .check(classes);
    }

    @Test
    void contextsHaveNoCycles() {
        slices().matching("org.trainex.(*)..")
                .should().beFreeOfCycles()
                // the job protocol is a leaf library shared with gpu-runner, not a context
                .ignoreDependency(alwaysTrue(), resideInAPackage("org.trainex.jobs.protocol.."))
                // events are the published language: a context consumes another's events and answers with its own
                // (JobCompleted -> WorkVerified; DataUsed -> DataUsageRecorded), which is not a coupling cycle
                .ignoreDependency(alwaysTrue(), IS_EVENT)
                .check(classes);
    }

    @Test
    void layersInsideAContextPointInwards() {
        noClasses().that().resideInAPackage("org.trainex.*.domain..")
                .should().dependOnClassesThat().resideInAnyPackage("org.trainex.*.application..",
                        "org.trainex.*.infrastructure..")
                .because("the domain model does not know how it is used or stored").check(classes);
        noClasses().that().resideInAPackage("org.trainex.*.application..")
                .should().dependOnClassesThat().resideInAPackage("org.trainex.*.infrastructure..")
                .because("application services use ports, not adapters").check(classes);
        noClasses().that().resideInAPackage("org.trainex.*.api..")
                .should().dependOnClassesThat().resideInAnyPackage("org.trainex.*.domain..",
                        "org.trainex.*.application..", "org.trainex.*.infrastructure..")
                .because("a context's published API exposes no internals").check(classes);
    }

    @Test
    void noForeignTechnologyTypesInTheDomainModel() {
        noClasses().that().resideInAnyPackage("org.trainex.*.domain..", "org.trainex.*.api..")
                .should().dependOnClassesThat().resideInAnyPackage("org.web3j..", "org.nd4j..",
                        "org.deeplearning4j..", "jakarta.jms..", "jakarta.faces..", "org.primefaces..",
                        "jakarta.ws.rs..")
                .because("ports keep foreign types out of the domain (DESIGN.md convention 6)").check(classes);
    }

    @Test
    void noTensorLibraryAndNoChainLibraryOutsideTheirModules() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("org.nd4j..", "org.deeplearning4j..")
                .because("all tensor work runs in gpu-runner processes; the EAR never loads DL4J").check(classes);
        noClasses().that().resideOutsideOfPackage("org.trainex.chain..")
                .should().dependOnClassesThat().resideInAPackage("org.web3j..")
                .because("web3j types stay inside chain-gateway").check(classes);
    }

    @Test
    void messagingAndFacesStayInTheirModules() {
        noClasses().that().resideOutsideOfPackages("org.trainex.jobs..", "org.trainex.chain..",
                        "org.trainex.*.infrastructure..")
                .should().dependOnClassesThat().resideInAPackage("jakarta.jms..")
                .because("JMS is the business of the jobs module and of adapters (domain events, ADR 0013)")
                .check(classes);
        noClasses().that().resideOutsideOfPackage("org.trainex.portal..")
                .should().dependOnClassesThat().resideInAnyPackage("jakarta.faces..", "org.primefaces..",
                        "jakarta.ws.rs..")
                .because("views and REST resources live in web-portal").check(classes);
    }
}
