package dev.ferry.engine;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The error payload Lambda's Java runtime reports for an exception a handler throws:
 * {@code {"errorMessage", "errorType", "stackTrace", "cause"}}, with the stack trace cut where the
 * handler was called, as Lambda hides its own runtime's frames.
 */
final class LambdaErrors {
    private static final int MAX_CAUSES = 10;

    private LambdaErrors() {
    }

    /** The Cause Step Functions reports: the error payload as a JSON string. */
    static String cause(Throwable error) {
        return Json.write(payload(error, MAX_CAUSES));
    }

    private static ObjectNode payload(Throwable error, int depth) {
        ObjectNode out = Json.object();
        if (error.getMessage() != null) {
            out.put("errorMessage", error.getMessage());
        }
        out.put("errorType", error.getClass().getName());
        ArrayNode trace = out.putArray("stackTrace");
        for (StackTraceElement frame : error.getStackTrace()) {
            if (isRuntimeFrame(frame)) {
                break;
            }
            trace.add(frame.toString());
        }
        if (error.getCause() != null && error.getCause() != error && depth > 0) {
            out.set("cause", payload(error.getCause(), depth - 1));
        }
        return out;
    }

    /** The first frame that belongs to the local Lambda runtime (a class of this package itself, or reflection). */
    private static boolean isRuntimeFrame(StackTraceElement frame) {
        String cls = frame.getClassName();
        int dot = cls.lastIndexOf('.');
        return (dot > 0 && cls.substring(0, dot).equals(LambdaErrors.class.getPackageName()))
                || cls.startsWith("jdk.internal.reflect.") || cls.startsWith("java.lang.reflect.");
    }
}
