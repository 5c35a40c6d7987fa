package dev.signet.server.http;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpHeaderValue;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.ConnectionMetaData;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Hands a request on only once its body is in memory, read with Jetty's demand-based reads so that
 * no thread waits for a slow client; a body still arriving at the deadline of the connector's
 * {@link ArrivalDeadline} is answered 408 and the connection closed.
 *
 * <p>The endpoints read bodies with blocking servlet reads ({@link RequestBody}), which on a pool of
 * platform threads let a few hundred clients that send a byte every few seconds hold every thread.
 * Here the bytes collect without a thread, and the endpoint's read is served from memory. A body
 * whose {@code Content-Length} exceeds {@code maxBytes} is handed on at once, unread, for the
 * endpoint to refuse (413); a chunked body is collected up to just past {@code maxBytes}, and the
 * endpoint's read of more than {@code maxBytes} refuses it the same way.
 */
final class BodyCollector extends Handler.Wrapper {

    private final int maxBytes;

    BodyCollector(int maxBytes) {
        this.maxBytes = maxBytes;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        Handler next = getHandler();
        if (next == null) {
            return false;
        }
        ConnectionMetaData connection = request.getConnectionMetaData();
        ArrivalDeadline deadline = connection.getConnector().getBean(ArrivalDeadline.class);
        ArrivalDeadline.Arrival arrival = deadline == null ? null : deadline.arrival(connection.getConnection());
        Callback done = arrival == null
                ? callback
                : new Callback.Nested(callback) {
                    // Before the callback: once it completes, Jetty may parse the next request on this connection.
                    @Override
                    public void succeeded() {
                        arrival.idle();
                        super.succeeded();
                    }

                    @Override
                    public void failed(Throwable x) {
                        arrival.idle();
                        super.failed(x);
                    }
                };
        long declared = request.getLength();
        boolean chunked = declared < 0 && request.getHeaders().contains(HttpHeader.TRANSFER_ENCODING);
        if (declared == 0 || declared > maxBytes || (declared < 0 && !chunked)) {
            if (arrival != null) {
                arrival.handling();
            }
            return next.handle(request, response, done);
        }
        Collection c = new Collection(next, request, response, done, arrival, declared);
        if (arrival != null) {
            arrival.collecting(request.getBeginNanoTime(), c::expire);
        }
        c.run();
        return true;
    }

    /** One request's body being collected: run at first and again each time Jetty has more of it. */
    private final class Collection implements Runnable {
        private final Handler next;
        private final Request request;
        private final Response response;
        private final Callback callback;
        private final ArrivalDeadline.Arrival arrival;
        private final long declared;
        /** Set once: by handing the request on, or by the deadline's 408. */
        private final AtomicBoolean open = new AtomicBoolean(true);

        private byte[] bytes = new byte[0];
        private int size;

        Collection(
                Handler next,
                Request request,
                Response response,
                Callback callback,
                ArrivalDeadline.Arrival arrival,
                long declared) {
            this.next = next;
            this.request = request;
            this.response = response;
            this.callback = callback;
            this.arrival = arrival;
            this.declared = declared;
        }

        @Override
        public void run() {
            while (open.get()) {
                Content.Chunk chunk = request.read();
                if (chunk == null) {
                    request.demand(this);
                    return;
                }
                if (Content.Chunk.isFailure(chunk)) {
                    // The client went away or broke the framing: the endpoint's own read meets the failure.
                    handOn(false);
                    return;
                }
                append(chunk.getByteBuffer());
                boolean last = chunk.isLast();
                chunk.release();
                if (last || size > maxBytes) {
                    handOn(last);
                    return;
                }
            }
        }

        private void append(ByteBuffer b) {
            int n = b.remaining();
            if (size + n > bytes.length) {
                // Grow with what arrives, never to the declared length up front: a client that declares
                // 64 KB and sends a byte costs a byte.
                int wanted = Math.max(size + n, Math.min(bytes.length * 2, maxBytes + 1));
                if (declared > 0) {
                    wanted = (int) Math.max(size + n, Math.min(wanted, declared));
                }
                bytes = java.util.Arrays.copyOf(bytes, wanted);
            }
            b.get(bytes, size, n);
            size += n;
        }

        private void handOn(boolean complete) {
            if (!open.compareAndSet(true, false)) {
                return;
            }
            if (arrival != null) {
                arrival.handling();
            }
            Request collected = new Collected(request, Content.Chunk.from(ByteBuffer.wrap(bytes, 0, size), complete));
            try {
                if (!next.handle(collected, response, callback)) {
                    Response.writeError(request, response, callback, 404);
                }
            } catch (Throwable t) {
                Response.writeError(request, response, callback, t);
            }
        }

        /** The deadline passed with the body still arriving: 408, and the connection closes (RFC 9110 §15.5.9). */
        void expire() {
            if (!open.compareAndSet(true, false)) {
                return;
            }
            HttpError e = HttpError.requestTimeout(
                    "the request did not arrive in full within " + HttpApi.REQUEST_DEADLINE.toSeconds() + " s");
            response.setStatus(e.status());
            HttpFields.Mutable h = response.getHeaders();
            h.put(HttpHeader.CONNECTION, HttpHeaderValue.CLOSE);
            h.put(HttpHeader.CONTENT_TYPE, "application/json;charset=UTF-8");
            h.put(HttpHeader.CACHE_CONTROL, "no-store");
            h.put(HttpHeader.PRAGMA, "no-cache");
            response.write(true, ByteBuffer.wrap(Responses.errorBody(e).getBytes(StandardCharsets.UTF_8)), callback);
        }
    }

    /** The request with its body served from memory, then (if anything is left) from the connection. */
    private static final class Collected extends Request.Wrapper {
        private final AtomicReference<Content.Chunk> body;

        Collected(Request request, Content.Chunk body) {
            super(request);
            this.body = new AtomicReference<>(body);
        }

        @Override
        public Content.Chunk read() {
            Content.Chunk c = body.getAndSet(null);
            return c != null ? c : super.read();
        }

        @Override
        public void demand(Runnable demandCallback) {
            if (body.get() != null) {
                getContext().execute(demandCallback);
            } else {
                super.demand(demandCallback);
            }
        }

        @Override
        public boolean consumeAvailable() {
            body.set(null);
            return super.consumeAvailable();
        }
    }
}
