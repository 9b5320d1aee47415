package dev.ferry.engine.testhandlers;

import com.amazonaws.services.lambda.runtime.Context;
import java.util.List;

/** A handler that implements no interface: Lambda calls the method named in the handler string. */
public class NamedMethodHandler {
    public int sum(List<Integer> numbers, Context context) {
        return numbers.stream().mapToInt(Integer::intValue).sum();
    }
}
