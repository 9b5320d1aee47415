package dev.ferry.engine;

import com.fasterxml.jackson.databind.JsonNode;

/** An argument of an intrinsic function: a literal, a path or a nested call. */
sealed interface IntrinsicArgument permits IntrinsicArgument.Literal, IntrinsicArgument.PathArgument, IntrinsicCall {
    JsonNode evaluate(PathScope scope);

    /** A literal; {@code raw} keeps a string's \{ \} \\ escapes for States.Format. */
    record Literal(JsonNode value, String raw) implements IntrinsicArgument {
        @Override
        public JsonNode evaluate(PathScope scope) {
            return value;
        }
    }

    record PathArgument(Path path) implements IntrinsicArgument {
        @Override
        public JsonNode evaluate(PathScope scope) {
            return path.read(scope);
        }
    }
}
