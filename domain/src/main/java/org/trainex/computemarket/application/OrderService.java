package org.trainex.computemarket.application;

import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonReader;
import jakarta.json.JsonStructure;
import java.io.StringReader;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.logging.Logger;
import org.trainex.computemarket.api.OrderView;
import org.trainex.computemarket.api.PlaceOrderCommand;
import org.trainex.shared.api.TaskDispatcher;
import org.trainex.computemarket.api.TrainingOrders;
import org.trainex.shared.api.ReferenceModels;
import org.trainex.computemarket.domain.TrainingJob;
import org.trainex.computemarket.domain.TrainingJobRepository;
import org.trainex.computemarket.domain.TrainingOrder;
import org.trainex.computemarket.domain.TrainingOrderRepository;
import org.trainex.datamarket.api.DatasetView;
import org.trainex.datamarket.api.Datasets;
import org.trainex.jobs.protocol.DatasetRef;
import org.trainex.jobs.protocol.TrainTask;
import org.trainex.shared.api.InvalidInputException;
import org.trainex.shared.api.NotFoundException;

/**
 * Places training orders: validates them against the datasets, records order and job, and dispatches the
 * training task to the runner fleet in the same transaction (DKLabs, seed 002, Section 7.1: a consumer's
 * problem definition becomes work for providers). Matching against providers' bids and escrow come with the
 * compute-market issue.
 */
@Stateless
public class OrderService implements TrainingOrders {
    private static final Logger LOG = Logger.getLogger(OrderService.class.getName());
    static final int DEFAULT_EPOCHS = 2;
    static final int DEFAULT_BATCH = 128;
    static final long DEFAULT_SEED = 42L;

    @Inject
    TrainingOrderRepository orders;
    @Inject
    TrainingJobRepository jobs;
    @Inject
    Datasets datasets;
    @Inject
    TaskDispatcher dispatcher;

    @Override
    public OrderView place(PlaceOrderCommand c, String consumer) {
        if (c == null) {
            throw new InvalidInputException("an order needs a JSON body with at least trainDatasetId and testDatasetId");
        }
        if (c.trainDatasetId() == null || c.testDatasetId() == null) {
            throw new InvalidInputException("trainDatasetId and testDatasetId are required");
        }
        if (c.trainDatasetId().equals(c.testDatasetId())) {
            throw new InvalidInputException("the test dataset must be held out: it cannot be the training dataset");
        }
        DatasetView train = datasets.get(c.trainDatasetId());
        DatasetView test = datasets.get(c.testDatasetId());
        for (DatasetView d : new DatasetView[] {train, test}) {
            if (!"IDX_IMAGES".equals(d.format())) {
                throw new InvalidInputException("dataset " + d.id() + " is " + d.format() + ": runners train on IDX "
                        + "image datasets only so far");
            }
        }
        if (train.rows() != test.rows() || train.columns() != test.columns() || train.classes() != test.classes()) {
            throw new InvalidInputException("training data (" + shape(train) + ") and test data (" + shape(test)
                    + ") differ in shape or classes");
        }
        String config = c.modelConfig() == null ? ReferenceModels.mlpConfig() : c.modelConfig();
        requireJsonObject(config);
        String name = c.modelName() != null ? c.modelName()
                : c.modelConfig() == null ? ReferenceModels.MLP : "custom";

        Instant now = Instant.now();
        TrainingOrder order = new TrainingOrder(UUID.randomUUID(), consumer, train.id(), test.id(), name, config,
                c.epochs() == null ? DEFAULT_EPOCHS : c.epochs(), c.batchSize() == null ? DEFAULT_BATCH : c.batchSize(),
                c.seed() == null ? DEFAULT_SEED : c.seed(), now);
        orders.add(order);
        TrainingJob job = new TrainingJob(UUID.randomUUID(), order.id(), UUID.randomUUID(), now);
        jobs.add(job);
        dispatcher.dispatch(new TrainTask(job.trainTaskId(), job.id(), config, null, ref(train), 0, 0,
                order.epochs(), order.batchSize(), order.seed()));
        LOG.info(() -> "order " + order.id() + " by " + consumer + ": " + name + ", " + order.epochs() + " epoch(s) on "
                + train.sampleCount() + " samples; job " + job.id() + " queued");
        return order.toView(job.id());
    }

    @Override
    public OrderView get(UUID id) {
        TrainingOrder order = orders.find(id).orElseThrow(() -> new NotFoundException("no order " + id));
        return order.toView(jobs.findByOrder(id).map(TrainingJob::id).orElse(null));
    }

    @Override
    public List<OrderView> list() {
        return orders.list().stream()
                .map(o -> o.toView(jobs.findByOrder(o.id()).map(TrainingJob::id).orElse(null))).toList();
    }

    /** The protocol's description of a registered dataset. */
    static DatasetRef ref(DatasetView d) {
        return new DatasetRef(d.imagesCid(), d.labelsCid(), d.sampleCount(), d.rows(), d.columns(), d.classes());
    }

    private static String shape(DatasetView d) {
        return d.rows() + "x" + d.columns() + ", " + d.classes() + " classes";
    }

    private static void requireJsonObject(String config) {
        try (JsonReader r = Json.createReader(new StringReader(config))) {
            JsonStructure s = r.read();
            if (s.getValueType() != jakarta.json.JsonValue.ValueType.OBJECT) {
                throw new InvalidInputException("modelConfig must be a JSON object (a DL4J MultiLayerConfiguration)");
            }
        } catch (JsonException e) {
            throw new InvalidInputException("modelConfig is not valid JSON: " + e.getMessage());
        }
    }
}
