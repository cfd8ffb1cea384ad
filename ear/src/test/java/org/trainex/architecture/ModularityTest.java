package org.trainex.architecture;

import static com.tngtech.archunit.base.DescribedPredicate.alwaysTrue;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The module boundaries of DESIGN.md (conventions 1, 6 and 7) as tests, over the classes of every module in the
 * EAR (domain, jobs, web-portal, db-migrations, job protocol). In the manner of ddd-by-examples/library.
 */
class ModularityTest {
    static final List<String> CONTEXTS = List.of("shared", "datamarket", "computemarket", "verification",
            "governance");
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
            ArchRule rule = noClasses().that().resideOutsideOfPackage(base + "..")
                    .should().dependOnClassesThat().resideInAnyPackage(base + ".domain..", base + ".application..",
                            base + ".infrastructure..")
                    .allowEmptyShould(true)
                    .because("only " + base + ".api crosses the boundary of the " + ctx + " context");
            rule.check(classes);
        }
    }

    @Test
    void contextsHaveNoCycles() {
        slices().matching("org.trainex.(*)..")
                .should().beFreeOfCycles()
                // the job protocol is a leaf library shared with gpu-runner, not a context
                .ignoreDependency(alwaysTrue(), resideInAPackage("org.trainex.jobs.protocol.."))
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
        noClasses().that().resideOutsideOfPackages("org.trainex.jobs..", "org.trainex.chain..")
                .should().dependOnClassesThat().resideInAPackage("jakarta.jms..")
                .because("JMS is the jobs module's business").check(classes);
        noClasses().that().resideOutsideOfPackage("org.trainex.portal..")
                .should().dependOnClassesThat().resideInAnyPackage("jakarta.faces..", "org.primefaces..",
                        "jakarta.ws.rs..")
                .because("views and REST resources live in web-portal").check(classes);
    }
}
