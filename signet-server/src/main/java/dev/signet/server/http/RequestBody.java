package dev.signet.server.http;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;

/** Reads a request body up to a limit; a larger one is refused with 413 before it is buffered. */
final class RequestBody {

    private RequestBody() {}

    /**
     * The {@code Content-Type} header as sent. Not {@code ctx.contentType()}: the servlet request
     * parses the charset it names, and an unknown one ({@code charset=x}) threw out of every endpoint.
     */
    static String contentType(Context ctx) {
        return ctx.header("Content-Type");
    }

    static byte[] read(Context ctx, int maxBytes) {
        long declared = ctx.req().getContentLengthLong();
        if (declared > maxBytes) {
            throw tooLarge(maxBytes);
        }
        try (InputStream in = ctx.req().getInputStream()) {
            if (declared >= 0) {
                // The usual case, a form of a few dozen bytes: read it into an array of its size.
                // (readNBytes(max) would allocate a 16 KB chunk per request before copying.)
                byte[] b = new byte[(int) declared];
                int n = in.readNBytes(b, 0, b.length);
                if (n < b.length) {
                    throw HttpError.badRequest("the request body is shorter than its Content-Length");
                }
                return b;
            }
            byte[] b = in.readNBytes(maxBytes + 1);
            if (b.length > maxBytes) {
                throw tooLarge(maxBytes);
            }
            return b;
        } catch (IOException e) {
            throw HttpError.badRequest("the request body could not be read");
        }
    }

    private static HttpError tooLarge(int maxBytes) {
        return HttpError.tooLarge("the request body exceeds " + maxBytes + " bytes");
    }
}
