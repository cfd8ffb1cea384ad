/**
 * The JMS side of the runner: a connection to the exchange's Artemis broker with Artemis 1.x queue prefixes
 * ({@code jms.queue.<Name>}, as WildFly names JMS queues), a transacted consume-execute-reply loop that takes
 * one task at a time without prefetch ({@code consumerWindowSize=0}), untargeted or targeted at this runner
 * (selector {@code trainexRunnerId IS NULL OR trainexRunnerId = '<runnerId>'}), and non-persistent progress
 * reports.
 */
package org.trainex.runner.messaging;
