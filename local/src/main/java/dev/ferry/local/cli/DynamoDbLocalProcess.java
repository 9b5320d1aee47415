package dev.ferry.local.cli;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * DynamoDB Local in a JVM of its own (the classes ship in ferry.jar), for a benchmark whose heap must be its own:
 * an in-process server keeps its tables in the same heap and competes for the same collector. Stopped by its own
 * process handle.
 */
final class DynamoDbLocalProcess implements AutoCloseable {
    private final Process process;
    private final String endpoint;

    private DynamoDbLocalProcess(Process process, String endpoint) {
        this.process = process;
        this.endpoint = endpoint;
    }

    /** Starts the server with {@code -Xmx<heap>} (null: the JVM's default heap) and waits until it answers. */
    static DynamoDbLocalProcess start(String heap) {
        try {
            int port;
            try (ServerSocket s = new ServerSocket(0)) {
                port = s.getLocalPort();
            }
            String java = ProcessHandle.current().info().command().orElse("java");
            // this JVM's class path: ferry.jar when run by the launcher, the module's classes and jars in tests
            String classpath = System.getProperty("java.class.path");
            List<String> command = new ArrayList<>(List.of(java));
            if (heap != null) {
                command.add("-Xmx" + heap);
            }
            command.addAll(List.of("-cp", classpath, "software.amazon.dynamodb.services.local.main.ServerRunner",
                    "-inMemory", "-disableTelemetry", "-port", Integer.toString(port)));
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            DynamoDbLocalProcess server = new DynamoDbLocalProcess(process, "http://localhost:" + port);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (!answers(port)) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    server.close();
                    throw new CliException("DynamoDB Local did not start in its own JVM; run with --in-process-dynamodb instead");
                }
                Thread.sleep(100);
            }
            return server;
        } catch (IOException e) {
            throw new CliException("DynamoDB Local could not be started in its own JVM: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException("interrupted while starting DynamoDB Local");
        }
    }

    String endpoint() {
        return endpoint;
    }

    /** The server's process id, to read its CPU time from /proc. */
    long pid() {
        return process.pid();
    }

    private static boolean answers(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("localhost", port), 200);
            return true;
        } catch (IOException notYet) {
            return false;
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
