package dev.switchboard.sdk;

/** The SDK's name and version as sent to the services. */
final class SdkVersion {
  static final String NAME = "switchboard-java";
  static final String VERSION = "0.1.0";

  private SdkVersion() {}
}
