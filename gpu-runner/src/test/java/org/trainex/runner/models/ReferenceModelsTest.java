package org.trainex.runner.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;

class ReferenceModelsTest {
    /** The default model of an order, committed in the domain module (the exchange reads it as data). */
    static Path committedJson() {
        return Path.of(System.getProperty("trainex.domain.models.dir",
                "../domain/src/main/resources/org/trainex/computemarket/models"), "mlp-784-256-10.json");
    }

    @Test
    void committedJsonParsesIntoA784x256x10Network() throws Exception {
        Path file = committedJson();
        assertTrue(Files.exists(file), "missing " + file + ": regenerate with java -jar gpu-runner.jar model-config mlp");
        MultiLayerConfiguration conf = MultiLayerConfiguration.fromJson(Files.readString(file));
        assertEquals(2, conf.getConfs().size());
        DenseLayer hidden = assertInstanceOf(DenseLayer.class, conf.getConf(0).getLayer());
        OutputLayer out = assertInstanceOf(OutputLayer.class, conf.getConf(1).getLayer());
        assertEquals(784, hidden.getNIn());
        assertEquals(256, hidden.getNOut());
        assertEquals(256, out.getNIn());
        assertEquals(10, out.getNOut());
        assertInstanceOf(ActivationReLU.class, hidden.getActivationFn());
        assertInstanceOf(ActivationSoftmax.class, out.getActivationFn());
        assertInstanceOf(LossMCXENT.class, out.getLossFn());
        Adam adam = assertInstanceOf(Adam.class, hidden.getIUpdater());
        assertEquals(1e-3, adam.getLearningRate(), 1e-12);

        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        assertEquals(784L * 256 + 256 + 256L * 10 + 10, net.numParams());
        assertEquals(10, net.output(org.nd4j.linalg.factory.Nd4j.rand(3, 784)).size(1));
    }

    @Test
    void committedJsonIsWhatTheBuilderGenerates() throws Exception {
        ObjectMapper json = new ObjectMapper();
        assertEquals(json.readTree(ReferenceModels.json("mlp")), json.readTree(Files.readString(committedJson())),
                "the committed JSON is stale: regenerate with java -jar gpu-runner.jar model-config mlp");
    }

    @Test
    void unknownModelNameIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ReferenceModels.json("vgg"));
        assertTrue(e.getMessage().contains("unknown model 'vgg'"), e.getMessage());
    }
}
