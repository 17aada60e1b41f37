package dev.switchboard.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.devstack.DataDirectoryLock.DataDirectoryInUseException;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataDirectoryLockTest {
  @TempDir Path data;

  @Test
  void aSecondLockInTheSameJvmIsRefusedAndNamesTheLockFile() throws Exception {
    try (DataDirectoryLock first = DataDirectoryLock.acquire(data)) {
      assertThatThrownBy(() -> DataDirectoryLock.acquire(data))
          .isInstanceOf(DataDirectoryInUseException.class)
          .hasMessageContaining(
              data.resolve(DataDirectoryLock.FILE_NAME).toAbsolutePath().toString())
          .hasMessageContaining("process " + ProcessHandle.current().pid());
    }
  }

  @Test
  void theDirectoryIsFreeAgainOnceTheHolderCloses() throws Exception {
    DataDirectoryLock.acquire(data).close();
    try (DataDirectoryLock again = DataDirectoryLock.acquire(data)) {
      assertThat(data.resolve(DataDirectoryLock.FILE_NAME)).exists();
    }
  }

  @Test
  void createsTheDataDirectory() throws Exception {
    Path fresh = data.resolve("not-there-yet");
    try (DataDirectoryLock lock = DataDirectoryLock.acquire(fresh)) {
      assertThat(fresh).isDirectory();
    }
  }

  /** The case that matters: the other dev-stack is another process (another terminal). */
  @Test
  void aLockHeldByAnotherProcessIsRefusedUntilThatProcessEnds() throws Exception {
    Path holderSource = data.resolve("LockHolder.java");
    Files.writeString(
        holderSource,
        """
        import java.nio.channels.FileChannel;
        import java.nio.file.Path;
        import java.nio.file.StandardOpenOption;

        public class LockHolder {
          public static void main(String[] args) throws Exception {
            try (FileChannel channel = FileChannel.open(Path.of(args[0]),
                    StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                var lock = channel.lock()) {
              System.out.println("locked");
              System.in.read(); // holds the lock until the test closes our stdin
            }
          }
        }
        """);
    Path lockFile = data.resolve(DataDirectoryLock.FILE_NAME);
    Process holder =
        new ProcessBuilder(
                ServiceProcess.javaExecutable(), holderSource.toString(), lockFile.toString())
            .redirectErrorStream(true)
            .start();
    try {
      BufferedReader output =
          new BufferedReader(
              new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
      assertThat(output.readLine()).isEqualTo("locked");

      assertThatThrownBy(() -> DataDirectoryLock.acquire(data))
          .isInstanceOf(DataDirectoryInUseException.class)
          .hasMessageContaining(lockFile.toAbsolutePath().toString());
    } finally {
      holder.getOutputStream().close();
      assertThat(holder.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }
    DataDirectoryLock.acquire(data).close();
  }
}
