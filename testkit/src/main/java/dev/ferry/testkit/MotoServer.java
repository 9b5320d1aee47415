package dev.ferry.testkit;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * moto's server ({@code moto_server}, from {@code pip install 'moto[server]'}), started on a free loopback port
 * for the contract tests that hold the in-process fakes honest. One per JVM, started on first use, stopped (by its
 * own process handle) when the JVM exits. Where {@code moto_server} is not on the PATH, {@link #find()} is empty
 * and a test skips with {@link #ABSENT}.
 */
public final class MotoServer {
    /** Why a contract test is skipped where moto's server is absent. */
    public static final String ABSENT = "moto_server is not on the PATH: this contract test runs the fake's assertions "
            + "against moto's server only where it is installed (pip install 'moto[server]'); the fake's own tests still ran";
    private static MotoServer instance;
    private static boolean looked;

    private final Process process;
    private final URI endpoint;

    private MotoServer(Process process, URI endpoint) {
        this.process = process;
        this.endpoint = endpoint;
    }

    /** The shared server, started on first call; empty when {@code moto_server} is not installed. */
    public static synchronized Optional<MotoServer> find() {
        if (!looked) {
            looked = true;
            Optional<Path> executable = executable();
            if (executable.isPresent()) {
                instance = start(executable.get());
            }
        }
        return Optional.ofNullable(instance);
    }

    public URI endpoint() {
        return endpoint;
    }

    private static Optional<Path> executable() {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir, "moto_server");
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    private static MotoServer start(Path executable) {
        try {
            int port;
            try (ServerSocket s = new ServerSocket(0)) {
                port = s.getLocalPort();
            }
            Path log = Path.of(System.getProperty("java.io.tmpdir"), "moto-server-" + port + ".log");
            Process process = new ProcessBuilder(executable.toString(), "-H", "127.0.0.1", "-p", Integer.toString(port))
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            MotoServer server = new MotoServer(process, URI.create("http://127.0.0.1:" + port));
            Runtime.getRuntime().addShutdownHook(new Thread(server::stop));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (!answers(port)) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("moto_server exited at start (exit code " + process.exitValue() + "); see " + log);
                }
                if (System.nanoTime() > deadline) {
                    server.stop();
                    throw new IllegalStateException("moto_server did not answer on port " + port + " within 60 s; see " + log);
                }
                process.waitFor(100, java.util.concurrent.TimeUnit.MILLISECONDS);
            }
            return server;
        } catch (IOException e) {
            throw new IllegalStateException("could not start moto_server: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting moto_server", e);
        }
    }

    private static boolean answers(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException notYet) {
            return false;
        }
    }

    private void stop() {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
    }
}
