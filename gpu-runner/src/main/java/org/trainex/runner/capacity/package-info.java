/**
 * The runner in the compute market (DKLabs, seed {@code 002_8b9981a38935bd21.txt}, Section 7.2 item 3: compute
 * is allocated by capacity, and the exchange must know which runners are alive): {@link
 * org.trainex.runner.capacity.CapacityProbe} measures samples/s of the reference model at start, {@link
 * org.trainex.runner.capacity.ExchangeRegistration} registers the runner ({@code PUT
 * {exchange}/api/runners/{id}}) and sends heartbeats ({@code POST .../heartbeat}) on a background thread, each
 * request with the bearer token and the runner key ({@link org.trainex.runner.exchange.RunnerKey}).
 */
package org.trainex.runner.capacity;
