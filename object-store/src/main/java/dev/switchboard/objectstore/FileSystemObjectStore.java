package dev.switchboard.objectstore;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An object store in a local directory, for dev-stack and tests. Each object is one file at its key
 * (so a static file server can act as the CDN); the metadata sits beside it in {@code <file>.meta}
 * ({@code contentType} on the first line, {@code contentEncoding} or nothing on the second). Writes
 * go to a temporary file first and are moved into place atomically, metadata before body, so a
 * reader never sees a half-written object.
 */
public final class FileSystemObjectStore implements ObjectStore {
  private static final Pattern SAFE_KEY = Pattern.compile("[A-Za-z0-9._-]+(/[A-Za-z0-9._-]+)*");
  private static final String META_SUFFIX = ".meta";

  private final Path root;

  public FileSystemObjectStore(Path root) {
    this.root = root.toAbsolutePath().normalize();
  }

  @Override
  public void put(String key, StoredObject object) {
    Path file = fileOf(key);
    try {
      Files.createDirectories(file.getParent());
      String encoding = object.contentEncoding() == null ? "" : object.contentEncoding();
      writeAtomically(
          sibling(file, META_SUFFIX),
          (object.contentType() + "\n" + encoding + "\n")
              .getBytes(java.nio.charset.StandardCharsets.UTF_8));
      writeAtomically(file, object.body());
    } catch (IOException e) {
      throw new ObjectStoreException("cannot write " + key + " under " + root, e);
    }
  }

  @Override
  public Optional<StoredObject> get(String key) {
    Path file = fileOf(key);
    try {
      byte[] body = Files.readAllBytes(file);
      String[] meta = Files.readString(sibling(file, META_SUFFIX)).split("\n", -1);
      String encoding = meta.length > 1 && !meta[1].isEmpty() ? meta[1] : null;
      return Optional.of(new StoredObject(body, meta[0], encoding));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new ObjectStoreException("cannot read " + key + " under " + root, e);
    }
  }

  @Override
  public void delete(String key) {
    Path file = fileOf(key);
    try {
      Files.deleteIfExists(file);
      Files.deleteIfExists(sibling(file, META_SUFFIX));
    } catch (IOException e) {
      throw new ObjectStoreException("cannot delete " + key + " under " + root, e);
    }
  }

  private Path fileOf(String key) {
    if (!SAFE_KEY.matcher(key).matches() || key.contains("..") || key.endsWith(META_SUFFIX)) {
      throw new IllegalArgumentException("not a valid object key: " + key);
    }
    return root.resolve(key);
  }

  private static Path sibling(Path file, String suffix) {
    return file.resolveSibling(file.getFileName() + suffix);
  }

  private static void writeAtomically(Path target, byte[] bytes) throws IOException {
    Path temp = Files.createTempFile(target.getParent(), ".tmp-", ".part");
    try {
      Files.write(temp, bytes);
      try {
        Files.move(
            temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(temp);
    }
  }
}
