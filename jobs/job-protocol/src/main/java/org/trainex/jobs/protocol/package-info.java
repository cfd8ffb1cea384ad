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
 * <p>Tasks ({@code type} in the JSON):
 * <ul>
 *   <li>{@code train}, {@link org.trainex.jobs.protocol.TrainTask}: train a model on a dataset slice, upload it
 *       (result kind {@code TRAIN}).</li>
 *   <li>{@code evaluate}, {@link org.trainex.jobs.protocol.EvaluateTask}: accuracy and cross-entropy of a model
 *       on a test set ({@code EVALUATE}).</li>
 *   <li>{@code classify}, {@link org.trainex.jobs.protocol.ClassifyTask}: the <em>oracle classifier</em> a
 *       curator may delegate a vote on a data proposal to. The runner trains the given model on a reference
 *       dataset (the request's accepted data or a set the initiator chose), or reuses the model it trained
 *       before for the same configuration, reference, epochs, batch size and seed; uploads it; predicts
 *       {@code sampleSize} samples of the proposal's shard, picked from the seed without replacement
 *       ({@link org.trainex.jobs.protocol.ClassifyTask#sampleIndices()}); and answers {@code CLASSIFY} with
 *       {@code accuracy} = agreement (fraction of sampled samples whose declared label equals the oracle's
 *       prediction), {@code samples} = sample size, {@code modelCid} = the oracle model, {@code loss} = NaN.
 *       The exchange votes no when the agreement is below its configured threshold and abstains when the
 *       request has no reference data; shuffled labels agree about as often as chance.</li>
 *   <li>{@code aggregate}, {@link org.trainex.jobs.protocol.AggregateTask}: the server step of a FedAvg round
 *       (McMahan et al. 2017, Algorithm 1): the runner averages the parameters of the runners' locally trained
 *       models weighted by their samples, {@code w = sum_k n_k/n w^k}, uploads the average (without updater
 *       state) and answers {@code AGGREGATE} with {@code modelCid} = the average, {@code samples} = n.</li>
 *   <li>{@code noop}, {@link org.trainex.jobs.protocol.NoopTask}: nothing to do; the runner answers at once with
 *       a SUCCEEDED {@code NOOP} result without a model ({@code modelCid} null, {@code samples} 0). The exchange's
 *       dispatch probe sends many of them to measure dispatch throughput end to end (dispatched, taken by runners,
 *       result recorded); {@code jobId} is the probe's id.</li>
 * </ul>
 *
 * <p>A task message may be meant for one runner: the string property
 * {@link org.trainex.jobs.protocol.JobQueues#TARGET_RUNNER_PROPERTY} names it; runners consume with
 * {@link org.trainex.jobs.protocol.JobQueues#targetSelector(String)} and without prefetch. Targeted tasks carry a
 * JMS time-to-live (the exchange's {@code TRAINEX_TARGETED_TASK_TTL_SECONDS}, default 3,600 s); untargeted ones
 * do not expire.
 *
 * <p>This package holds no Jakarta EE and no DL4J type (DESIGN.md, Modules: jobs).
 */
package org.trainex.jobs.protocol;
