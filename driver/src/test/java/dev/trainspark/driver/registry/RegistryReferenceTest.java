package dev.trainspark.driver.registry;

import dev.trainspark.driver.config.RegistryConfig;
import dev.trainspark.driver.model.HadoopModelFolder;
import dev.trainspark.models.Architecture;
import dev.trainspark.models.ModelState;
import dev.trainspark.models.NetworkSpec;
import dev.trainspark.models.Networks;
import dev.trainspark.models.Provenance;
import dev.trainspark.models.SavedModel;
import dev.trainspark.pipeline.BadParameterException;
import dev.trainspark.pipeline.io.HadoopFiles;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RegistryReferenceTest {
    private static final NetworkSpec SPEC = new NetworkSpec(Architecture.LENET, 28, 28, 1, 2, "sgd", 0.05, 1e-4, 9);
    private static final HadoopFiles FILES = new HadoopFiles(new Configuration());

    @TempDir
    static java.nio.file.Path tmp;
    private static String registryPath;
    private static float[][] params = new float[3][];

    /** A registry with versions 1 and 2 of 'digits', 2 promoted over 1, written the way a retrain writes them. */
    @BeforeAll
    static void registry() throws Exception {
        registryPath = tmp.resolve("registry").toString();
        ModelRegistry registry = ModelRegistry.open(FILES, new RegistryConfig(registryPath, "digits"));
        Aliases aliases = Aliases.NONE;
        for (int v = 1; v <= 2; v++) {
            ModelState state = ModelState.of(Networks.build(new NetworkSpec(Architecture.LENET, 28, 28, 1, 2, "sgd", 0.05, 1e-4, v)));
            params[v] = state.params();
            new SavedModel(SPEC, List.of("a", "b"), List.of(state), null, Provenance.unrecorded())
                    .write(new HadoopModelFolder(FILES, new Path(registry.incoming(v), ModelRegistry.MODEL)));
            FILES.writeString(new Path(registry.incoming(v), ModelRegistry.VERSION_FILE), "{\"version\": " + v + "}\n");
            registry.commit(v);
            aliases = aliases.registered(v, true);
            registry.changeAliases(aliases, Map.of("event", "registered " + v));
        }
    }

    private static float[] paramsOf(String reference) throws Exception {
        Path folder = RegistryReference.parse(reference).resolve(FILES, registryPath);
        return HadoopModelFolder.read(FILES, folder.toString()).members().get(0).params();
    }

    @Test
    void aliasesAndVersionNumbersNameTheRegisteredModelFolders() throws Exception {
        assertArrayEquals(params[2], paramsOf("registry:digits@champion"));
        assertArrayEquals(params[2], paramsOf("registry:digits@challenger"));
        assertArrayEquals(params[1], paramsOf("registry:digits@previous"));
        assertArrayEquals(params[1], paramsOf("registry:digits@1"));
        assertTrue(RegistryReference.parse("registry:digits@champion").resolve(FILES, registryPath).toString()
                .endsWith("digits/versions/0002/model"));
    }

    @Test
    void malformedOrUnknownReferencesAreRefusedNamingWhatIsAccepted() {
        for (String bad : List.of("registry:digits", "registry:@champion", "registry:digits@", "registry:digits@best")) {
            BadParameterException e = assertThrows(BadParameterException.class, () -> RegistryReference.parse(bad));
            assertTrue(e.getMessage().contains(bad) && e.getMessage().contains("registry:<name>@champion"), e.getMessage());
        }
        BadParameterException version = assertThrows(BadParameterException.class, () -> paramsOf("registry:digits@7"));
        assertTrue(version.getMessage().contains("no version 7") && version.getMessage().contains("[1, 2]"), version.getMessage());
        BadParameterException name = assertThrows(BadParameterException.class, () -> paramsOf("registry:cats@champion"));
        assertTrue(name.getMessage().contains("'cats' does not exist"), name.getMessage());
        BadParameterException noRegistry = assertThrows(BadParameterException.class,
                () -> RegistryReference.parse("registry:digits@champion").resolve(FILES, null));
        assertTrue(noRegistry.getMessage().contains("registry.path is not set"), noRegistry.getMessage());
    }

    @Test
    void anUnsetAliasIsRefused() throws Exception {
        ModelRegistry registry = ModelRegistry.open(FILES, new RegistryConfig(registryPath, "digits"));
        Aliases before = registry.aliases();
        registry.changeAliases(before.rolledBack().rolledBack(), Map.of("event", "test"));
        try {
            BadParameterException e = assertThrows(BadParameterException.class, () -> paramsOf("registry:digits@previous"));
            assertTrue(e.getMessage().contains("has no previous"), e.getMessage());
        } finally {
            registry.changeAliases(before, Map.of("event", "restore"));
        }
        assertEquals(before, registry.aliases());
    }
}
