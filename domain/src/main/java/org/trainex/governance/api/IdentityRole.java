package org.trainex.governance.api;

/**
 * The roles in which a login proves a wallet (DESIGN.md, "Who uses it"). A wallet belongs to at most one login per
 * role; one login may use the same wallet in several roles.
 */
public enum IdentityRole {
    /** Pays for training orders from the wallet (its escrow deposit). */
    CONSUMER,
    /** Is paid at the wallet and stakes from it. */
    PROVIDER,
    /** Votes on data proposals with the wallet's curator tokens. */
    CURATOR,
    /** Stakes from the wallet and is paid validator fees (verification market). */
    VALIDATOR,
    /** A LEARNAE peer paid from the DAO contribution fund (governance market). */
    PEER
}
