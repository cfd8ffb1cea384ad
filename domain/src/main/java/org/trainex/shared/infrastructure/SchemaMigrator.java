package org.trainex.shared.infrastructure;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionManagement;
import jakarta.ejb.TransactionManagementType;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.PersistenceUnit;
import java.util.List;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.hibernate.SessionFactory;

/**
 * Applies the Flyway migrations of every context at start-up, then has Hibernate validate the mapping against
 * the migrated schema (Hibernate never changes the schema: {@code hibernate.hbm2ddl.auto=none}).
 *
 * <p>One PostgreSQL schema per context, each with its own migration history and its own folder in the
 * db-migrations module: {@code db/migration/<context>/V<n>__<what>.sql} (DESIGN.md, Modules). Contexts
 * reference each other by id only, so the order below only matters for readability.
 *
 * @throws IllegalStateException (failing the deployment) if a migration fails or the mapping does not match
 */
@Singleton
@Startup
@TransactionManagement(TransactionManagementType.BEAN)
public class SchemaMigrator {
    /** Context schemas, migrated in this order. */
    public static final List<String> SCHEMAS = List.of("shared", "datamarket", "computemarket", "verification",
            "governance", "operations");
    private static final Logger LOG = Logger.getLogger(SchemaMigrator.class.getName());

    @Resource(lookup = "java:jboss/datasources/TrainexDS")
    DataSource dataSource;

    @PersistenceUnit(unitName = "trainex")
    EntityManagerFactory emf;

    @PostConstruct
    void migrate() {
        for (String schema : SCHEMAS) {
            MigrateResult r = Flyway.configure(getClass().getClassLoader())
                    .dataSource(dataSource)
                    .schemas(schema)
                    .defaultSchema(schema)
                    .createSchemas(true)
                    .locations("classpath:db/migration/" + schema)
                    .failOnMissingLocations(true)
                    .load()
                    .migrate();
            LOG.info(() -> "schema " + schema + ": " + r.migrationsExecuted + " migration(s) applied, now at version "
                    + (r.targetSchemaVersion != null ? r.targetSchemaVersion : r.initialSchemaVersion));
        }
        emf.unwrap(SessionFactory.class).getSchemaManager().validateMappedObjects();
        LOG.info("database schema validated against the JPA mapping");
    }
}
