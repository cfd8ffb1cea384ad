package org.trainex.computemarket.api;

/**
 * What a runner reports when it joins.
 *
 * @param provider                 the provider it works for (SSO user name); optional: the runner key names it, and
 *                                 a different name is refused
 * @param region                   where it runs, e.g. {@code eu-west}
 * @param hardware                 a description (CPU/GPU, backend, threads)
 * @param capacitySamplesPerSecond samples/s it measured training the reference model, positive and at most
 *                                 {@code TRAINEX_RUNNER_MAX_CLAIM} (default 1,000,000)
 * @param measuredOn               how it measured
 */
public record RegisterRunnerCommand(String provider, String region, String hardware, Double capacitySamplesPerSecond,
                                    String measuredOn) {
}
