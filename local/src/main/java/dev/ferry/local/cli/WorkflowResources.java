package dev.ferry.local.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.engine.FunctionsMap;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * The workflows shipped on the classpath (the ferry-statemachines jar): {@code ferry/asl/<workflow>.asl.json}
 * and, beside it, {@code <workflow>.functions.json}.
 */
final class WorkflowResources {
    static final String DIRECTORY = "ferry/asl";
    private static final String SUFFIX = ".asl.json";

    /** A workflow's definition and the functions it names. */
    record Workflow(String name, JsonNode definition, FunctionsMap functions) {
    }

    private WorkflowResources() {
    }

    static Workflow load(String name) {
        String definition = read(DIRECTORY + "/" + name + SUFFIX);
        if (definition == null) {
            throw new CliException("there is no workflow named '" + name + "' (no " + DIRECTORY + "/" + name + SUFFIX
                    + " on the classpath); workflows: " + available());
        }
        String functions = read(DIRECTORY + "/" + name + ".functions.json");
        return new Workflow(name, JsonFiles.parse(definition, "the definition of workflow '" + name + "'"),
                functions == null ? FunctionsMap.empty() : functionsMap(JsonFiles.parse(functions, "the functions map of workflow '" + name + "'")));
    }

    static FunctionsMap functionsMap(JsonNode json) {
        try {
            return FunctionsMap.parse(json);
        } catch (IllegalArgumentException e) {
            throw new CliException("the functions map is not usable: " + e.getMessage());
        }
    }

    private static String read(String resource) {
        try (InputStream in = loader().getResourceAsStream(resource)) {
            return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The names of the workflows on the classpath, from directories and jars alike. */
    static TreeSet<String> available() {
        TreeSet<String> names = new TreeSet<>();
        try {
            Enumeration<URL> roots = loader().getResources(DIRECTORY);
            while (roots.hasMoreElements()) {
                URL root = roots.nextElement();
                if (root.getProtocol().equals("jar")) {
                    JarFile jar = ((JarURLConnection) root.openConnection()).getJarFile();
                    for (Enumeration<JarEntry> entries = jar.entries(); entries.hasMoreElements(); ) {
                        add(names, entries.nextElement().getName().replace(DIRECTORY + "/", ""));
                    }
                } else if (root.getProtocol().equals("file")) {
                    try (Stream<Path> files = Files.list(Path.of(root.toURI()))) {
                        files.forEach(file -> add(names, file.getFileName().toString()));
                    }
                }
            }
        } catch (IOException | URISyntaxException e) {
            names.add("(could not list " + DIRECTORY + ": " + e.getMessage() + ")");
        }
        return names;
    }

    private static void add(TreeSet<String> names, String file) {
        if (file.endsWith(SUFFIX) && !file.contains("/")) {
            names.add(file.substring(0, file.length() - SUFFIX.length()));
        }
    }

    private static ClassLoader loader() {
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        return context != null ? context : WorkflowResources.class.getClassLoader();
    }
}
