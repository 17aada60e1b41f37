package dev.switchboard.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClassDataSharingTest {
  @TempDir Path directory;

  @Test
  void rebuildingTheSameContentKeepsTheKeyAndSoTheArchive() throws IOException {
    ClassDataSharing cds = new ClassDataSharing(directory.resolve("cds"));
    Path built = jar("first.jar", Instant.parse("2026-01-01T00:00:00Z"), "class A");
    Path rebuilt = jar("second.jar", Instant.parse("2026-06-01T12:00:00Z"), "class A");

    assertThat(cds.key(rebuilt)).isEqualTo(cds.key(built));
  }

  @Test
  void otherContentGetsAnotherKey() throws IOException {
    ClassDataSharing cds = new ClassDataSharing(directory.resolve("cds"));
    Instant time = Instant.parse("2026-01-01T00:00:00Z");

    assertThat(cds.key(jar("a.jar", time, "class A")))
        .isNotEqualTo(cds.key(jar("b.jar", time, "class B")));
  }

  @Test
  void anotherCacheDirectoryGetsAnotherKey() throws IOException {
    Path jar = jar("a.jar", Instant.parse("2026-01-01T00:00:00Z"), "class A");

    assertThat(new ClassDataSharing(directory.resolve("moved")).key(jar))
        .isNotEqualTo(new ClassDataSharing(directory.resolve("cds")).key(jar));
  }

  @Test
  void aTrainingRunsArchiveIsKeptAfterSigterm() throws IOException {
    ClassDataSharing.Launch launch = training();
    Files.writeString(launch.training(), "archive");

    launch.exited(128 + 15);

    assertThat(launch.archive()).hasContent("archive");
    assertThat(launch.training()).doesNotExist();
  }

  @Test
  void aKilledTrainingRunLeavesNoArchive() throws IOException {
    ClassDataSharing.Launch launch = training();
    Files.writeString(launch.training(), "half an archive");

    launch.exited(128 + 9);

    assertThat(launch.archive()).doesNotExist();
    assertThat(launch.training()).doesNotExist();
  }

  private ClassDataSharing.Launch training() {
    return new ClassDataSharing.Launch(
        directory.resolve("service.jar"),
        List.of(),
        directory.resolve("service-1.jsa.tmp"),
        directory.resolve("service.jsa"));
  }

  private Path jar(String name, Instant time, String content) throws IOException {
    Path jar = directory.resolve(name);
    try (OutputStream file = Files.newOutputStream(jar);
        ZipOutputStream zip = new ZipOutputStream(file)) {
      ZipEntry entry = new ZipEntry("BOOT-INF/classes/A.class");
      entry.setLastModifiedTime(FileTime.from(time));
      zip.putNextEntry(entry);
      zip.write(content.getBytes(StandardCharsets.UTF_8));
      zip.closeEntry();
    }
    return jar;
  }
}
