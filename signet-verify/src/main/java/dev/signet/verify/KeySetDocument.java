package dev.signet.verify;

/** A body fetched from a key set URL, with the {@code Cache-Control} it was served with (null when none). */
final class KeySetDocument {

    private final byte[] body;
    private final String cacheControl;

    KeySetDocument(byte[] body, String cacheControl) {
        this.body = body;
        this.cacheControl = cacheControl;
    }

    byte[] body() {
        return body;
    }

    String cacheControl() {
        return cacheControl;
    }
}
