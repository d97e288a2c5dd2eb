package dev.trainspark.driver.registry;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The versions a model's names point at, as kept in {@code aliases.json}; null where a name
 * points at nothing yet.
 *
 * @param champion   the version in use
 * @param challenger the version registered by the latest retrain
 * @param previous   the champion before the current one, which {@code rollback} restores
 */
public record Aliases(Integer champion, Integer challenger, Integer previous) {
    public static final Aliases NONE = new Aliases(null, null, null);

    /** After a retrain registered {@code version}: it is the challenger, and the champion when promoted. */
    public Aliases registered(int version, boolean promoted) {
        return promoted ? new Aliases(version, version, champion) : new Aliases(champion, version, previous);
    }

    /** {@code version} made champion; the one it replaces becomes previous. */
    public Aliases promoted(int version) {
        return new Aliases(version, challenger, champion);
    }

    /** The previous champion restored; nothing is previous to it any more. */
    public Aliases rolledBack() {
        return new Aliases(previous, challenger, null);
    }

    /** The names that point at {@code version}, e.g. "champion, challenger". */
    public String namesOf(int version) {
        StringBuilder names = new StringBuilder();
        toJsonMap().forEach((name, v) -> {
            if (v != null && (Integer) v == version) {
                names.append(names.length() == 0 ? "" : ", ").append(name);
            }
        });
        return names.toString();
    }

    public Map<String, Object> toJsonMap() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("champion", champion);
        json.put("challenger", challenger);
        json.put("previous", previous);
        return json;
    }

    static Aliases fromJson(JsonNode json) {
        return new Aliases(version(json, "champion"), version(json, "challenger"), version(json, "previous"));
    }

    private static Integer version(JsonNode json, String name) {
        JsonNode v = json.path(name);
        return v.canConvertToInt() ? v.asInt() : null;
    }
}
