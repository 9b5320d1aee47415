package dev.ferry.local.cli;

import java.net.URL;

/**
 * Sends the logs of everything running in the CLI (handlers, AWS SDK) to stderr at WARN, because
 * stdout carries only the execution output. Must run before the first logger is created.
 */
final class CliLogging {
    static final String CONFIGURATION = "ferry-cli-log4j2.xml";
    private static final String PROPERTY = "log4j2.configurationFile";

    private CliLogging() {
    }

    /** Points Log4j 2 at the CLI's configuration, unless the user chose another with -Dlog4j2.configurationFile. */
    static void configure() {
        URL configuration = CliLogging.class.getClassLoader().getResource(CONFIGURATION);
        if (System.getProperty(PROPERTY) == null && configuration != null) {
            System.setProperty(PROPERTY, configuration.toString());
        }
    }
}
