/**
 * Task execution with DL4J/ND4J: {@link org.trainex.runner.training.TaskExecutor} turns a {@code TrainTask},
 * {@code EvaluateTask} or {@code ClassifyTask} (the oracle classifier) into exactly one {@code TaskResult},
 * reporting progress through a {@link org.trainex.runner.training.ProgressSink} while it runs.
 */
package org.trainex.runner.training;
