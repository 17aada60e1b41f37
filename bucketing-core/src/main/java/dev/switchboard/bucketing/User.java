package dev.switchboard.bucketing;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The user a flag is evaluated for: an id, optional built-in attributes and custom data.
 *
 * <p>Users are immutable and cheap to evaluate repeatedly; build one per request and reuse it for
 * every flag.
 */
public final class User {
  private final String id;
  private final @Nullable String email;
  private final @Nullable String name;
  private final @Nullable String country;
  private final @Nullable String platform;
  private final @Nullable String platformVersion;
  private final @Nullable String appVersion;
  private final Map<String, Object> custom;

  private User(Builder builder) {
    this.id = builder.id;
    this.email = builder.email;
    this.name = builder.name;
    this.country = builder.country;
    this.platform = builder.platform;
    this.platformVersion = builder.platformVersion;
    this.appVersion = builder.appVersion;
    this.custom =
        builder.custom.isEmpty()
            ? Map.of()
            : Collections.unmodifiableMap(new HashMap<>(builder.custom));
  }

  /** Starts a user with the given id, which is also the default bucketing value. */
  public static Builder builder(String id) {
    return new Builder(id);
  }

  /** The user's id. */
  public String id() {
    return id;
  }

  /** The user's email address, if known. */
  public @Nullable String email() {
    return email;
  }

  /** The user's name, if known. */
  public @Nullable String name() {
    return name;
  }

  /** The user's country, if known (ISO 3166 code by convention). */
  public @Nullable String country() {
    return country;
  }

  /** The user's platform (for example {@code ios}, {@code web}), if known. */
  public @Nullable String platform() {
    return platform;
  }

  /** The version of the user's platform, if known. */
  public @Nullable String platformVersion() {
    return platformVersion;
  }

  /** The version of the user's app, if known. */
  public @Nullable String appVersion() {
    return appVersion;
  }

  /** Custom attributes: values are {@link String}, {@link Double} or {@link Boolean}. */
  public Map<String, Object> custom() {
    return custom;
  }

  /** The value of a built-in attribute, by its {@link Attribute} index. */
  @Nullable String builtIn(int index) {
    switch (index) {
      case Attribute.ID:
        return id;
      case Attribute.EMAIL:
        return email;
      case Attribute.NAME:
        return name;
      case Attribute.COUNTRY:
        return country;
      case Attribute.PLATFORM:
        return platform;
      case Attribute.PLATFORM_VERSION:
        return platformVersion;
      case Attribute.APP_VERSION:
        return appVersion;
      default:
        return null;
    }
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof User that
        && id.equals(that.id)
        && Objects.equals(email, that.email)
        && Objects.equals(name, that.name)
        && Objects.equals(country, that.country)
        && Objects.equals(platform, that.platform)
        && Objects.equals(platformVersion, that.platformVersion)
        && Objects.equals(appVersion, that.appVersion)
        && custom.equals(that.custom);
  }

  @Override
  public int hashCode() {
    return Objects.hash(id, email, name, country, platform, platformVersion, appVersion, custom);
  }

  @Override
  public String toString() {
    return "User{id=" + id + "}";
  }

  /** Builds a {@link User}; setting an attribute to {@code null} removes it. */
  public static final class Builder {
    private final String id;
    private @Nullable String email;
    private @Nullable String name;
    private @Nullable String country;
    private @Nullable String platform;
    private @Nullable String platformVersion;
    private @Nullable String appVersion;
    private final Map<String, Object> custom = new HashMap<>();

    private Builder(String id) {
      this.id = Objects.requireNonNull(id, "id");
    }

    /** Sets the email address. */
    public Builder email(@Nullable String email) {
      this.email = email;
      return this;
    }

    /** Sets the name. */
    public Builder name(@Nullable String name) {
      this.name = name;
      return this;
    }

    /** Sets the country. */
    public Builder country(@Nullable String country) {
      this.country = country;
      return this;
    }

    /** Sets the platform. */
    public Builder platform(@Nullable String platform) {
      this.platform = platform;
      return this;
    }

    /** Sets the platform version. */
    public Builder platformVersion(@Nullable String platformVersion) {
      this.platformVersion = platformVersion;
      return this;
    }

    /** Sets the app version (compared as a semantic version by the {@code semver*} operators). */
    public Builder appVersion(@Nullable String appVersion) {
      this.appVersion = appVersion;
      return this;
    }

    /** Sets a custom string attribute. */
    public Builder attribute(String key, @Nullable String value) {
      return put(key, value);
    }

    /** Sets a custom number attribute. */
    public Builder attribute(String key, double value) {
      return put(key, value);
    }

    /** Sets a custom boolean attribute. */
    public Builder attribute(String key, boolean value) {
      return put(key, value);
    }

    private Builder put(String key, @Nullable Object value) {
      Objects.requireNonNull(key, "key");
      if (value == null) {
        custom.remove(key);
      } else {
        custom.put(key, value);
      }
      return this;
    }

    /** Builds the immutable user. */
    public User build() {
      return new User(this);
    }
  }
}
