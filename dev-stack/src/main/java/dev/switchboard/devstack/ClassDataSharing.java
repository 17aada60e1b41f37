package dev.switchboard.devstack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Enumeration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.jspecify.annotations.Nullable;

/**
 * Class-data sharing for the service JVMs, as Spring Boot recommends it ("Efficient deployments"):
 * each runnable jar is extracted once ({@code java -Djarmode=tools -jar x.jar extract}), the first
 * run of the extracted jar writes a dynamic AppCDS archive of every class it loaded when it stops
 * ({@code -XX:ArchiveClassesAtExit}), and later runs map that archive ({@code
 * -XX:SharedArchiveFile}) instead of reading, parsing and verifying those classes again.
 *
 * <p>The archive is trained by a real run rather than at build time: management-api and events-api
 * cannot refresh their context without PostgreSQL (Flyway, Hibernate's validation), and a separate
 * training run ({@code -Dspring.context.exit=onRefresh}) on the first start would make that start
 * slower by a whole set of service start-ups, after every rebuild of a service.
 *
 * <p>Extraction and archive live in {@code <cache>/<service>-<key>/}, where the key hashes the
 * jar's content (every entry's name, CRC and size, read from the zip's central directory), the JDK
 * and the cache's absolute path. A rebuilt jar with other content, another JDK or a moved checkout
 * gets a new directory and never uses a stale archive (the JVM would refuse it, and silently run
 * without); an unchanged rebuild keeps the archive. The extracted files are never touched after
 * extraction, because the archive records their size and modification time.
 */
final class ClassDataSharing {
  static final String ARCHIVE_SUFFIX = ".jsa";

  /** Exit statuses of a JVM that stopped normally: exit(0), SIGINT (Ctrl-C), SIGTERM. */
  private static final List<Integer> CLEAN_EXITS = List.of(0, 128 + 2, 128 + 15);

  private static final long EXTRACT_TIMEOUT_SECONDS = 120;

  private final Path cacheDirectory;

  ClassDataSharing(Path cacheDirectory) {
    this.cacheDirectory = cacheDirectory.toAbsolutePath().normalize();
  }

  /**
   * How to run {@code jar}: its extracted copy with the archive if one has been trained, or with
   * the options to train it. Extracts the jar the first time it is seen.
   */
  Launch prepare(String service, Path jar) throws IOException, InterruptedException {
    Path directory = cacheDirectory.resolve(service + "-" + key(jar));
    if (!Files.isDirectory(directory)) {
      extract(jar, directory);
      removeOtherVersions(service, directory);
    }
    Path extractedJar = directory.resolve(jar.getFileName());
    Path archive = directory.resolve(service + ARCHIVE_SUFFIX);
    if (Files.isRegularFile(archive)) {
      return new Launch(extractedJar, List.of("-XX:SharedArchiveFile=" + archive), null, archive);
    }
    // Unique per run: two stacks (tests) may train the same jar at once; the last one to stop wins.
    Path training = directory.resolve(service + "-" + System.nanoTime() + ARCHIVE_SUFFIX + ".tmp");
    return new Launch(
        extractedJar,
        // cds=error: the dump lists every class it skips (generated, or failing verification
        // because an optional dependency is absent): hundreds of warnings nobody needs to read.
        List.of("-XX:ArchiveClassesAtExit=" + training, "-Xlog:cds=error"),
        training,
        archive);
  }

  /** The jar to run and the JVM options that go with it. */
  record Launch(Path jar, List<String> jvmOptions, @Nullable Path training, Path archive) {
    /** Without class-data sharing: the runnable jar as built. */
    static Launch plain(Path jar) {
      return new Launch(jar, List.of(), null, jar);
    }

    boolean trains() {
      return training != null;
    }

    /**
     * Called once the JVM has exited: keeps the archive a training run wrote if it stopped normally
     * (a killed JVM may have left half a file), and discards it otherwise.
     */
    void exited(int status) {
      if (training == null || !Files.exists(training)) {
        return;
      }
      try {
        if (CLEAN_EXITS.contains(status) && Files.size(training) > 0) {
          Files.move(
              training,
              archive,
              StandardCopyOption.ATOMIC_MOVE,
              StandardCopyOption.REPLACE_EXISTING);
        } else {
          Files.delete(training);
        }
      } catch (IOException e) {
        // Without an archive the next start is only slower, and trains again.
        System.err.println(
            "dev-stack: could not keep the class-data archive " + archive + ": " + e);
      }
    }
  }

  String key(Path jar) throws IOException {
    MessageDigest sha;
    try {
      sha = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
    update(sha, System.getProperty("java.home"));
    update(sha, System.getProperty("java.vm.version"));
    update(sha, cacheDirectory.toString());
    // The central directory only: a few milliseconds, where hashing ~80 MB of jar would take ~1 s.
    // Entry timestamps are left out, so rebuilding unchanged sources keeps the archive.
    try (ZipFile zip = new ZipFile(jar.toFile())) {
      Enumeration<? extends ZipEntry> entries = zip.entries();
      while (entries.hasMoreElements()) {
        ZipEntry entry = entries.nextElement();
        update(sha, entry.getName());
        update(sha, entry.getCrc() + ":" + entry.getSize());
      }
    }
    return HexFormat.of().formatHex(sha.digest(), 0, 8);
  }

  private static void update(MessageDigest sha, String value) {
    sha.update(value.getBytes(StandardCharsets.UTF_8));
    sha.update((byte) 0);
  }

  /** Extracts into a scratch directory first, so that a directory that exists is complete. */
  private static void extract(Path jar, Path directory) throws IOException, InterruptedException {
    Files.createDirectories(directory.getParent());
    Path scratch = Files.createTempDirectory(directory.getParent(), directory.getFileName() + "-");
    Path log = scratch.resolveSibling(scratch.getFileName() + ".log");
    try {
      Process process =
          new ProcessBuilder(
                  ServiceProcess.javaExecutable(),
                  "-XX:TieredStopAtLevel=1",
                  "-Djarmode=tools",
                  "-jar",
                  jar.toAbsolutePath().toString(),
                  "extract",
                  "--force",
                  "--destination",
                  scratch.toString())
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      if (!process.waitFor(EXTRACT_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
        throw new IllegalStateException("extracting " + jar + " took too long; see " + log);
      }
      if (process.exitValue() != 0) {
        throw new IllegalStateException(
            "could not extract " + jar + ": " + Files.readString(log).strip());
      }
      try {
        Files.move(scratch, directory, StandardCopyOption.ATOMIC_MOVE);
      } catch (FileAlreadyExistsException | DirectoryNotEmptyException extractedMeanwhile) {
        // another dev-stack extracted the same jar at the same time: use theirs
      } catch (AtomicMoveNotSupportedException e) {
        throw new IOException("cannot rename within " + directory.getParent(), e);
      }
    } finally {
      DevStack.deleteRecursively(scratch);
      Files.deleteIfExists(log);
    }
  }

  /** Earlier builds of the same service: ~60-90 MB each, never used again. */
  private void removeOtherVersions(String service, Path current) throws IOException {
    try (Stream<Path> entries = Files.list(cacheDirectory)) {
      for (Path other : entries.toList()) {
        String name = other.getFileName().toString();
        if (!other.equals(current) && name.matches(service + "-[0-9a-f]{16}")) {
          DevStack.deleteRecursively(other);
        }
      }
    }
  }
}
