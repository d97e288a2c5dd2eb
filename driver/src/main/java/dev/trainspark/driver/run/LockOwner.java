package dev.trainspark.driver.run;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.net.InetAddress;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The process that holds a run folder's lock or a registry model's lease, as its {@link OwnerFile}
 * records it; {@code token} tells two holders in one process apart.
 */
public record LockOwner(String host, long pid, String processStart, String since, String token) {

    /** This process, as a new holder. */
    public static LockOwner current() {
        ProcessHandle self = ProcessHandle.current();
        return new LockOwner(Host.NAME, self.pid(), self.info().startInstant().map(Instant::toString).orElse(""),
                Instant.now().toString(), UUID.randomUUID().toString());
    }

    /** The owner recorded in an owner file's fields; empty while its creator is still writing it. */
    public static Optional<LockOwner> from(JsonNode fields) {
        if (!fields.path("pid").canConvertToLong()) {
            return Optional.empty();
        }
        return Optional.of(new LockOwner(fields.path("host").asText(), fields.path("pid").asLong(),
                fields.path("process_start").asText(), fields.path("since").asText(), fields.path("token").asText()));
    }

    Map<String, Object> fields() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("host", host);
        fields.put("pid", pid);
        fields.put("process_start", processStart);
        fields.put("since", since);
        fields.put("token", token);
        return fields;
    }

    /**
     * Why this owner is known to be gone: it ran on this host and its process no longer runs. Of an
     * owner on another host nothing is known here; only its heartbeat tells.
     */
    public Optional<String> goneFromThisHost() {
        if (!host.equals(Host.NAME) || running()) {
            return Optional.empty();
        }
        return Optional.of("process " + pid + " is not running");
    }

    /** A reused pid is told apart by its start time. */
    private boolean running() {
        return ProcessHandle.of(pid)
                .filter(ProcessHandle::isAlive)
                .filter(p -> processStart.isEmpty()
                        || p.info().startInstant().map(t -> t.toString().equals(processStart)).orElse(true))
                .isPresent();
    }

    /** "host h, pid p, since t", for messages. */
    public String describe() {
        return "host " + host + ", pid " + pid + ", since " + since;
    }

    /** The host name, looked up once: the lookup may be slow where name resolution is. */
    private static final class Host {
        static final String NAME = lookUp();

        private static String lookUp() {
            try {
                return InetAddress.getLocalHost().getHostName();
            } catch (IOException e) {
                return System.getenv().getOrDefault("HOSTNAME", "unknown");
            }
        }
    }
}
