package dev.trainspark.driver.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.trainspark.driver.config.RegistryConfig;
import dev.trainspark.driver.model.HadoopModelFolder;
import dev.trainspark.models.SavedModel;
import dev.trainspark.pipeline.BadParameterException;
import dev.trainspark.pipeline.io.HadoopFiles;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One model's registry folder, {@code <registry.path>/<registry.name>/}:
 * <ul>
 *   <li>{@code versions/NNNN/}: {@code model/} (with its provenance), {@code metrics.json} on the
 *       frozen evaluation split, {@code config.yaml}, and {@code version.json}, written last: a
 *       version is registered once its folder, complete, is renamed from {@code versions/.incoming-NNNN};</li>
 *   <li>{@code aliases.json}: champion, challenger, previous;</li>
 *   <li>{@code history.jsonl}: one line per change;</li>
 *   <li>{@code evaluation/}: the frozen evaluation split ({@link FrozenEvaluation});</li>
 *   <li>{@code lease.json}: the {@link RegistryLease}.</li>
 * </ul>
 * Files are replaced by writing a hidden sibling and renaming it over the old one; readers of
 * {@code aliases.json} and {@code history.jsonl} fall back on that sibling if a process died
 * between removing the old file and the rename.
 */
public final class ModelRegistry {
    public static final String VERSIONS = "versions";
    public static final String ALIASES = "aliases.json";
    public static final String HISTORY = "history.jsonl";
    public static final String VERSION_FILE = "version.json";
    public static final String MODEL = "model";
    public static final String METRICS = "metrics.json";
    public static final String CONFIG = "config.yaml";
    static final String INCOMING = ".incoming-";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final ObjectMapper LINE = new ObjectMapper();

    private final HadoopFiles files;
    private final Path dir;
    private final String name;

    private ModelRegistry(HadoopFiles files, Path dir, String name) {
        this.files = files;
        this.dir = dir;
        this.name = name;
    }

    /** The registry folder of the configured model; refuses a config without {@code registry.path}. */
    public static ModelRegistry open(HadoopFiles files, RegistryConfig config) {
        if (config.path() == null) {
            throw new BadParameterException("registry.path is not set; accepted: a folder on any Hadoop path, e.g. "
                    + "hdfs:///models or s3a://bucket/models (in the config, with --set registry.path=..., or --registry)");
        }
        return new ModelRegistry(files, new Path(files.qualify(config.path()), config.name()), config.name());
    }

    public HadoopFiles files() {
        return files;
    }

    public Path dir() {
        return dir;
    }

    public String name() {
        return name;
    }

    public static String folderName(int version) {
        return String.format("%04d", version);
    }

    public Path versionDir(int version) {
        return new Path(new Path(dir, VERSIONS), folderName(version));
    }

    public Aliases aliases() throws IOException {
        Optional<String> text = readReplaced(new Path(dir, ALIASES));
        return text.isEmpty() ? Aliases.NONE : Aliases.fromJson(JSON.readTree(text.get()));
    }

    /** Registered versions (those whose {@code version.json} was written), oldest first. */
    public List<RegisteredVersion> versions() throws IOException {
        List<RegisteredVersion> versions = new ArrayList<>();
        for (FileStatus child : list(new Path(dir, VERSIONS))) {
            String n = child.getPath().getName();
            Path marker = new Path(child.getPath(), VERSION_FILE);
            if (child.isDirectory() && n.matches("\\d{4,}") && files.exists(marker)) {
                versions.add(new RegisteredVersion(Integer.parseInt(n), child.getPath(), JSON.readTree(files.readString(marker))));
            }
        }
        versions.sort((a, b) -> Integer.compare(a.number(), b.number()));
        return versions;
    }

    /** A registered version; refuses one that is not, naming those that are. */
    public RegisteredVersion require(int version) throws IOException {
        List<RegisteredVersion> all = versions();
        return all.stream().filter(v -> v.number() == version).findFirst().orElseThrow(() -> new BadParameterException(
                "registry model '" + name + "' has no version " + version + "; accepted: one of "
                        + all.stream().map(RegisteredVersion::number).toList()));
    }

    public SavedModel model(int version) throws IOException {
        return HadoopModelFolder.read(files, new Path(versionDir(version), MODEL).toString());
    }

    /** The version number the next registration takes: one past every folder, registered or not. */
    public int nextVersion() throws IOException {
        int max = 0;
        for (FileStatus child : list(new Path(dir, VERSIONS))) {
            String n = child.getPath().getName().replace(INCOMING, "");
            if (n.matches("\\d{4,}")) {
                max = Math.max(max, Integer.parseInt(n));
            }
        }
        return max + 1;
    }

    /**
     * Removes what a process that died while registering left: incoming folders and version
     * folders without {@code version.json}. Call only while holding the lease.
     */
    public List<Path> removeIncomplete() throws IOException {
        List<Path> removed = new ArrayList<>();
        for (FileStatus child : list(new Path(dir, VERSIONS))) {
            Path p = child.getPath();
            if (p.getName().startsWith(INCOMING) || !files.exists(new Path(p, VERSION_FILE))) {
                files.delete(p);
                removed.add(p);
            }
        }
        for (FileStatus child : list(dir)) {
            if (child.getPath().getName().startsWith(FrozenEvaluation.INCOMING)) {
                files.delete(child.getPath());
                removed.add(child.getPath());
            }
        }
        return removed;
    }

    /** The folder a new version is written in before {@link #commit} renames it into place. */
    public Path incoming(int version) {
        return new Path(new Path(dir, VERSIONS), INCOMING + folderName(version));
    }

    /** Registers a version written completely (its {@code version.json} last) in {@link #incoming}. */
    public void commit(int version) throws IOException {
        Path target = versionDir(version);
        if (files.exists(target)) {
            throw new IOException("version folder " + target + " exists already");
        }
        if (!files.fs(target).rename(incoming(version), target)) {
            throw new IOException("could not rename " + incoming(version) + " to " + target);
        }
    }

    /** Replaces {@code aliases.json} and adds {@code event} (with the new aliases) to the history. */
    public void changeAliases(Aliases aliases, Map<String, Object> event) throws IOException {
        files.writeString(new Path(dir, ALIASES), JSON.writeValueAsString(aliases.toJsonMap()) + "\n");
        Map<String, Object> line = new LinkedHashMap<>(event);
        line.put("aliases", aliases.toJsonMap());
        appendHistory(line);
    }

    /** Adds one line to {@code history.jsonl}, with the time. */
    public void appendHistory(Map<String, Object> event) throws IOException {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("time", Instant.now().toString());
        line.putAll(event);
        Path file = new Path(dir, HISTORY);
        String earlier = readReplaced(file).orElse("");
        files.writeString(file, earlier + LINE.writeValueAsString(line) + "\n");
    }

    public List<JsonNode> history() throws IOException {
        List<JsonNode> lines = new ArrayList<>();
        for (String line : readReplaced(new Path(dir, HISTORY)).orElse("").split("\n")) {
            if (!line.isBlank()) {
                lines.add(LINE.readTree(line));
            }
        }
        return lines;
    }

    public static ObjectMapper json() {
        return JSON;
    }

    /**
     * A file replaced through a hidden sibling: the file, or the sibling when the file is gone
     * because its writer died between the removal and the rename (the sibling is complete then).
     */
    private Optional<String> readReplaced(Path file) throws IOException {
        if (files.exists(file)) {
            return Optional.of(files.readString(file));
        }
        Path aside = new Path(file.getParent(), "." + file.getName() + ".tmp");
        return files.exists(aside) ? Optional.of(files.readString(aside)) : Optional.empty();
    }

    private FileStatus[] list(Path folder) throws IOException {
        try {
            return files.fs(folder).listStatus(folder);
        } catch (FileNotFoundException none) {
            return new FileStatus[0];
        }
    }
}
