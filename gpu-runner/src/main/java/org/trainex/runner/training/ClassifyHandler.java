package org.trainex.runner.training;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.trainex.jobs.protocol.ClassifyTask;
import org.trainex.jobs.protocol.DatasetRef;
import org.trainex.jobs.protocol.TaskResult;
import org.trainex.runner.blobs.BlobException;
import org.trainex.runner.blobs.BlobStore;
import org.trainex.runner.data.IdxFormatException;
import org.trainex.runner.data.LabelledImages;
import org.trainex.runner.exchange.ExchangeUnavailableException;

/**
 * <b>Classify</b> ({@link ClassifyTask}, the oracle classifier a curator delegates a vote to): loads the candidate
 * shard and the sample {@link ClassifyTask#sampleIndices()} first (a bad candidate fails before any training);
 * then reuses the oracle model this runner trained before for the same training inputs ({@link OracleCache}:
 * configuration, reference, epochs, batch size, seed), or trains the configuration on all reference samples but
 * the held-out tenth ({@link ClassifyTask#trainingIndices()}) exactly as a train task would (same seed handling and
 * per-epoch shuffle, progress reports), uploads the model (a reused one too: an idempotent PUT, so the exchange
 * holds it for audit) and remembers it; predicts the sampled candidate samples (arg max of the output) and answers
 * the agreement: the fraction whose declared label equals the prediction ({@code accuracy}), with {@code samples} =
 * sample size, {@code epochs} = the oracle's training epochs, {@code loss} NaN and samples/s of the prediction;
 * {@code referenceAccuracy} is the model's accuracy on the held-out reference samples
 * ({@link ClassifyTask#heldOutIndices()}), NaN if none are held out.
 */
final class ClassifyHandler implements TaskHandler<ClassifyTask> {
    /** Log lines keep the executor's name, as before the handlers were split out of it. */
    private static final Logger LOG = LoggerFactory.getLogger(TaskExecutor.class);
    /** Samples per inference batch when an oracle predicts a candidate's sample. */
    private static final int PREDICT_BATCH = 1024;

    private final String runnerId;
    private final BlobStore blobs;
    private final DatasetLoader datasets;
    private final Networks networks;
    private final OracleCache oracles;

    ClassifyHandler(String runnerId, BlobStore blobs, DatasetLoader datasets, Networks networks,
                    OracleCache oracles) {
        this.runnerId = Objects.requireNonNull(runnerId);
        this.blobs = Objects.requireNonNull(blobs);
        this.datasets = Objects.requireNonNull(datasets);
        this.networks = Objects.requireNonNull(networks);
        this.oracles = Objects.requireNonNull(oracles);
    }

    @Override
    public Class<ClassifyTask> taskType() {
        return ClassifyTask.class;
    }

    @Override
    public String activity() {
        return "classification";
    }

    @Override
    public TaskResult execute(ClassifyTask task, ProgressSink sink, long start)
            throws TaskFailedException, BlobException, IdxFormatException, IOException {
        DatasetRef ref = task.reference();
        MultiLayerConfiguration conf = Networks.parseConfig(task.modelConfigJson());
        Networks.checkShapes(conf, ref, "model configuration");
        LabelledImages candidate = datasets.load(task.candidate());
        int[] sample = task.sampleIndices();
        DataSet checked = candidate.toDataSet(sample);

        String modelCid = null;
        MultiLayerNetwork net = null;
        Optional<String> cached = oracles.lookup(task);
        if (cached.isPresent()) {
            try {
                Path file = blobs.fetch(cached.get());
                net = ModelSerializer.restoreMultiLayerNetwork(file.toFile(), false);
                Networks.checkShapes(net.getLayerWiseConfigurations(), ref, "cached oracle model " + cached.get());
                modelCid = blobs.put(file);
                LOG.info("task {}: reusing oracle model {} trained before on reference {} ({} samples)",
                        task.taskId(), modelCid, ref.labelsCid(), ref.sampleCount());
            } catch (ExchangeUnavailableException e) {
                throw e;
            } catch (BlobException | TaskFailedException | IOException | RuntimeException e) {
                LOG.warn("task {}: cached oracle model {} is unusable ({}); training it again", task.taskId(),
                        cached.get(), TaskExecutor.describe(e));
                oracles.forget(task);
                net = null;
            }
        }
        if (net == null) {
            net = Networks.initialize(conf, task.seed());
            LabelledImages reference = datasets.load(ref);
            DataSet all = reference.toDataSet(task.trainingIndices());
            ProgressTracker tracker = new ProgressTracker(task.taskId(), task.jobId(), runnerId, "classify",
                    task.epochs(), (long) all.numExamples() * task.epochs(), sink);
            ProgressListener listener = new ProgressListener(tracker);
            net.setListeners(listener);
            LOG.info("task {}: training the oracle ({} parameters) on {} reference samples for {} epoch(s), batch {}",
                    task.taskId(), net.numParams(), all.numExamples(), task.epochs(), task.batchSize());
            double loss = Networks.fit(net, all, task.epochs(), task.batchSize(), task.seed(), listener);
            tracker.finish();
            net.setListeners();
            modelCid = networks.upload(net);
            oracles.remember(task, modelCid);
            LOG.info("task {}: oracle model {} trained, last-epoch loss {}", task.taskId(), modelCid,
                    String.format(Locale.ROOT, "%.4f", loss));
        }

        long predictStart = System.nanoTime();
        int agreeing = 0;
        int done = 0;
        for (DataSet batch : MiniBatches.of(checked, PREDICT_BATCH)) {
            int[] predicted = Nd4j.argMax(net.output(batch.getFeatures(), false), 1).toIntVector();
            for (int p : predicted) {
                if (p == candidate.label(sample[done++])) {
                    agreeing++;
                }
            }
        }
        double predictSeconds = Math.max((System.nanoTime() - predictStart) / 1e9, 1e-9);
        double agreement = (double) agreeing / sample.length;
        double referenceAccuracy = heldOutAccuracy(net, task);
        long wallMillis = (System.nanoTime() - start) / 1_000_000;
        LOG.info("task {}: oracle {} agrees with {} of {} sampled labels of candidate {} (agreement {}, its "
                        + "accuracy on {} held-out reference samples {})", task.taskId(), modelCid, agreeing,
                sample.length, task.candidate().labelsCid(), String.format(Locale.ROOT, "%.4f", agreement),
                task.heldOutIndices().length, String.format(Locale.ROOT, "%.4f", referenceAccuracy));
        return new TaskResult(task.taskId(), task.jobId(), runnerId, TaskResult.Kind.CLASSIFY,
                TaskResult.Status.SUCCEEDED, modelCid, sample.length, task.epochs(), Double.NaN, agreement,
                sample.length / predictSeconds, wallMillis, null, referenceAccuracy);
    }

    /**
     * The oracle's accuracy on the held-out reference samples ({@link ClassifyTask#heldOutIndices()}), or NaN if
     * none are held out.
     */
    private double heldOutAccuracy(MultiLayerNetwork net, ClassifyTask task)
            throws BlobException, IdxFormatException, IOException {
        int[] heldOut = task.heldOutIndices();
        if (heldOut.length == 0) {
            return Double.NaN;
        }
        LabelledImages reference = datasets.load(task.reference());
        int correct = 0;
        int done = 0;
        for (DataSet batch : MiniBatches.of(reference.toDataSet(heldOut), PREDICT_BATCH)) {
            int[] predicted = Nd4j.argMax(net.output(batch.getFeatures(), false), 1).toIntVector();
            for (int p : predicted) {
                if (p == reference.label(heldOut[done++])) {
                    correct++;
                }
            }
        }
        return (double) correct / heldOut.length;
    }
}
