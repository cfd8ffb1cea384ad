package org.trainex.runner.training;

import java.io.IOException;
import java.util.Objects;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.evaluation.classification.Evaluation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.trainex.jobs.protocol.DatasetRef;
import org.trainex.jobs.protocol.EvaluateTask;
import org.trainex.jobs.protocol.TaskResult;
import org.trainex.runner.blobs.BlobException;
import org.trainex.runner.data.IdxFormatException;
import org.trainex.runner.data.LabelledImages;

/**
 * <b>Evaluate</b> ({@link EvaluateTask}): restores the model, runs inference on all samples in minibatches of
 * {@code batchSize} and answers the accuracy ({@link Evaluation#accuracy()}, fraction in [0,1]) and the mean
 * cross-entropy {@code -1/N sum_i log p_i[y_i]} of the network's outputs (probabilities clipped to 1e-12);
 * {@code modelCid} is the evaluated model, {@code samples} the dataset's, {@code epochs} 0, samples/s of the
 * inference loop.
 */
final class EvaluateHandler implements TaskHandler<EvaluateTask> {
    /** Log lines keep the executor's name, as before the handlers were split out of it. */
    private static final Logger LOG = LoggerFactory.getLogger(TaskExecutor.class);

    private final String runnerId;
    private final DatasetLoader datasets;
    private final Networks networks;

    EvaluateHandler(String runnerId, DatasetLoader datasets, Networks networks) {
        this.runnerId = Objects.requireNonNull(runnerId);
        this.datasets = Objects.requireNonNull(datasets);
        this.networks = Objects.requireNonNull(networks);
    }

    @Override
    public Class<EvaluateTask> taskType() {
        return EvaluateTask.class;
    }

    @Override
    public String activity() {
        return "evaluation";
    }

    @Override
    public TaskResult execute(EvaluateTask task, ProgressSink sink, long start)
            throws TaskFailedException, BlobException, IdxFormatException, IOException {
        DatasetRef ref = task.data();
        MultiLayerNetwork net = networks.restore(task.modelCid());
        Networks.checkShapes(net.getLayerWiseConfigurations(), ref, "model " + task.modelCid());
        LabelledImages data = datasets.load(ref);
        DataSet all = data.toDataSet(0, data.count());
        ProgressTracker tracker = new ProgressTracker(task.taskId(), task.jobId(), runnerId, "evaluate", 1,
                data.count(), sink);
        Evaluation evaluation = new Evaluation(ref.classes());
        double crossEntropySum = 0;
        tracker.start();
        long evalStart = System.nanoTime();
        for (DataSet batch : MiniBatches.of(all, task.batchSize())) {
            INDArray out = net.output(batch.getFeatures(), false);
            evaluation.eval(batch.getLabels(), out);
            double ce = -Transforms.log(Transforms.max(out, 1e-12, true), false)
                    .muli(batch.getLabels()).sumNumber().doubleValue();
            crossEntropySum += ce;
            tracker.advance(batch.numExamples(), ce / batch.numExamples(), 1);
        }
        double seconds = (System.nanoTime() - evalStart) / 1e9;
        tracker.finish();
        double loss = crossEntropySum / data.count();
        double accuracy = evaluation.accuracy();
        long wallMillis = (System.nanoTime() - start) / 1_000_000;
        LOG.info("task {}: model {} on {} samples: accuracy {}, mean cross-entropy {}", task.taskId(),
                task.modelCid(), data.count(), String.format("%.4f", accuracy), String.format("%.4f", loss));
        return new TaskResult(task.taskId(), task.jobId(), runnerId, TaskResult.Kind.EVALUATE,
                TaskResult.Status.SUCCEEDED, task.modelCid(), data.count(), 0, loss, accuracy,
                data.count() / seconds, wallMillis, null);
    }
}
