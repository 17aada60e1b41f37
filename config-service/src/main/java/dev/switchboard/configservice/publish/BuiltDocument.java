package dev.switchboard.configservice.publish;

import dev.switchboard.contracts.SdkType;

/**
 * One document ready to store.
 *
 * @param type the SDK type it is for
 * @param projectKey the key of the document's project
 * @param environmentKey the key of the document's environment
 * @param version the document's version
 * @param size the uncompressed size in bytes
 * @param etag the opaque hash of the uncompressed bytes
 * @param body the bytes to store (gzip-compressed when {@code contentEncoding} is {@code gzip})
 * @param contentEncoding {@code gzip} or null
 */
record BuiltDocument(
    SdkType type,
    String projectKey,
    String environmentKey,
    long version,
    int size,
    String etag,
    byte[] body,
    String contentEncoding) {}
