package org.trainex.runner.training;

import java.io.IOException;
import java.util.Objects;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.dataset.DataSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.trainex.jobs.protocol.DatasetRef;
import org.trainex.jobs.protocol.TaskResult;
import org.trainex.jobs.protocol.TrainTask;
import org.trainex.runner.blobs.BlobException;
import org.trainex.runner.data.IdxFormatException;
import org.trainex.runner.data.LabelledImages;

/**
 * <b>Train</b> ({@link TrainTask}): parses {@code modelConfigJson} ({@link MultiLayerConfiguration#fromJson})
 * and initializes it with the task's seed, or restores {@code initialModelCid} (a
 * {@link org.deeplearning4j.util.ModelSerializer} zip, with its own configuration and updater state); takes samples
 * {@code [sampleOffset, +sampleCount)} of the dataset (features {@code [n, rows*columns]} in [0,1], labels
 * {@code [n, classes]} one-hot); trains {@code epochs} epochs of minibatches of {@code batchSize}, shuffled before
 * each epoch with seed {@code seed + epoch}, fed as an {@code ExistingDataSetIterator} (STACK.md, Deep learning:
 * not ListDataSetIterator), the batches being those of {@code ds.batchBy(batchSize)} cut faster by
 * {@link MiniBatches}; saves the model with its updater state, uploads it and answers SUCCEEDED with its content
 * id, the samples trained (n x epochs), the mean loss of the last epoch, accuracy NaN, samples/s of the training
 * loop, and the wall time of the whole task in ms.
 */
final class TrainHandler implements TaskHandler<TrainTask> {
    /** Log lines keep the executor's name, as before the handlers were split out of it. */
    private static final Logger LOG = LoggerFactory.getLogger(TaskExecutor.class);

    private final String runnerId;
    private final DatasetLoader datasets;
    private final Networks networks;

    TrainHandler(String runnerId, DatasetLoader datasets, Networks networks) {
        this.runnerId = Objects.requireNonNull(runnerId);
        this.datasets = Objects.requireNonNull(datasets);
        this.networks = Objects.requireNonNull(networks);
    }

    @Override
    public Class<TrainTask> taskType() {
        return TrainTask.class;
    }

    @Override
    public String activity() {
        return "training";
    }

    @Override
    public TaskResult execute(TrainTask task, ProgressSink sink, long start)
            throws TaskFailedException, BlobException, IdxFormatException, IOException {
        DatasetRef ref = task.data();
        MultiLayerConfiguration conf = Networks.parseConfig(task.modelConfigJson());
        MultiLayerNetwork net;
        if (task.initialModelCid() != null) {
            net = networks.restore(task.initialModelCid());
            Networks.checkShapes(net.getLayerWiseConfigurations(), ref, "initial model " + task.initialModelCid());
        } else {
            Networks.checkShapes(conf, ref, "model configuration");
            net = Networks.initialize(conf, task.seed());
        }
        int n = task.effectiveSampleCount();
        LabelledImages data = datasets.load(ref);
        DataSet slice = data.toDataSet(task.sampleOffset(), n);
        ProgressTracker tracker = new ProgressTracker(task.taskId(), task.jobId(), runnerId, "train", task.epochs(),
                (long) n * task.epochs(), sink);
        ProgressListener listener = new ProgressListener(tracker);
        net.setListeners(listener);
        LOG.info("task {}: training {} parameters on samples [{}, +{}) for {} epoch(s), batch {}", task.taskId(),
                net.numParams(), task.sampleOffset(), n, task.epochs(), task.batchSize());
        long trainStart = System.nanoTime();
        double lastEpochLoss = Networks.fit(net, slice, task.epochs(), task.batchSize(), task.seed(), listener);
        double trainSeconds = (System.nanoTime() - trainStart) / 1e9;
        tracker.finish();
        net.setListeners();
        long samples = (long) n * task.epochs();

        String modelCid = networks.upload(net);
        long wallMillis = (System.nanoTime() - start) / 1_000_000;
        LOG.info("task {}: trained {} samples in {} s ({} samples/s), last-epoch loss {}, model {}", task.taskId(),
                samples, String.format("%.2f", trainSeconds), String.format("%.0f", samples / trainSeconds),
                String.format("%.4f", lastEpochLoss), modelCid);
        return new TaskResult(task.taskId(), task.jobId(), runnerId, TaskResult.Kind.TRAIN,
                TaskResult.Status.SUCCEEDED, modelCid, samples, task.epochs(), lastEpochLoss, Double.NaN,
                samples / trainSeconds, wallMillis, null);
    }
}
