package io.parley.edge.engineio;

/** Thrown by the codecs for input that is not a valid Engine.IO packet or payload. */
public class EngineIoProtocolException extends RuntimeException {
    public EngineIoProtocolException(String message) {
        super(message, null, false, false);
    }
}
