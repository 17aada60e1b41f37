package dev.switchboard.edge.catalogue;

import java.util.Set;

/** Told about changes of the {@link Catalogue}; called on the thread that made the change. */
public interface CatalogueListener {

  /** A newer document is now held (L1). */
  default void configInstalled(HeldConfig config) {}

  /** An announcement names a version the edge does not hold yet. */
  default void loadNeeded(String recordKey) {}

  /** These keys no longer read anything (revoked, rotated out, environment deleted). */
  default void keysRemoved(Set<String> keys) {}
}
