package dev.trainspark.models;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A trained classifier as saved in a model folder.
 * <ul>
 *   <li>{@code spec.json}, {@code classes.json}: how to build the network and what its outputs mean;</li>
 *   <li>{@code network.zip} for one network, or {@code members/member-NN.zip} plus
 *       {@code ensemble.json} for an ensemble whose members' probabilities are averaged (soft vote);</li>
 *   <li>{@code thresholds.json} when decision offsets were fitted: the predicted class is
 *       {@code argmax_c (log p_c + offset_c)} instead of {@code argmax_c p_c};</li>
 *   <li>{@code provenance.json}: version, config hash, seed, data digests, parent.</li>
 * </ul>
 *
 * @param offsets    per-class decision offsets, or null for a plain argmax
 * @param provenance where the model came from
 */
public record SavedModel(NetworkSpec spec, List<String> classes, List<ModelState> members, double[] offsets,
                         Provenance provenance) {
    public static final String SPEC = "spec.json";
    public static final String CLASSES = "classes.json";
    public static final String PROVENANCE = "provenance.json";
    private static final String ENSEMBLE = "ensemble.json";
    private static final String THRESHOLDS = "thresholds.json";
    private static final String MEMBERS = "members";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final ObjectMapper PROVENANCE_JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);

    public SavedModel {
        classes = List.copyOf(classes);
        members = List.copyOf(members);
        if (members.isEmpty()) {
            throw new IllegalArgumentException("a model needs at least one network");
        }
        if (classes.size() != spec.numClasses()) {
            throw new IllegalArgumentException(classes.size() + " class names for a network of " + spec.numClasses() + " outputs");
        }
        if (offsets != null && offsets.length != classes.size()) {
            throw new IllegalArgumentException(offsets.length + " decision offsets for " + classes.size() + " classes");
        }
        if (provenance == null) {
            throw new IllegalArgumentException("a model needs its provenance");
        }
    }

    public boolean isEnsemble() {
        return members.size() > 1;
    }

    public void write(ModelFolder folder) throws IOException {
        folder.write(SPEC, json(JSON, spec));
        folder.write(CLASSES, json(JSON, classes));
        if (isEnsemble()) {
            for (int i = 0; i < members.size(); i++) {
                folder.write(memberFile(i), networkBytes(spec, members.get(i)));
            }
            Map<String, Object> ensemble = new LinkedHashMap<>();
            ensemble.put("members", members.size());
            ensemble.put("vote", "soft: mean of the members' class probabilities");
            folder.write(ENSEMBLE, json(JSON, ensemble));
        } else {
            folder.write(ModelFiles.NETWORK, networkBytes(spec, members.get(0)));
        }
        if (offsets != null) {
            Map<String, Object> thresholds = new LinkedHashMap<>();
            thresholds.put("rule", "predicted = argmax_c (log p_c + offset_c)");
            Map<String, Double> byClass = new LinkedHashMap<>();
            for (int c = 0; c < classes.size(); c++) {
                byClass.put(classes.get(c), offsets[c]);
            }
            thresholds.put("offsets", byClass);
            folder.write(THRESHOLDS, json(JSON, thresholds));
        }
        folder.write(PROVENANCE, json(PROVENANCE_JSON, provenance));
    }

    /** Reads a folder that holds {@link #SPEC} and {@link #CLASSES} (the caller checks that it does). */
    public static SavedModel read(ModelFolder folder) throws IOException {
        NetworkSpec spec = readSpec(text(folder, SPEC));
        List<String> classes = JSON.readValue(text(folder, CLASSES), new TypeReference<List<String>>() { });
        List<ModelState> members = new ArrayList<>();
        if (folder.exists(ENSEMBLE)) {
            int n = JSON.readTree(text(folder, ENSEMBLE)).path("members").asInt();
            for (int i = 0; i < n; i++) {
                members.add(readNetwork(spec, folder.read(memberFile(i))));
            }
        } else {
            members.add(readNetwork(spec, folder.read(ModelFiles.NETWORK)));
        }
        double[] offsets = null;
        if (folder.exists(THRESHOLDS)) {
            var byClass = JSON.readTree(text(folder, THRESHOLDS)).path("offsets");
            offsets = new double[classes.size()];
            for (int c = 0; c < classes.size(); c++) {
                offsets[c] = byClass.path(classes.get(c)).asDouble();
            }
        }
        Provenance provenance = folder.exists(PROVENANCE)
                ? PROVENANCE_JSON.readValue(text(folder, PROVENANCE), Provenance.class)
                : Provenance.unrecorded();
        return new SavedModel(spec, classes, members, offsets, provenance);
    }

    /**
     * Reads {@link #SPEC}, also as written before the optimiser settings had a record of their own
     * (flat {@code updater}, {@code learningRate}, {@code l2}), before {@code widthMultiplier}, and before the
     * optimiser's momentum, schedule, L1, weight decay, initialisation, dropout and clipping.
     */
    static NetworkSpec readSpec(String json) throws IOException {
        ObjectNode node = (ObjectNode) JSON.readTree(json);
        if (!node.has("optimizer")) {
            ObjectNode optimizer = node.putObject("optimizer");
            for (String key : List.of("updater", "learningRate", "l2")) {
                if (node.has(key)) {
                    optimizer.set(key, node.remove(key));
                }
            }
        }
        // Settings added to the optimiser later read as Jackson's null or 0, which is their default,
        // except momentum, which was 0.9 (nesterovs) before it could be set.
        ObjectNode optimizer = (ObjectNode) node.get("optimizer");
        if (!optimizer.has("momentum")) {
            optimizer.put("momentum", OptimizerSpec.DEFAULT_MOMENTUM);
        }
        if (!node.has("widthMultiplier")) {
            node.put("widthMultiplier", 1.0);
        }
        return JSON.treeToValue(node, NetworkSpec.class);
    }

    private static String memberFile(int i) {
        return String.format("%s/member-%02d.zip", MEMBERS, i + 1);
    }

    private static byte[] json(ObjectMapper mapper, Object value) throws IOException {
        return (mapper.writeValueAsString(value) + "\n").getBytes(StandardCharsets.UTF_8);
    }

    private static String text(ModelFolder folder, String name) throws IOException {
        return new String(folder.read(name), StandardCharsets.UTF_8);
    }

    private static byte[] networkBytes(NetworkSpec spec, ModelState state) throws IOException {
        TrainableNetwork net = Networks.build(spec);
        net.setParams(state.params());
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ModelFiles.write(net, bytes, false);
        return bytes.toByteArray();
    }

    private static ModelState readNetwork(NetworkSpec spec, byte[] zip) throws IOException {
        TrainableNetwork net = ModelFiles.read(spec, new ByteArrayInputStream(zip), false);
        return new ModelState(net.params().toFloatVector(), new float[0]);
    }
}
