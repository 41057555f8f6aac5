package dev.myelin.authservice;

/** A start-up configuration error; its message is what lk-jwt-service prints before exiting with status 1. */
public final class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        super(message);
    }
}
