/**
 * The job protocol between the exchange (EAR) and standalone gpu-runner processes.
 *
 * <p>Messages are JSON text messages ({@link org.trainex.jobs.protocol.JobCodec}) on the queues named in
 * {@link org.trainex.jobs.protocol.JobQueues}: the exchange sends a {@link org.trainex.jobs.protocol.Task}
 * to {@code TaskDispatch}; a runner consumes one task at a time, fetches its input blobs over HTTP
 * ({@link org.trainex.jobs.protocol.BlobPaths}), sends {@link org.trainex.jobs.protocol.TaskProgress}
 * while it works and exactly one {@link org.trainex.jobs.protocol.TaskResult} when done. Blobs are named
 * by {@link org.trainex.jobs.protocol.ContentIds} (SHA-256, CIDv1).
 *
 * <p>This package holds no Jakarta EE and no DL4J type (DESIGN.md, Modules: jobs).
 */
package org.trainex.jobs.protocol;
