package dev.trainspark.models;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The networks the zoo can build, by their config name. */
public enum Architecture {
    LENET("lenet", new LeNet()),
    SMALL_CNN_BN("small_cnn_bn", new SmallCnn()),
    ALEXNET("alexnet", new AlexNet()),
    VGG11("vgg11", Vgg.vgg11()),
    VGG16("vgg16", Vgg.vgg16()),
    INCEPTION("inception", new Inception()),
    RESNET18("resnet18", new ResNet(2, 2, 2, 2)),
    RESNET34("resnet34", new ResNet(3, 4, 6, 3));

    private final String configName;
    private final NetworkDefinition definition;

    Architecture(String configName, NetworkDefinition definition) {
        this.configName = configName;
        this.definition = definition;
    }

    public String configName() {
        return configName;
    }

    public NetworkDefinition definition() {
        return definition;
    }

    public static Architecture fromConfigName(String name) {
        String wanted = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values())
                .filter(a -> a.configName.equals(wanted))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException(
                        "model.architecture is '" + name + "'; accepted: " + names()));
    }

    public static String names() {
        return Arrays.stream(values()).map(Architecture::configName).collect(Collectors.joining(", "));
    }
}
