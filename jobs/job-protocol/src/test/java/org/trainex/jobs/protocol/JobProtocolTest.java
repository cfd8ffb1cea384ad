package org.trainex.jobs.protocol;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class JobProtocolTest {
    private static final String HELLO_CID = "bafkreifzjut3te2nhyekklss27nh3k72ysco7y32koao5eei66wof36n5e";

    @Test
    void contentIdMatchesIpfsRawLeafCid() {
        // `ipfs add --cid-version 1 --raw-leaves` of the 11 bytes "hello world" gives this CID.
        assertEquals(HELLO_CID, ContentIds.of("hello world".getBytes(StandardCharsets.US_ASCII)));
        assertTrue(ContentIds.isValid(HELLO_CID));
        assertEquals("b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9",
                ContentIds.sha256Hex(HELLO_CID));
    }

    @Test
    void malformedContentIdsAreRejected() {
        assertFalse(ContentIds.isValid(null));
        assertFalse(ContentIds.isValid(""));
        assertFalse(ContentIds.isValid(HELLO_CID.toUpperCase()));
        assertFalse(ContentIds.isValid(HELLO_CID.substring(0, 58) + "1"));
        assertFalse(ContentIds.isValid("Qm" + HELLO_CID.substring(2)));
        assertThrows(IllegalArgumentException.class, () -> BlobPaths.blob("../../etc/passwd"));
    }

    @Test
    void tasksRoundTripWithTheirType() {
        DatasetRef data = new DatasetRef(HELLO_CID, HELLO_CID, 60000, 28, 28, 10);
        Task train = new TrainTask(UUID.randomUUID(), UUID.randomUUID(), "{\"confs\":[]}", null, data, 0, 5000,
                2, 128, 42L);
        String json = JobCodec.encode(train);
        assertTrue(json.contains("\"type\":\"train\""), json);
        assertEquals(train, JobCodec.decodeTask(json));

        Task eval = new EvaluateTask(UUID.randomUUID(), UUID.randomUUID(), HELLO_CID, data, 512);
        assertEquals(eval, JobCodec.decodeTask(JobCodec.encode(eval)));
    }

    @Test
    void resultsAndProgressRoundTrip() {
        TaskResult r = new TaskResult(UUID.randomUUID(), UUID.randomUUID(), "runner-1", TaskResult.Kind.EVALUATE,
                TaskResult.Status.SUCCEEDED, HELLO_CID, 10000, 0, 0.41, 0.853, 25000.0, 400, null);
        assertEquals(r, JobCodec.decodeResult(JobCodec.encode(r)));
        TaskProgress p = new TaskProgress(UUID.randomUUID(), UUID.randomUUID(), "runner-1", 1, 2, 3000, 120000,
                0.7, 24000.0, 5, 1L);
        assertEquals(p, JobCodec.decodeProgress(JobCodec.encode(p)));
        assertEquals(0.025, p.fraction(), 1e-12);
    }

    @Test
    void invalidMessagesFailLoudly() {
        assertThrows(JobCodec.MalformedMessageException.class, () -> JobCodec.decodeTask("{"));
        assertThrows(JobCodec.MalformedMessageException.class, () -> JobCodec.decodeTask("{\"type\":\"mine\"}"));
        DatasetRef data = new DatasetRef(HELLO_CID, HELLO_CID, 100, 28, 28, 10);
        String json = JobCodec.encode(new TrainTask(UUID.randomUUID(), UUID.randomUUID(), "{}", null, data, 0, 0,
                1, 1, 1L));
        // a slice outside the dataset is refused by the record's own check
        assertThrows(JobCodec.MalformedMessageException.class,
                () -> JobCodec.decodeTask(json.replace("\"sampleOffset\":0", "\"sampleOffset\":500")));
        assertThrows(JobCodec.MalformedMessageException.class,
                () -> JobCodec.decodeTask(json.replace("\"epochs\":1", "\"epochs\":1,\"extra\":1")));
    }
}
