/**
 * Task execution with DL4J/ND4J: {@link org.trainex.runner.training.TaskExecutor} turns a {@code TrainTask}
 * or {@code EvaluateTask} into exactly one {@code TaskResult}, reporting progress through a
 * {@link org.trainex.runner.training.ProgressSink} while it runs.
 */
package org.trainex.runner.training;
