package dev.switchboard.devstack;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One dev-stack's exclusive claim on its data directory, held from before {@code --reset} until
 * everything has stopped. Without it a second dev-stack on the same directory would start a second
 * PostgreSQL on the same data files, or with {@code --reset} delete them under the running one.
 *
 * <p>The lock is an operating-system file lock on {@value #FILE_NAME} in the data directory, so it
 * is released however the holder ends, even by {@code kill -9}; the file itself stays (deleting a
 * lock file races with the next one to open it) and names the holder's process id.
 */
final class DataDirectoryLock implements AutoCloseable {
  static final String FILE_NAME = "dev-stack.lock";

  private final FileChannel channel;
  private final FileLock lock;

  private DataDirectoryLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  /**
   * Takes the lock on {@code dataDirectory}, creating the directory if needed.
   *
   * @throws DataDirectoryInUseException if another dev-stack, in this JVM or another process, holds
   *     it
   */
  static DataDirectoryLock acquire(Path dataDirectory) throws IOException {
    Files.createDirectories(dataDirectory);
    Path file = dataDirectory.resolve(FILE_NAME);
    FileChannel channel =
        FileChannel.open(
            file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
    FileLock lock;
    try {
      lock = channel.tryLock();
    } catch (OverlappingFileLockException heldInThisJvm) {
      lock = null;
    } catch (IOException e) {
      channel.close();
      throw e;
    }
    if (lock == null) {
      String holder = Files.readString(file, StandardCharsets.ISO_8859_1).strip();
      channel.close();
      throw new DataDirectoryInUseException(
          "another dev-stack"
              + (holder.isEmpty() ? "" : " (process " + holder + ")")
              + " is using "
              + dataDirectory.toAbsolutePath()
              + ": it holds the lock on "
              + file.toAbsolutePath()
              + ". Stop it first (Ctrl-C), or give this one another --data-dir.");
    }
    channel.truncate(0);
    channel.write(
        ByteBuffer.wrap(
            (ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)));
    return new DataDirectoryLock(channel, lock);
  }

  @Override
  public void close() throws IOException {
    try {
      lock.release();
    } finally {
      channel.close();
    }
  }

  /** Another dev-stack holds the data directory; the message says which lock file. */
  static final class DataDirectoryInUseException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    DataDirectoryInUseException(String message) {
      super(message);
    }
  }
}
