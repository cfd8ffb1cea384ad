/**
 * Task execution with DL4J/ND4J: {@link org.trainex.runner.training.TaskExecutor} turns a {@code TrainTask},
 * {@code EvaluateTask}, {@code ClassifyTask} (the oracle classifier), {@code AggregateTask} (FedAvg's
 * weighted average of models, {@link org.trainex.runner.training.FedAvgAggregator}) or {@code NoopTask} into
 * exactly one {@code TaskResult}, through one {@link org.trainex.runner.training.TaskHandler} per task type,
 * reporting progress through a {@link org.trainex.runner.training.ProgressSink} while it runs.
 */
package org.trainex.runner.training;
