package org.trainex.computemarket.api;

/**
 * Who a runner request comes from, as its runner key proves (issue 11 item 6; ADR 0012).
 *
 * @param runnerId the runner the key was issued for
 * @param provider the provider that issued it (SSO user name)
 */
public record RunnerIdentity(String runnerId, String provider) {
}
