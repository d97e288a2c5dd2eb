package dev.trainspark.workers.fit;

import dev.trainspark.workers.allreduce.RingSecret;
import org.junit.jupiter.api.Test;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.HashMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

class RoundFeedTest {
    private static final String SECRET = RingSecret.newSecret();

    private static final float[] NO_STATE = new float[0];

    private static RoundResult result(long examples, double lossSum) {
        return RoundResult.of(NO_STATE, NO_STATE, examples, 1, lossSum);
    }

    private static RoundTimes times(double fit) {
        return new RoundTimes(0, 0, 0, fit, 0, 0, 0, fit);
    }

    @Test
    void aRoundIsHandedOverOnceEveryTaskSentItInRoundOrderWithThePartsInTaskOrder() throws Exception {
        try (RoundFeed feed = RoundFeed.open("localhost", 2, 3, SECRET);
             RoundSink zero = RoundFeed.connect(feed.address(), SECRET, 0, 5_000);
             RoundSink one = RoundFeed.connect(feed.address(), SECRET, 1, 5_000)) {
            zero.accept(0, 100, result(8, 4.0), times(0.5));
            zero.accept(1, 100, result(8, 2.0), times(0.25));
            assertNull(feed.poll(300), "round 0 waits for task 1");
            one.accept(0, 90, result(5, 1.0), times(0.75));
            RoundFeed.Round first = feed.poll(10_000);
            assertEquals(0, first.round());
            assertEquals(8, first.parts().get(0).result().examples());
            assertEquals(5, first.parts().get(1).result().examples());
            assertEquals(90, first.parts().get(1).taskStartMillis());
            assertEquals(0.75, first.parts().get(1).times().fit());
            // A retried task sends round 0 again: ignored.
            one.accept(0, 95, result(7, 9.0), times(0.1));
            one.accept(1, 90, result(5, 3.0), times(0.5));
            RoundFeed.Round second = feed.poll(10_000);
            assertEquals(1, second.round());
            assertEquals(2.0, second.parts().get(0).result().meanLoss());
            assertEquals(3.0, second.parts().get(1).result().meanLoss(), "task 1's first send of round 1, not the retried round 0");
            assertNull(feed.poll(300), "round 2 was not sent");
        }
    }

    @Test
    void aTaskThatCannotReachTheFeedTrainsOnWithoutIt() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress("localhost", 0));
            closedPort = s.getLocalPort();
        }
        try (RoundSink sink = RoundFeed.connect("localhost:" + closedPort, SECRET, 0, 2_000)) {
            assertSame(RoundSink.NONE, sink);
            sink.accept(0, 0, result(1, 1), times(1));
        }
        try (RoundSink sink = RoundFeed.connect("not an address", SECRET, 0, 2_000)) {
            assertSame(RoundSink.NONE, sink);
        }
    }

    @Test
    void objectsOtherThanARoundsFiguresAreRefusedAndTheFeedGoesOn() throws Exception {
        try (RoundFeed feed = RoundFeed.open("localhost", 1, 1, SECRET)) {
            String[] hostPort = feed.address().split(":");
            try (Socket s = new Socket(hostPort[0], Integer.parseInt(hostPort[1]))) {
                DataOutputStream header = new DataOutputStream(s.getOutputStream());
                header.writeInt(0x54535246);
                header.write(RingSecret.bytes(SECRET));
                header.writeInt(0);
                try {
                    ObjectOutputStream out = new ObjectOutputStream(header);
                    out.writeInt(0);
                    out.writeLong(0);
                    out.writeObject(new HashMap<>(java.util.Map.of("not", "a round")));
                    out.flush();
                } catch (IOException hungUp) {
                    // The feed may close the connection as soon as it reads the refused class, before
                    // this side has written it all: a broken pipe here is the refusal, seen from the sender.
                }
                assertNull(feed.poll(500), "a HashMap is not a round's figures");
            }
            try (RoundSink sink = RoundFeed.connect(feed.address(), SECRET, 0, 5_000)) {
                sink.accept(0, 7, result(3, 1.5), times(0.2));
                assertEquals(3, feed.poll(10_000).parts().get(0).result().examples());
            }
        }
    }

    @Test
    void aSenderWithoutTheEpochsSecretIsHungUpOn() throws Exception {
        try (RoundFeed feed = RoundFeed.open("localhost", 1, 2, SECRET)) {
            try (RoundSink stranger = RoundFeed.connect(feed.address(), RingSecret.newSecret(), 0, 5_000)) {
                stranger.accept(0, 1, result(99, 9.0), times(0.1));
                assertNull(feed.poll(500), "figures from a process without the secret are not a round");
            }
            try (RoundSink task = RoundFeed.connect(feed.address(), SECRET, 0, 5_000)) {
                task.accept(0, 7, result(3, 1.5), times(0.2));
                assertEquals(3, feed.poll(10_000).parts().get(0).result().examples());
            }
        }
    }
}
