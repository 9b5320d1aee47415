package dev.ferry.statemachines;

import java.security.CodeSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/**
 * Every workflow there is: the {@link FerryWorkflow.Provider}s listed in
 * {@code META-INF/services/dev.ferry.statemachines.FerryWorkflow$Provider} files on the classpath, found by
 * {@link ServiceLoader}. The control stack, the schedule checks and the ASL snapshot iterate over this list;
 * nothing else lists workflows.
 */
public final class FerryWorkflows {

    static final String SERVICES_FILE = "META-INF/services/" + FerryWorkflow.Provider.class.getName();

    private FerryWorkflows() {
    }

    /**
     * The workflows on the context class loader's classpath (or this class's, without one), sorted by name.
     *
     * @throws IllegalStateException if none is found, a provider cannot be loaded, or two share a name or
     *                               construct id (each message names the provider classes involved)
     */
    public static List<FerryWorkflow> all() {
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        return load(context != null ? context : FerryWorkflows.class.getClassLoader());
    }

    /** The workflow named {@code name}. @throws IllegalArgumentException naming the workflows there are */
    public static FerryWorkflow named(String name) {
        List<FerryWorkflow> all = all();
        return all.stream().filter(w -> w.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("No workflow named '" + name + "'; the workflows are "
                        + all.stream().map(FerryWorkflow::name).toList()));
    }

    /** The workflows {@code loader} finds, sorted by name; see {@link #all()}. */
    public static List<FerryWorkflow> load(ClassLoader loader) {
        Map<FerryWorkflow, String> found = new LinkedHashMap<>();
        try {
            for (ServiceLoader.Provider<FerryWorkflow.Provider> provider
                    : ServiceLoader.load(FerryWorkflow.Provider.class, loader).stream().toList()) {
                Class<? extends FerryWorkflow.Provider> type = provider.type();
                FerryWorkflow workflow;
                try {
                    workflow = provider.get().workflow();
                } catch (RuntimeException e) {
                    throw new IllegalStateException("The workflow descriptor " + type.getName() + " failed: "
                            + e.getMessage(), e);
                }
                if (workflow == null) {
                    throw new IllegalStateException("The workflow descriptor " + type.getName() + " returned no workflow");
                }
                found.put(workflow, type.getName() + origin(type));
            }
        } catch (ServiceConfigurationError e) {
            throw new IllegalStateException("Cannot load the workflow descriptors listed in " + SERVICES_FILE + ": "
                    + e.getMessage() + " (each line names a public class with a public no-argument constructor "
                    + "implementing " + FerryWorkflow.Provider.class.getName() + ")", e);
        }
        if (found.isEmpty()) {
            throw new IllegalStateException("No workflow descriptors on the classpath: no " + SERVICES_FILE
                    + " lists a " + FerryWorkflow.Provider.class.getName() + " (ferry-statemachines ships them)");
        }
        return checked(found);
    }

    /** {@code found} (workflow -> which provider gave it) sorted by name, after checking names are unique. */
    static List<FerryWorkflow> checked(Map<FerryWorkflow, String> found) {
        List<String> problems = new ArrayList<>();
        Map<String, FerryWorkflow> byName = new LinkedHashMap<>();
        Map<String, FerryWorkflow> byConstructId = new LinkedHashMap<>();
        for (Map.Entry<FerryWorkflow, String> entry : found.entrySet()) {
            FerryWorkflow workflow = entry.getKey();
            FerryWorkflow sameName = byName.putIfAbsent(workflow.name(), workflow);
            if (sameName != null) {
                problems.add("two workflow descriptors are named '" + workflow.name() + "': " + found.get(sameName)
                        + " and " + entry.getValue() + "; rename one or drop one from " + SERVICES_FILE);
                continue;
            }
            FerryWorkflow sameId = byConstructId.putIfAbsent(workflow.constructId().toLowerCase(Locale.ROOT), workflow);
            if (sameId != null) {
                problems.add("workflows '" + sameId.name() + "' (" + found.get(sameId) + ") and '" + workflow.name()
                        + "' (" + entry.getValue() + ") have the same constructId, ignoring case ("
                        + workflow.constructId() + "), so their functions and stack outputs would collide; rename one");
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException("Invalid workflow descriptors:\n  - " + String.join("\n  - ", problems));
        }
        List<FerryWorkflow> sorted = new ArrayList<>(found.keySet());
        sorted.sort(Comparator.comparing(FerryWorkflow::name));
        return List.copyOf(sorted);
    }

    private static String origin(Class<?> type) {
        CodeSource source = type.getProtectionDomain().getCodeSource();
        return source == null || source.getLocation() == null ? "" : " (from " + source.getLocation() + ")";
    }
}
