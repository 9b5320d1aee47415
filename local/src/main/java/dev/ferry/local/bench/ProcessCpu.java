package dev.ferry.local.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time of processes from Linux's {@code /proc/<pid>/stat} (user + system, in seconds), for the benchmark.
 * Where /proc is not there, the figures are -1 ("n/a").
 */
public final class ProcessCpu {
    /** Clock ticks a second of /proc's times (USER_HZ, 100 on Linux). */
    private static final double TICKS = 100.0;

    private ProcessCpu() {
    }

    /** CPU seconds the process has used so far, or -1. */
    public static double ofPid(long pid) {
        long[] f = fields(Path.of("/proc/" + pid + "/stat"));
        return f == null ? -1 : (f[0] + f[1]) / TICKS;
    }

    /**
     * CPU seconds of this process's children that have ended and been waited for (cutime + cstime): read
     * before and after a child runs, the difference is that child's whole CPU time.
     */
    public static double reapedChildren() {
        long[] f = fields(Path.of("/proc/self/stat"));
        return f == null ? -1 : (f[2] + f[3]) / TICKS;
    }

    /** utime, stime, cutime, cstime (fields 14-17 of stat(5)). */
    private static long[] fields(Path stat) {
        try {
            String text = Files.readString(stat);
            String[] after = text.substring(text.lastIndexOf(')') + 2).split(" ");
            // after[0] is field 3 (state): field n is after[n - 3]
            return new long[] {Long.parseLong(after[11]), Long.parseLong(after[12]), Long.parseLong(after[13]), Long.parseLong(after[14])};
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
