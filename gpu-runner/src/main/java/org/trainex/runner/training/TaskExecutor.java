package org.trainex.runner.training;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.deeplearning4j.datasets.iterator.ExistingDataSetIterator;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.evaluation.classification.Evaluation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.trainex.jobs.protocol.AggregateTask;
import org.trainex.jobs.protocol.ClassifyTask;
import org.trainex.jobs.protocol.DatasetRef;
import org.trainex.jobs.protocol.EvaluateTask;
import org.trainex.jobs.protocol.NoopTask;
import org.trainex.jobs.protocol.Task;
import org.trainex.jobs.protocol.TaskResult;
import org.trainex.jobs.protocol.TrainTask;
import org.trainex.runner.blobs.BlobException;
import org.trainex.runner.blobs.BlobStore;
import org.trainex.runner.blobs.ExchangeUnavailableException;
import org.trainex.runner.data.IdxFormatException;
import org.trainex.runner.data.LabelledImages;

/**
 * Runs one task and answers exactly one {@link TaskResult}.
 *
 * <p><b>Train</b> ({@link TrainTask}): parses {@code modelConfigJson} ({@link MultiLayerConfiguration#fromJson})
 * and initializes it with the task's seed, or restores {@code initialModelCid} (a {@link ModelSerializer} zip,
 * with its own configuration and updater state); takes samples {@code [sampleOffset, +sampleCount)} of the
 * dataset (features {@code [n, rows*columns]} in [0,1], labels {@code [n, classes]} one-hot); trains
 * {@code epochs} epochs of minibatches of {@code batchSize}, shuffled before each epoch with seed
 * {@code seed + epoch}, fed as {@code new ExistingDataSetIterator(batches)} (STACK.md, Deep learning: not
 * ListDataSetIterator), the batches being those of {@code ds.batchBy(batchSize)} cut faster by
 * {@link MiniBatches}; saves the model with its updater state, uploads it and answers SUCCEEDED with its content id,
 * the samples trained (n x epochs), the mean loss of the last epoch, accuracy NaN, samples/s of the training
 * loop, and the wall time of the whole task in ms.
 *
 * <p><b>Evaluate</b> ({@link EvaluateTask}): restores the model, runs inference on all samples in minibatches of
 * {@code batchSize} and answers the accuracy ({@link Evaluation#accuracy()}, fraction in [0,1]) and the mean
 * cross-entropy {@code -1/N sum_i log p_i[y_i]} of the network's outputs (probabilities clipped to 1e-12);
 * {@code modelCid} is the evaluated model.
 *
 * <p><b>Classify</b> ({@link ClassifyTask}, the oracle classifier a curator delegates a vote to): loads the
 * candidate shard and the sample {@link ClassifyTask#sampleIndices()} first (a bad candidate fails before any
 * training); then reuses the oracle model this runner trained before for the same training inputs
 * ({@link OracleCache}: configuration, reference, epochs, batch size, seed), or trains the configuration on all
 * reference samples but the held-out tenth ({@link ClassifyTask#trainingIndices()}) exactly as a train task would
 * (same seed handling and per-epoch shuffle, progress reports),
 * uploads the model (a reused one too: an idempotent PUT, so the exchange holds it for audit) and remembers it;
 * predicts the sampled candidate samples (arg max of the output) and answers the agreement: the fraction whose
 * declared label equals the prediction ({@code accuracy}), with {@code samples} = sample size, {@code epochs} =
 * the oracle's training epochs, {@code loss} NaN and samples/s of the prediction; {@code referenceAccuracy} is the
 * model's accuracy on the held-out reference samples ({@link ClassifyTask#heldOutIndices()}).
 *
 * <p><b>Aggregate</b> ({@link AggregateTask}, the server step of a FedAvg round, McMahan et al. 2017, Algorithm 1):
 * {@link FedAvgAggregator} averages the models' parameters weighted by their samples,
 * {@code w = sum_k (n_k / n) w^k}, into a copy of the first model, saves it without updater state and uploads it;
 * answers {@code AGGREGATE} with {@code modelCid} = the average, {@code samples} = n (the sum of the models'
 * samples), {@code epochs} 0, {@code loss} and {@code accuracy} NaN, samples/s 0. Models of different
 * configurations, parameter counts or data types, or with non-finite parameters, fail the task.
 *
 * <p><b>Noop</b> ({@link NoopTask}, sent by the exchange's dispatch probe): nothing to do; answers
 * {@link TaskResult#noop(NoopTask, String, long)} at once (SUCCEEDED, {@code NOOP}, no model, 0 samples), without
 * touching the blob store or DL4J. The result takes the same path as every other one (TaskLoop: same transacted
 * session, committed with the task's acknowledgement).
 *
 * <p><b>Errors</b>: everything that is the task's fault (unparseable configuration, shapes that do not fit the
 * dataset, missing or corrupt blobs, bad IDX files, a model blob that is not a DL4J model, a loss that
 * diverges to NaN/infinity, models that cannot be averaged, any exception DL4J throws while training) ends in a
 * FAILED result with a message.
 * {@link ExchangeUnavailableException} and other {@link IOException}s of the runner's own disk are thrown: the
 * caller rolls the task back for redelivery.
 */
public final class TaskExecutor {
    private static final Logger LOG = LoggerFactory.getLogger(TaskExecutor.class);
    private static final int MAX_ERROR_CHARS = 2000;
    /** Samples per inference batch when an oracle predicts a candidate's sample. */
    private static final int PREDICT_BATCH = 1024;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final BlobStore blobs;
    private final String runnerId;
    private final Path workDir;
    private final DatasetLoader datasets;
    private final OracleCache oracles;
    private final FedAvgAggregator aggregator;

    /**
     * An executor that keeps its oracle index in {@code oracles/} beside {@code workDir}.
     *
     * @param runnerId id written into results and progress reports
     * @param workDir  directory for temporary model files
     */
    public TaskExecutor(BlobStore blobs, String runnerId, Path workDir) {
        this(blobs, runnerId, workDir, workDir.toAbsolutePath().resolveSibling("oracles"));
    }

    /**
     * @param runnerId  id written into results and progress reports
     * @param workDir   directory for temporary model files
     * @param oracleDir directory of the oracle index (which model was trained for which classify inputs)
     */
    public TaskExecutor(BlobStore blobs, String runnerId, Path workDir, Path oracleDir) {
        this.blobs = Objects.requireNonNull(blobs);
        this.runnerId = Objects.requireNonNull(runnerId);
        this.workDir = Objects.requireNonNull(workDir);
        this.datasets = new DatasetLoader(blobs);
        this.oracles = new OracleCache(Objects.requireNonNull(oracleDir));
        this.aggregator = new FedAvgAggregator(blobs, workDir);
    }

    /**
     * Executes a task.
     *
     * @return SUCCEEDED or FAILED result for the task, never null
     * @throws ExchangeUnavailableException the exchange cannot be used now (the task is not at fault)
     * @throws IOException                  local I/O failure of the runner
     */
    public TaskResult execute(Task task, ProgressSink progress) throws IOException {
        long start = System.nanoTime();
        if (task instanceof NoopTask noop) {
            return TaskResult.noop(noop, runnerId, (System.nanoTime() - start) / 1_000_000);
        }
        TaskResult.Kind kind = TaskResult.Kind.of(task);
        try {
            if (task instanceof TrainTask train) {
                return train(train, progress, start);
            }
            if (task instanceof ClassifyTask classify) {
                return classify(classify, progress, start);
            }
            if (task instanceof AggregateTask aggregate) {
                return aggregate(aggregate, start);
            }
            return evaluate((EvaluateTask) task, progress, start);
        } catch (TaskFailedException | BlobException | IdxFormatException e) {
            return failed(task, kind, start, e.getMessage());
        } catch (ExchangeUnavailableException e) {
            throw e;
        } catch (RuntimeException e) {
            LOG.debug("task {} failed", task.taskId(), e);
            String what = switch (kind) {
                case TRAIN -> "training";
                case EVALUATE -> "evaluation";
                case CLASSIFY -> "classification";
                case AGGREGATE -> "aggregation";
                case NOOP -> "noop";
            };
            return failed(task, kind, start, what + " failed: " + describe(e));
        }
    }

    private TaskResult train(TrainTask task, ProgressSink sink, long start)
            throws TaskFailedException, BlobException, IdxFormatException, IOException {
        DatasetRef ref = task.data();
        MultiLayerConfiguration conf = parseConfig(task.modelConfigJson());
        MultiLayerNetwork net;
        if (task.initialModelCid() != null) {
            net = restore(task.initialModelCid());
            checkShapes(net.getLayerWiseConfigurations(), ref, "initial model " + task.initialModelCid());
        } else {
            checkShapes(conf, ref, "model configuration");
            net = initialize(conf, task.seed());
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
        double lastEpochLoss = fit(net, slice, task.epochs(), task.batchSize(), task.seed(), listener);
        double trainSeconds = (System.nanoTime() - trainStart) / 1e9;
        tracker.finish();
        net.setListeners();
        long samples = (long) n * task.epochs();

        String modelCid = upload(net);
        long wallMillis = (System.nanoTime() - start) / 1_000_000;
        LOG.info("task {}: trained {} samples in {} s ({} samples/s), last-epoch loss {}, model {}", task.taskId(),
                samples, String.format("%.2f", trainSeconds), String.format("%.0f", samples / trainSeconds),
                String.format("%.4f", lastEpochLoss), modelCid);
        return new TaskResult(task.taskId(), task.jobId(), runnerId, TaskResult.Kind.TRAIN,
                TaskResult.Status.SUCCEEDED, modelCid, samples, task.epochs(), lastEpochLoss, Double.NaN,
                samples / trainSeconds, wallMillis, null);
    }

    private TaskResult classify(ClassifyTask task, ProgressSink sink, long start)
            throws TaskFailedException, BlobException, IdxFormatException, IOException {
        DatasetRef ref = task.reference();
        MultiLayerConfiguration conf = parseConfig(task.modelConfigJson());
        checkShapes(conf, ref, "model configuration");
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
                checkShapes(net.getLayerWiseConfigurations(), ref, "cached oracle model " + cached.get());
                modelCid = blobs.put(file);
                LOG.info("task {}: reusing oracle model {} trained before on reference {} ({} samples)",
                        task.taskId(), modelCid, ref.labelsCid(), ref.sampleCount());
            } catch (ExchangeUnavailableException e) {
                throw e;
            } catch (BlobException | TaskFailedException | IOException | RuntimeException e) {
                LOG.warn("task {}: cached oracle model {} is unusable ({}); training it again", task.taskId(),
                        cached.get(), describe(e));
                oracles.forget(task);
                net = null;
            }
        }
        if (net == null) {
            net = initialize(conf, task.seed());
            LabelledImages reference = datasets.load(ref);
            DataSet all = reference.toDataSet(task.trainingIndices());
            ProgressTracker tracker = new ProgressTracker(task.taskId(), task.jobId(), runnerId, "classify",
                    task.epochs(), (long) all.numExamples() * task.epochs(), sink);
            ProgressListener listener = new ProgressListener(tracker);
            net.setListeners(listener);
            LOG.info("task {}: training the oracle ({} parameters) on {} reference samples for {} epoch(s), batch {}",
                    task.taskId(), net.numParams(), all.numExamples(), task.epochs(), task.batchSize());
            double loss = fit(net, all, task.epochs(), task.batchSize(), task.seed(), listener);
            tracker.finish();
            net.setListeners();
            modelCid = upload(net);
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

    private TaskResult aggregate(AggregateTask task, long start)
            throws TaskFailedException, BlobException, IOException {
        long n = task.totalSamples();
        LOG.info("task {}: FedAvg round {}: averaging {} model(s) trained on {} samples", task.taskId(), task.round(),
                task.models().size(), n);
        String modelCid = aggregator.aggregate(task);
        long wallMillis = (System.nanoTime() - start) / 1_000_000;
        LOG.info("task {}: FedAvg round {}: averaged model {} ({} ms)", task.taskId(), task.round(), modelCid,
                wallMillis);
        return new TaskResult(task.taskId(), task.jobId(), runnerId, TaskResult.Kind.AGGREGATE,
                TaskResult.Status.SUCCEEDED, modelCid, n, 0, Double.NaN, Double.NaN, 0, wallMillis, null);
    }

    /** A fresh network of the configuration, initialized from {@code seed} (every layer and ND4J's RNG). */
    private static MultiLayerNetwork initialize(MultiLayerConfiguration conf, long seed) {
        for (NeuralNetConfiguration layerConf : conf.getConfs()) {
            layerConf.setSeed(seed);
        }
        Nd4j.getRandom().setSeed(seed);
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    /**
     * Trains {@code epochs} epochs over {@code data}, shuffled before epoch e with {@code seed + e}.
     *
     * @return mean loss of the last epoch
     * @throws TaskFailedException if an epoch's mean loss is not finite
     */
    private static double fit(MultiLayerNetwork net, DataSet data, int epochs, int batchSize, long seed,
                              ProgressListener listener) throws TaskFailedException {
        double lastEpochLoss = Double.NaN;
        for (int epoch = 1; epoch <= epochs; epoch++) {
            data.shuffle(seed + epoch);
            List<DataSet> batches = MiniBatches.of(data, batchSize);
            listener.beginEpoch(epoch, batches);
            net.fit(new ExistingDataSetIterator(batches));
            lastEpochLoss = listener.epochMeanLoss();
            if (!Double.isFinite(lastEpochLoss)) {
                throw new TaskFailedException("training diverged: mean loss of epoch " + epoch + " is "
                        + lastEpochLoss);
            }
        }
        return lastEpochLoss;
    }

    /** Saves the model with its updater state and uploads it; returns its content id. */
    private String upload(MultiLayerNetwork net) throws IOException {
        Path file = Files.createTempFile(Files.createDirectories(workDir), "model-", ".zip");
        try {
            ModelSerializer.writeModel(net, file.toFile(), true);
            return blobs.put(file);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private TaskResult evaluate(EvaluateTask task, ProgressSink sink, long start)
            throws TaskFailedException, BlobException, IdxFormatException, IOException {
        DatasetRef ref = task.data();
        MultiLayerNetwork net = restore(task.modelCid());
        checkShapes(net.getLayerWiseConfigurations(), ref, "model " + task.modelCid());
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

    /** @throws TaskFailedException if the JSON is not a usable DL4J MultiLayerConfiguration */
    static MultiLayerConfiguration parseConfig(String json) throws TaskFailedException {
        JsonNode tree;
        try {
            tree = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new TaskFailedException("modelConfigJson is not valid JSON: " + e.getOriginalMessage()
                    + " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")", e);
        }
        if (!tree.path("confs").isArray() || tree.path("confs").isEmpty()) {
            throw new TaskFailedException("modelConfigJson is not a DL4J MultiLayerConfiguration: it has no 'confs' "
                    + "array of layer configurations");
        }
        MultiLayerConfiguration conf;
        try {
            conf = MultiLayerConfiguration.fromJson(json);
        } catch (RuntimeException e) {
            throw new TaskFailedException("modelConfigJson is not a DL4J MultiLayerConfiguration: " + describe(e), e);
        }
        if (conf == null || conf.getConfs() == null || conf.getConfs().isEmpty()) {
            throw new TaskFailedException("modelConfigJson is not a DL4J MultiLayerConfiguration: it has no layers");
        }
        for (int i = 0; i < conf.getConfs().size(); i++) {
            if (conf.getConf(i) == null || conf.getConf(i).getLayer() == null) {
                throw new TaskFailedException("modelConfigJson is not a DL4J MultiLayerConfiguration: layer " + i
                        + " is missing");
            }
        }
        return conf;
    }

    /**
     * Checks what can be checked before training: a feed-forward first layer (without input preprocessor) must
     * take {@code rows x columns} inputs, a feed-forward last layer must have {@code classes} outputs.
     */
    static void checkShapes(MultiLayerConfiguration conf, DatasetRef ref, String what) throws TaskFailedException {
        Layer first = conf.getConf(0).getLayer();
        if (first instanceof FeedForwardLayer ff && conf.getInputPreProcess(0) == null
                && ff.getNIn() != ref.features()) {
            throw new TaskFailedException(what + ": the first layer takes " + ff.getNIn() + " inputs but the dataset's "
                    + ref.rows() + "x" + ref.columns() + " images have " + ref.features() + " features");
        }
        Layer last = conf.getConf(conf.getConfs().size() - 1).getLayer();
        if (last instanceof FeedForwardLayer ff && ff.getNOut() != ref.classes()) {
            throw new TaskFailedException(what + ": the output layer has " + ff.getNOut()
                    + " outputs but the dataset has " + ref.classes() + " classes");
        }
    }

    private MultiLayerNetwork restore(String modelCid) throws TaskFailedException, BlobException, IOException {
        Path file = blobs.fetch(modelCid);
        try {
            return ModelSerializer.restoreMultiLayerNetwork(file.toFile(), true);
        } catch (IOException | RuntimeException e) {
            throw new TaskFailedException("model blob " + modelCid + " is not a DL4J MultiLayerNetwork zip: "
                    + describe(e), e);
        }
    }

    private TaskResult failed(Task task, TaskResult.Kind kind, long start, String error) {
        String message = error == null || error.isBlank() ? "failed without a message" : error;
        if (message.length() > MAX_ERROR_CHARS) {
            message = message.substring(0, MAX_ERROR_CHARS) + "...";
        }
        LOG.warn("task {} FAILED: {}", task.taskId(), message);
        return TaskResult.failed(task, kind, runnerId, (System.nanoTime() - start) / 1_000_000, message);
    }

    /** One line: the exception and its causes, "Type: message; caused by Type: message". */
    static String describe(Throwable e) {
        StringBuilder sb = new StringBuilder();
        int depth = 0;
        String previous = "";
        for (Throwable t = e; t != null && depth < 4; t = t.getCause(), depth++) {
            String msg = t.getMessage() == null ? "" : t.getMessage().replaceAll("\\s+", " ").strip();
            if (depth > 0 && !msg.isEmpty() && previous.contains(msg)) {
                continue;  // wrapper repeated its cause's message
            }
            if (depth > 0) {
                sb.append("; caused by ");
            }
            previous = msg;
            if (msg.length() > 400) {
                msg = msg.substring(0, 400) + "...";
            }
            sb.append(t.getClass().getSimpleName()).append(msg.isEmpty() ? "" : ": " + msg);
            if (t.getCause() == t) {
                break;
            }
        }
        return sb.toString();
    }
}
