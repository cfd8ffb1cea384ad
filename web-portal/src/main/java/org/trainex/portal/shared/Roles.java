package org.trainex.portal.shared;

/** Keycloak realm roles of the trainex realm (DESIGN.md, "Who uses it"), mapped to Jakarta roles by OIDC. */
public final class Roles {
    public static final String INITIATOR = "initiator";
    public static final String CONTRIBUTOR = "contributor";
    public static final String CURATOR = "curator";
    public static final String CONSUMER = "consumer";
    public static final String PROVIDER = "provider";
    public static final String VALIDATOR = "validator";
    public static final String ADMIN = "admin";
    /** Machine clients (gpu-runner service accounts) that execute tasks. */
    public static final String RUNNER = "runner";

    private Roles() {
    }
}
