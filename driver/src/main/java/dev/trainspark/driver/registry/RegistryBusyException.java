package dev.trainspark.driver.registry;

/** Another process holds the registry lease of the model; the command ends with exit code 4 and changes nothing. */
public final class RegistryBusyException extends RuntimeException {
    public RegistryBusyException(String message) {
        super(message);
    }
}
