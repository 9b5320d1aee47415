package dev.ferry.local.bench;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * Adds a fixed delay to every call a client sends, standing for the network round trip between a client and
 * DynamoDB (DynamoDB Local on the same host answers in well under a millisecond; DynamoDB itself in single-digit
 * milliseconds). The benchmark applies it to both approaches alike. The delay is a simulated network, not a wait
 * for a condition, hence the plain park.
 */
public final class SimulatedLatency implements ExecutionInterceptor {
    private final long nanos;

    public SimulatedLatency(double millis) {
        this.nanos = (long) (millis * 1_000_000);
    }

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        long until = System.nanoTime() + nanos;
        for (long left = nanos; left > 0; left = until - System.nanoTime()) {
            LockSupport.parkNanos(left);
        }
    }

    /** Whether it adds anything. */
    public boolean isOn() {
        return nanos > 0;
    }

    @Override
    public String toString() {
        return TimeUnit.NANOSECONDS.toMicros(nanos) / 1000.0 + " ms";
    }
}
