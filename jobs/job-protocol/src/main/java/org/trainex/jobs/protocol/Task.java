package org.trainex.jobs.protocol;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.UUID;

/**
 * A unit of work sent to one runner over {@link JobQueues#DISPATCH}. Serialized as JSON with a {@code type}
 * discriminator ({@code train}, {@code evaluate}, {@code classify}, {@code aggregate},
 * {@code noop}).
 *
 * <p>A task may be meant for one runner: the dispatcher then sets the message property
 * {@link JobQueues#TARGET_RUNNER_PROPERTY} (absent: any runner may take it).
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = TrainTask.class, name = "train"),
    @JsonSubTypes.Type(value = EvaluateTask.class, name = "evaluate"),
    @JsonSubTypes.Type(value = ClassifyTask.class, name = "classify"),
    @JsonSubTypes.Type(value = AggregateTask.class, name = "aggregate"),
    @JsonSubTypes.Type(value = NoopTask.class, name = "noop")
})
public sealed interface Task permits TrainTask, EvaluateTask, ClassifyTask, AggregateTask, NoopTask {
    /** Unique per dispatch; a result names it so the exchange can record it exactly once. */
    UUID taskId();

    /**
     * The job this task belongs to: the training job, for a {@link ClassifyTask} the data proposal, for a
     * {@link NoopTask} the dispatch probe.
     */
    UUID jobId();
}
