/**
 * Task execution with DL4J/ND4J: {@link org.trainex.runner.training.TaskExecutor} turns a {@code TrainTask},
 * {@code EvaluateTask}, {@code ClassifyTask} (the oracle classifier) or {@code AggregateTask} (FedAvg's
 * weighted average of models, {@link org.trainex.runner.training.FedAvgAggregator}) into exactly one
 * {@code TaskResult},
 * reporting progress through a {@link org.trainex.runner.training.ProgressSink} while it runs.
 */
package org.trainex.runner.training;
