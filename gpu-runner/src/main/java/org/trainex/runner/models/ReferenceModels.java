package org.trainex.runner.models;

import java.util.List;
import java.util.Map;
import java.util.function.LongFunction;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * Reference model configurations the exchange offers as defaults. The runner itself treats any model
 * configuration as data ({@code TrainTask.modelConfigJson}); these builders exist so that the default JSON is
 * generated, not hand-written ({@code java -jar gpu-runner.jar model-config mlp}).
 */
public final class ReferenceModels {
    /** Seed written into the generated JSON; a {@code TrainTask} overrides it with its own seed. */
    public static final long DEFAULT_SEED = 42;

    /** Names accepted by {@code model-config}, with the builder of each. */
    public static final Map<String, LongFunction<MultiLayerConfiguration>> BY_NAME = Map.of("mlp",
            ReferenceModels::mlp784x256x10);

    /**
     * The reference multilayer perceptron for 28x28 grey images in 10 classes (MNIST / Fashion-MNIST):
     * input {@code [batch, 784]} (pixels in [0,1]) → dense 256, ReLU → dense 10, softmax; loss multi-class
     * cross-entropy (MCXENT, mean over the minibatch); Adam, learning rate 1e-3 (β1 0.9, β2 0.999, ε 1e-8:
     * Kingma and Ba, "Adam", 2015, section 2); Xavier weight init (Glorot and Bengio, 2010), zero biases;
     * float32. 203,530 parameters (784x256 + 256 + 256x10 + 10).
     *
     * @param seed seed of the weight initialization
     */
    public static MultiLayerConfiguration mlp784x256x10(long seed) {
        return new NeuralNetConfiguration.Builder()
                .seed(seed)
                .dataType(DataType.FLOAT)
                .weightInit(WeightInit.XAVIER)
                .updater(new Adam(1e-3))
                .list()
                .layer(new DenseLayer.Builder().nIn(784).nOut(256).activation(Activation.RELU).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                        .nIn(256).nOut(10).activation(Activation.SOFTMAX).build())
                .build();
    }

    /**
     * JSON of a reference model with {@link #DEFAULT_SEED}.
     *
     * @throws IllegalArgumentException naming the known models if {@code name} is unknown
     */
    public static String json(String name) {
        LongFunction<MultiLayerConfiguration> builder = BY_NAME.get(name);
        if (builder == null) {
            throw new IllegalArgumentException("unknown model '" + name + "'; known: " + List.copyOf(BY_NAME.keySet()));
        }
        return builder.apply(DEFAULT_SEED).toJson();
    }

    private ReferenceModels() {
    }
}
