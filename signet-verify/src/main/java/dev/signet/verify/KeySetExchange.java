package dev.signet.verify;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One GET of a key set URL on the JDK's HTTP client, asynchronous, whose whole answer (connect,
 * headers and body) must arrive within a deadline: at the deadline the exchange is cancelled and
 * the connection dropped, so a host that sends its body a byte at a time holds nothing past it.
 *
 * <p>The only class of this module that touches {@code java.net.http}: it is loaded on the first
 * fetch, so a process that never fetches keys loads none of the HTTP client's classes.
 */
final class KeySetExchange {

    private final HttpClient http;
    private final Duration deadline;
    private final int maxBytes;
    private final String userAgent;

    KeySetExchange(Duration deadline, int maxBytes, String userAgent) {
        this.deadline = deadline;
        this.maxBytes = maxBytes;
        this.userAgent = userAgent;
        this.http = HttpClient.newBuilder()
                .connectTimeout(deadline)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** The body at {@code uri}; completes, normally or with a {@link KeySetFetchException}, within the deadline. */
    CompletableFuture<KeySetDocument> get(URI uri) {
        try {
            return send(
                    uri,
                    HttpRequest.newBuilder(uri)
                            .timeout(deadline)
                            .header("Accept", "application/jwk-set+json, application/json")
                            .header("User-Agent", userAgent)
                            .GET()
                            .build());
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(
                    new KeySetFetchException(uri, "cannot fetch " + uri + ": " + e.getMessage(), 0, null, e));
        }
    }

    /**
     * The answer to a form POST to {@code uri} with an {@code Authorization} header (RFC 7662
     * introspection), under the same deadline and size cap as {@link #get}.
     */
    CompletableFuture<KeySetDocument> post(URI uri, String authorization, String form) {
        try {
            return send(
                    uri,
                    HttpRequest.newBuilder(uri)
                            .timeout(deadline)
                            .header("Accept", "application/json")
                            .header("Content-Type", "application/x-www-form-urlencoded")
                            .header("Authorization", authorization)
                            .header("User-Agent", userAgent)
                            .POST(HttpRequest.BodyPublishers.ofString(form, StandardCharsets.UTF_8))
                            .build());
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(
                    new KeySetFetchException(uri, "cannot call " + uri + ": " + e.getMessage(), 0, null, e));
        }
    }

    private CompletableFuture<KeySetDocument> send(URI uri, HttpRequest request) {
        AtomicReference<CappedBody> body = new AtomicReference<>();
        CompletableFuture<HttpResponse<byte[]>> sent = http.sendAsync(request, info -> {
            CappedBody b = new CappedBody(uri, info, maxBytes);
            body.set(b);
            return b;
        });
        CompletableFuture<KeySetDocument> answer = new CompletableFuture<>();
        CompletableFuture<?> unused = sent.whenComplete((response, error) -> {
            if (error != null) {
                answer.completeExceptionally(failure(uri, error));
            } else if (response.statusCode() != 200) {
                String location = response.headers().firstValue("Location").orElse(null);
                String where = location == null ? "" : " (redirects to " + location + "; redirects are not followed)";
                answer.completeExceptionally(new KeySetFetchException(
                        uri,
                        uri + " answered HTTP " + response.statusCode() + where,
                        response.statusCode(),
                        location,
                        null));
            } else {
                answer.complete(new KeySetDocument(
                        response.body(),
                        response.headers().firstValue("Cache-Control").orElse(null)));
            }
        });
        CompletableFuture<KeySetDocument> result = new CompletableFuture<>();
        unused = answer.orTimeout(deadline.toMillis(), TimeUnit.MILLISECONDS).whenComplete((document, error) -> {
            if (error == null) {
                result.complete(document);
                return;
            }
            if (error instanceof TimeoutException) {
                // Cancelling the future aborts the exchange; cancelling the body's subscription also
                // drops a connection whose body is still dripping in.
                sent.cancel(true);
                CappedBody b = body.get();
                if (b != null) {
                    b.abort();
                }
                error = timedOut(uri, error);
            }
            result.completeExceptionally(error);
        });
        return result;
    }

    private KeySetFetchException timedOut(URI uri, Throwable cause) {
        return new KeySetFetchException(
                uri,
                "fetching " + uri + " timed out: no complete answer within " + deadline.toMillis() + " ms",
                0,
                null,
                cause);
    }

    private KeySetFetchException failure(URI uri, Throwable error) {
        Throwable e = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (e instanceof KeySetFetchException k) {
            return k;
        }
        if (e instanceof HttpTimeoutException) {
            return timedOut(uri, e);
        }
        String why = e.getMessage() == null ? e.toString() : e.getMessage();
        return new KeySetFetchException(uri, "cannot fetch " + uri + ": " + why, 0, null, e);
    }

    /**
     * Collects a 200 answer's body up to the cap and refuses it as soon as it is over (by its
     * {@code Content-Length} before a byte is read, or by what arrived); any other status is not read.
     */
    private static final class CappedBody implements HttpResponse.BodySubscriber<byte[]> {
        private final URI uri;
        private final int status;
        private final long declaredLength;
        private final int maxBytes;
        private final CompletableFuture<byte[]> result = new CompletableFuture<>();
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private volatile Flow.Subscription subscription;

        CappedBody(URI uri, HttpResponse.ResponseInfo info, int maxBytes) {
            this.uri = uri;
            this.status = info.statusCode();
            this.declaredLength =
                    info.headers().firstValueAsLong("Content-Length").orElse(-1);
            this.maxBytes = maxBytes;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            if (status != 200) {
                // Only the status and Location matter; the body of an error answer is never read.
                result.complete(new byte[0]);
            } else if (declaredLength > maxBytes) {
                result.completeExceptionally(tooLarge());
            }
            if (result.isDone()) {
                s.cancel();
            } else {
                s.request(1);
            }
        }

        @Override
        public void onNext(List<ByteBuffer> items) {
            if (result.isDone()) {
                return;
            }
            for (ByteBuffer b : items) {
                if (bytes.size() + (long) b.remaining() > maxBytes) {
                    result.completeExceptionally(tooLarge());
                    subscription.cancel();
                    return;
                }
                byte[] chunk = new byte[b.remaining()];
                b.get(chunk);
                bytes.write(chunk, 0, chunk.length);
            }
            subscription.request(1);
        }

        @Override
        public void onError(Throwable t) {
            result.completeExceptionally(t);
        }

        @Override
        public void onComplete() {
            result.complete(bytes.toByteArray());
        }

        @Override
        public CompletionStage<byte[]> getBody() {
            return result;
        }

        /** Stops reading: the deadline passed. */
        void abort() {
            result.completeExceptionally(new IOException("deadline passed"));
            Flow.Subscription s = subscription;
            if (s != null) {
                s.cancel();
            }
        }

        private KeySetFetchException tooLarge() {
            return new KeySetFetchException(
                    uri, "the JWK Set at " + uri + " is over " + maxBytes + " bytes", 0, null, null);
        }
    }
}
