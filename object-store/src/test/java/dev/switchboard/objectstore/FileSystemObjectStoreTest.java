package dev.switchboard.objectstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileSystemObjectStoreTest {
  @TempDir Path root;

  @Test
  void putThenGetReturnsTheBytesAndMetadata() {
    ObjectStore store = new FileSystemObjectStore(root);
    StoredObject object =
        new StoredObject("{\"a\":1}".getBytes(StandardCharsets.UTF_8), "application/json", "gzip");

    store.put("config/v1/server/server-abc.json", object);

    assertThat(store.get("config/v1/server/server-abc.json")).contains(object);
    assertThat(root.resolve("config/v1/server/server-abc.json")).hasContent("{\"a\":1}");
  }

  @Test
  void putReplacesAndLeavesNoTemporaryFiles() throws Exception {
    ObjectStore store = new FileSystemObjectStore(root);
    store.put("a/b.json", new StoredObject(new byte[] {1}, "application/json", null));
    store.put("a/b.json", new StoredObject(new byte[] {2}, "application/json", null));

    assertThat(store.get("a/b.json").orElseThrow().body()).containsExactly(2);
    assertThat(store.get("a/b.json").orElseThrow().contentEncoding()).isNull();
    try (var files = Files.list(root.resolve("a"))) {
      assertThat(files.map(p -> p.getFileName().toString())).containsOnly("b.json", "b.json.meta");
    }
  }

  @Test
  void missingObjectsAreEmptyAndDeletingThemIsFine() {
    ObjectStore store = new FileSystemObjectStore(root);
    assertThat(store.get("nothing/here.json")).isEmpty();
    store.delete("nothing/here.json");

    store.put("x.json", new StoredObject(new byte[] {1}, "application/json", null));
    store.delete("x.json");
    assertThat(store.get("x.json")).isEmpty();
  }

  @Test
  void keysThatEscapeTheRootAreRejected() {
    ObjectStore store = new FileSystemObjectStore(root);
    StoredObject object = new StoredObject(new byte[] {1}, "application/json", null);
    assertThatThrownBy(() -> store.put("../outside.json", object))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store.get("/etc/passwd")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store.put("a.json.meta", object))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
