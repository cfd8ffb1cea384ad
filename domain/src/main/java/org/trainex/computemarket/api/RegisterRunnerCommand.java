package org.trainex.computemarket.api;

/**
 * What a runner reports when it joins.
 *
 * @param provider                 the provider it works for (SSO user name)
 * @param region                   where it runs, e.g. {@code eu-west}
 * @param hardware                 a description (CPU/GPU, backend, threads)
 * @param capacitySamplesPerSecond samples/s it measured training the reference model
 * @param measuredOn               how it measured
 */
public record RegisterRunnerCommand(String provider, String region, String hardware, Double capacitySamplesPerSecond,
                                    String measuredOn) {
}
