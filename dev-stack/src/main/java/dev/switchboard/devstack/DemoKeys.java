package dev.switchboard.devstack;

/**
 * The demo environment's SDK keys, as the dev-stack banner prints them.
 *
 * @param serverKey for server SDKs (the config, the stream, the bucketing API, events)
 * @param clientKey for client apps (the client API)
 */
public record DemoKeys(String serverKey, String clientKey) {}
