package dev.trainspark.pipeline.split;

import dev.trainspark.pipeline.ParameterChecks;

import java.util.Arrays;
import java.util.stream.Collectors;

/** The cross-validation schemes, by their config name under {@code cv.scheme}. */
public enum CvScheme {
    STRATIFIED_KFOLD("stratified_kfold", true),
    KFOLD("kfold", true),
    GROUP_KFOLD("group_kfold", true),
    STRATIFIED_GROUP_KFOLD("stratified_group_kfold", true),
    REPEATED_STRATIFIED_KFOLD("repeated_stratified_kfold", true),
    SHUFFLE_SPLIT("shuffle_split", false),
    LEAVE_P_OUT("leave_p_out", false),
    HOLDOUT("holdout", false),
    BOOTSTRAP("bootstrap", false);

    private final String configName;
    private final boolean partitioning;

    CvScheme(String configName, boolean partitioning) {
        this.configName = configName;
        this.partitioning = partitioning;
    }

    public String configName() {
        return configName;
    }

    /** Whether every row lands in exactly one test fold (per repeat). */
    public boolean partitionsRows() {
        return partitioning;
    }

    public boolean usesGroups() {
        return this == GROUP_KFOLD || this == STRATIFIED_GROUP_KFOLD;
    }

    public boolean stratified() {
        return this == STRATIFIED_KFOLD || this == REPEATED_STRATIFIED_KFOLD || this == STRATIFIED_GROUP_KFOLD;
    }

    public static CvScheme fromConfig(String name) {
        for (CvScheme s : values()) {
            if (s.configName.equals(name)) {
                return s;
            }
        }
        throw ParameterChecks.CONFIG.rejection("cv.scheme", name, acceptedNames());
    }

    static String acceptedNames() {
        return Arrays.stream(values()).map(CvScheme::configName).collect(Collectors.joining(", "));
    }
}
