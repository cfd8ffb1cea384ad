package org.trainex.jobs.ee;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSProducer;
import jakarta.jms.Queue;
import jakarta.jms.TextMessage;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.trainex.jobs.protocol.AggregateTask;
import org.trainex.jobs.protocol.ContentIds;
import org.trainex.jobs.protocol.JobCodec;
import org.trainex.jobs.protocol.JobQueues;
import org.trainex.jobs.protocol.NoopTask;
import org.trainex.jobs.protocol.Task;

/**
 * What the dispatcher puts on a message (properties, delivery mode, priority, time-to-live), against a recording
 * JMSContext made of dynamic proxies (no broker).
 */
class JmsTaskDispatcherTest {
    /** One message as sent: its body and properties, and the producer's settings at the send. */
    record Sent(String body, Map<String, Object> properties, int producer, int deliveryMode, int priority,
                long timeToLive) {
    }

    final List<Sent> sent = new ArrayList<>();
    int producers;
    JmsTaskDispatcher dispatcher;

    @BeforeEach
    void setUp() {
        dispatcher = new JmsTaskDispatcher();
        grants.clear();
        dispatcher.grants = new org.trainex.shared.api.TaskGrants() {
            @Override
            public void dispatched(UUID taskId, String targetRunner, java.util.Set<String> contentIds) {
                grants.add(taskId + " " + targetRunner + " " + contentIds);
            }

            @Override
            public java.util.Optional<String> refusal(UUID taskId, String runnerId, String contentId) {
                throw new UnsupportedOperationException();
            }

            @Override
            public java.util.Optional<java.time.Instant> firstFetch(UUID taskId) {
                throw new UnsupportedOperationException();
            }

            @Override
            public void finished(UUID taskId) {
                throw new UnsupportedOperationException();
            }
        };
        dispatcher.dispatchQueue = (Queue) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {Queue.class}, (p, m, a) -> m.getName().equals("getQueueName") ? JobQueues.DISPATCH
                        : null);
        dispatcher.jms = (JMSContext) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {JMSContext.class}, (p, m, a) -> switch (m.getName()) {
                    case "createTextMessage" -> textMessage((String) a[0]);
                    case "createProducer" -> producer(++producers);
                    default -> throw new UnsupportedOperationException(m.getName());
                });
    }

    @AfterEach
    void clearSetting() {
        System.clearProperty("trainex." + JmsTaskDispatcher.TARGETED_TTL_SETTING);
    }

    TextMessage textMessage(String body) {
        Map<String, Object> props = new HashMap<>();
        return (TextMessage) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {TextMessage.class},
                (p, m, a) -> switch (m.getName()) {
                    case "setStringProperty" -> {
                        props.put((String) a[0], a[1]);
                        yield null;
                    }
                    case "getText" -> body;
                    case "getPropertyNames" -> java.util.Collections.enumeration(props.keySet());
                    case "getObjectProperty" -> props.get((String) a[0]);
                    case "hashCode" -> System.identityHashCode(p);
                    case "equals" -> p == a[0];
                    default -> throw new UnsupportedOperationException(m.getName());
                });
    }

    JMSProducer producer(int id) {
        int[] mode = {DeliveryMode.PERSISTENT};
        int[] priority = {4};
        long[] ttl = {0};
        return (JMSProducer) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {JMSProducer.class},
                (p, m, a) -> {
                    switch (m.getName()) {
                        case "setDeliveryMode" -> mode[0] = (Integer) a[0];
                        case "setPriority" -> priority[0] = (Integer) a[0];
                        case "setTimeToLive" -> ttl[0] = (Long) a[0];
                        case "send" -> {
                            TextMessage t = (TextMessage) a[1];
                            Map<String, Object> props = new HashMap<>();
                            for (var names = t.getPropertyNames(); names.hasMoreElements(); ) {
                                String n = (String) names.nextElement();
                                props.put(n, t.getObjectProperty(n));
                            }
                            sent.add(new Sent(t.getText(), props, id, mode[0], priority[0], ttl[0]));
                        }
                        default -> throw new UnsupportedOperationException(m.getName());
                    }
                    return p;
                });
    }

    /** Grants recorded through the fake {@link org.trainex.shared.api.TaskGrants}: "task target [cids]". */
    final List<String> grants = new java.util.ArrayList<>();

    static AggregateTask aggregate() {
        return new AggregateTask(UUID.randomUUID(), UUID.randomUUID(),
                List.of(new AggregateTask.WeightedModel(ContentIds.of(new byte[] {1}), 10)), 0);
    }

    @Test
    void untargetedTasksArePersistentAndNeverExpire() {
        AggregateTask t = aggregate();
        dispatcher.dispatch(t);
        Sent s = sent.get(0);
        assertEquals(t, JobCodec.decodeTask(s.body()));
        assertEquals(Map.of(JobQueues.TASK_TYPE_PROPERTY, "aggregate", JobQueues.JOB_ID_PROPERTY,
                t.jobId().toString()), s.properties());
        assertEquals(DeliveryMode.PERSISTENT, s.deliveryMode());
        assertEquals(4, s.priority());
        assertEquals(0, s.timeToLive(), "0: no expiry");
    }

    @Test
    void targetedTasksExpireAfterTheSetting() {
        AggregateTask t = aggregate();
        dispatcher.dispatch(t, "gpu-7");
        assertEquals("gpu-7", sent.get(0).properties().get(JobQueues.TARGET_RUNNER_PROPERTY));
        assertEquals(List.of(t.taskId() + " gpu-7 [" + t.models().get(0).modelCid() + "]"), grants,
                "the blobs the task names are granted to its runner in the same transaction");
        assertEquals(3_600_000L, sent.get(0).timeToLive(), "default 1 hour");
        System.setProperty("trainex." + JmsTaskDispatcher.TARGETED_TTL_SETTING, "90");
        dispatcher.dispatch(t, "gpu-7");
        assertEquals(90_000L, sent.get(1).timeToLive());
        System.setProperty("trainex." + JmsTaskDispatcher.TARGETED_TTL_SETTING, "0");
        assertThrows(IllegalStateException.class, () -> dispatcher.dispatch(t, "gpu-7"), "not a positive number");
        System.setProperty("trainex." + JmsTaskDispatcher.TARGETED_TTL_SETTING, "soon");
        assertThrows(IllegalStateException.class, () -> dispatcher.dispatch(t, "gpu-7"));
        assertEquals(2, sent.size(), "nothing sent with a bad setting");
        assertThrows(IllegalArgumentException.class, () -> dispatcher.dispatch(t, " "));
        dispatcher.dispatch(t, null);
        assertEquals(0, sent.get(2).timeToLive(), "null: any runner, no expiry");
        assertFalse(sent.get(2).properties().containsKey(JobQueues.TARGET_RUNNER_PROPERTY));
    }

    @Test
    void aBatchGoesThroughOneProducerInOrderWithNoopsAtTheLowestPriority() {
        UUID probe = UUID.randomUUID();
        List<Task> tasks = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            tasks.add(new NoopTask(UUID.randomUUID(), probe));
        }
        AggregateTask real = aggregate();
        tasks.add(real);
        dispatcher.dispatchAll(tasks);
        assertEquals(6, sent.size());
        assertEquals(1, producers, "one producer for the batch");
        for (int i = 0; i < 5; i++) {
            Sent s = sent.get(i);
            assertEquals(tasks.get(i), JobCodec.decodeTask(s.body()), "in order");
            assertEquals("noop", s.properties().get(JobQueues.TASK_TYPE_PROPERTY));
            assertEquals(probe.toString(), s.properties().get(JobQueues.JOB_ID_PROPERTY));
            assertEquals(JmsTaskDispatcher.NOOP_PRIORITY, s.priority());
            assertEquals(0, s.timeToLive());
            assertEquals(DeliveryMode.PERSISTENT, s.deliveryMode());
        }
        assertEquals(4, sent.get(5).priority(), "real work keeps the default priority");
        dispatcher.dispatchAll(List.of());
        assertEquals(1, producers, "an empty batch sends nothing");
        assertTrue(sent.stream().allMatch(s -> s.producer() == 1));
    }
}
