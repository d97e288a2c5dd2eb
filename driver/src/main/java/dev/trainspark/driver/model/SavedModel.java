package dev.trainspark.driver.model;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.trainspark.driver.run.RunDirectory;
import dev.trainspark.models.ModelFiles;
import dev.trainspark.models.NetworkSpec;
import dev.trainspark.models.Networks;
import dev.trainspark.pipeline.BadDataException;
import dev.trainspark.pipeline.io.HadoopFiles;
import dev.trainspark.workers.fit.ModelState;
import org.apache.hadoop.fs.Path;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.factory.Nd4j;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A trained classifier as saved in a run's {@code model/} folder.
 * <ul>
 *   <li>{@code spec.json}, {@code classes.json}: how to build the network and what its outputs mean;</li>
 *   <li>{@code network.zip} for one network, or {@code members/member-NN.zip} plus
 *       {@code ensemble.json} for an ensemble whose members' probabilities are averaged (soft vote);</li>
 *   <li>{@code thresholds.json} when decision offsets were fitted: the predicted class is
 *       {@code argmax_c (log p_c + offset_c)} instead of {@code argmax_c p_c}.</li>
 * </ul>
 *
 * @param offsets per-class decision offsets, or null for a plain argmax
 */
public record SavedModel(NetworkSpec spec, List<String> classes, List<ModelState> members, double[] offsets) {
    private static final String SPEC = "spec.json";
    private static final String CLASSES = "classes.json";
    private static final String ENSEMBLE = "ensemble.json";
    private static final String THRESHOLDS = "thresholds.json";
    private static final String MEMBERS = "members";

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
    }

    public boolean isEnsemble() {
        return members.size() > 1;
    }

    /** Writes the model into the run's {@code model/} folder. */
    public void write(RunDirectory run) throws IOException {
        write(run, "");
    }

    /** Writes the model into {@code prefix + "model/"} of the run (a prefix such as {@code folds/fold-01/}). */
    public void write(RunDirectory run, String prefix) throws IOException {
        String dir = prefix + RunDirectory.MODEL + "/";
        run.writeJson(dir + SPEC, spec);
        run.writeJson(dir + CLASSES, classes);
        if (isEnsemble()) {
            for (int i = 0; i < members.size(); i++) {
                run.writeBytes(dir + memberFile(i), networkBytes(spec, members.get(i)));
            }
            Map<String, Object> ensemble = new LinkedHashMap<>();
            ensemble.put("members", members.size());
            ensemble.put("vote", "soft: mean of the members' class probabilities");
            run.writeJson(dir + ENSEMBLE, ensemble);
        } else {
            run.writeBytes(dir + ModelFiles.NETWORK, networkBytes(spec, members.get(0)));
        }
        if (offsets != null) {
            Map<String, Object> thresholds = new LinkedHashMap<>();
            thresholds.put("rule", "predicted = argmax_c (log p_c + offset_c)");
            Map<String, Double> byClass = new LinkedHashMap<>();
            for (int c = 0; c < classes.size(); c++) {
                byClass.put(classes.get(c), offsets[c]);
            }
            thresholds.put("offsets", byClass);
            run.writeJson(dir + THRESHOLDS, thresholds);
        }
    }

    /**
     * Reads a model folder ({@code .../model}) or a run folder that holds one.
     *
     * @throws BadDataException naming the folder and what a model folder holds, when it is not one
     */
    public static SavedModel read(HadoopFiles files, String location) throws IOException {
        Path dir = files.qualify(location);
        if (!files.exists(new Path(dir, SPEC)) && files.exists(new Path(new Path(dir, RunDirectory.MODEL), SPEC))) {
            dir = new Path(dir, RunDirectory.MODEL);
        }
        if (!files.exists(new Path(dir, SPEC)) || !files.exists(new Path(dir, CLASSES))) {
            throw new BadDataException("'" + location + "' (resolved to " + dir + ") is not a model folder; accepted: a run folder or its model/ "
                    + "folder, holding spec.json, classes.json and network.zip (or members/ and ensemble.json)");
        }
        var json = RunDirectory.json();
        NetworkSpec spec = json.readValue(files.readString(new Path(dir, SPEC)), NetworkSpec.class);
        List<String> classes = json.readValue(files.readString(new Path(dir, CLASSES)), new TypeReference<List<String>>() { });
        List<ModelState> members = new ArrayList<>();
        if (files.exists(new Path(dir, ENSEMBLE))) {
            int n = json.readTree(files.readString(new Path(dir, ENSEMBLE))).path("members").asInt();
            for (int i = 0; i < n; i++) {
                members.add(readNetwork(files, new Path(dir, memberFile(i))));
            }
        } else {
            members.add(readNetwork(files, new Path(dir, ModelFiles.NETWORK)));
        }
        double[] offsets = null;
        Path thresholds = new Path(dir, THRESHOLDS);
        if (files.exists(thresholds)) {
            var byClass = json.readTree(files.readString(thresholds)).path("offsets");
            offsets = new double[classes.size()];
            for (int c = 0; c < classes.size(); c++) {
                offsets[c] = byClass.path(classes.get(c)).asDouble();
            }
        }
        return new SavedModel(spec, classes, members, offsets);
    }

    private static String memberFile(int i) {
        return String.format("%s/member-%02d.zip", MEMBERS, i + 1);
    }

    private static byte[] networkBytes(NetworkSpec spec, ModelState state) throws IOException {
        MultiLayerNetwork net = Networks.build(spec);
        net.setParams(Nd4j.create(state.params()));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ModelFiles.write(net, bytes, false);
        return bytes.toByteArray();
    }

    private static ModelState readNetwork(HadoopFiles files, Path file) throws IOException {
        if (!files.exists(file)) {
            throw new BadDataException("model file " + file + " is missing; the model folder is incomplete");
        }
        MultiLayerNetwork net = ModelFiles.read(new ByteArrayInputStream(files.readBytes(file)), false);
        return new ModelState(net.params().toFloatVector(), new float[0]);
    }
}
