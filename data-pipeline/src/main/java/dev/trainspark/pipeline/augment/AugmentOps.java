package dev.trainspark.pipeline.augment;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static dev.trainspark.pipeline.ParameterChecks.CONFIG;

/** Every value {@code augment.ops[i].op} accepts. A new op is one file and one line here. */
public final class AugmentOps {
    public static final List<AugmentOpType> ALL = List.of(
            HorizontalFlip.TYPE,
            VerticalFlip.TYPE,
            Rotation.TYPE,
            Affine.TYPE,
            RandomResizedCrop.TYPE,
            PadCrop.TYPE,
            Brightness.TYPE,
            Contrast.TYPE,
            Saturation.TYPE,
            Hue.TYPE,
            GaussianNoise.TYPE,
            GaussianBlur.TYPE,
            RandomErasing.TYPE);

    private AugmentOps() {
    }

    public static String names() {
        return ALL.stream().map(AugmentOpType::name).collect(Collectors.joining(", "));
    }

    /**
     * The entries of {@code augment.ops}, each checked: its op name, its probability {@code p} in
     * [0, 1], its parameters; {@code key} is the list's key ({@code augment.ops}).
     */
    public static List<ConfiguredOp> parse(String key, List<Map<String, Object>> entries) {
        List<ConfiguredOp> ops = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            String at = key + "[" + i + "]";
            Map<String, Object> entry = entries.get(i);
            CONFIG.require(entry != null, at, null, "a mapping such as {op: hflip, p: 0.5}");
            Object name = entry.get("op");
            AugmentOpType type = ALL.stream().filter(t -> t.name().equals(name)).findFirst()
                    .orElseThrow(() -> CONFIG.rejection(at + ".op", name, names()));
            OpParams params = new OpParams(at, entry);
            double p = params.between("p", type.defaultP(), 0, 1);
            AugmentOp op = type.parse().apply(params);
            params.requireNoOthers(type.name());
            ops.add(new ConfiguredOp(at, type.name(), type.rgbOnly(), p, op));
        }
        return List.copyOf(ops);
    }

    /** The ops policies draw from, each at {@code magnitude} in [0, 1], RGB-only ones only for 3 channels. */
    static List<AugmentOp> policyPool(int channels, double magnitude) {
        List<AugmentOp> pool = new ArrayList<>();
        pool.add(AugmentOp.IDENTITY);
        for (AugmentOpType t : ALL) {
            if (t.atMagnitude() != null && (channels == 3 || !t.rgbOnly())) {
                pool.add(t.atMagnitude().apply(magnitude));
            }
        }
        return pool;
    }
}
