package org.trainex.portal.shared;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.trainex.shared.api.Settings;

/**
 * The request body limits of the REST API and the stream that enforces them (issue 11, item 8: "a 512 MiB + 1
 * upload gets 413 with problem+json"; "a JSON body limit").
 * <ul>
 *   <li>blob uploads ({@code PUT /api/blobs/{cid}}): setting {@code max.upload.bytes}
 *       ({@code TRAINEX_MAX_UPLOAD_BYTES}), default 512 MiB;</li>
 *   <li>JSON bodies (every other endpoint): setting {@code max.json.bytes} ({@code TRAINEX_MAX_JSON_BYTES}),
 *       default 1 MiB.</li>
 * </ul>
 * A body is refused with 413 before it is read when its {@code Content-Length} says it is too large, and while it is
 * read when it has no length (chunked) and its bytes pass the limit ({@link Limited} throws {@link TooLarge}).
 * Undertow's own {@code max-post-size} ({@code TRAINEX_MAX_REQUEST_BYTES}, ear/src/main/wildfly/40-server.cli) is a
 * higher ceiling for every request: a streamed body it cuts is answered 413 as well ({@link ProblemMapper}); a declared
 * length above it never reaches the application (Undertow answers 400 while parsing), which is why it must stay above
 * the upload limit.
 */
public final class BodyLimits {
    /** Default of {@code TRAINEX_MAX_UPLOAD_BYTES}: 512 MiB. */
    public static final long DEFAULT_MAX_UPLOAD_BYTES = 512L * 1024 * 1024;
    /** Default of {@code TRAINEX_MAX_JSON_BYTES}: 1 MiB. */
    public static final long DEFAULT_MAX_JSON_BYTES = 1024L * 1024;

    /** The largest blob upload in bytes (read at each request, so a changed system property applies at once). */
    public static long maxUploadBytes() {
        return Settings.getLong("max.upload.bytes", DEFAULT_MAX_UPLOAD_BYTES);
    }

    /** The largest JSON request body in bytes. */
    public static long maxJsonBytes() {
        return Settings.getLong("max.json.bytes", DEFAULT_MAX_JSON_BYTES);
    }

    /**
     * The detail of a 413 answer when a declared {@code Content-Length} is above {@code limit}, or null when the
     * length is within it or unknown (negative).
     */
    public static String refusal(String what, long contentLength, long limit) {
        return contentLength > limit ? tooLargeMessage(what, limit) + " (Content-Length " + contentLength + ")" : null;
    }

    /** The detail of a 413 answer. */
    public static String tooLargeMessage(String what, long limit) {
        return what + " larger than the limit of " + limit + " bytes";
    }

    /** True if {@code t} or one of its causes says that a request body passed a limit (ours or Undertow's). */
    public static boolean isTooLarge(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof TooLarge || c.getClass().getName().equals("io.undertow.server.RequestTooBigException")) {
                return true;
            }
        }
        return false;
    }

    /** A body passed its limit while it was read. An {@link IOException}, so readers pass it through. */
    public static final class TooLarge extends IOException {
        private static final long serialVersionUID = 1L;

        TooLarge(String message) {
            super(message);
        }
    }

    /** A stream that throws {@link TooLarge} as soon as more than {@code limit} bytes were read from it. */
    public static final class Limited extends FilterInputStream {
        private final long limit;
        private final String what;
        private long count;

        /** Counts what is read from {@code in}; {@code what} names the body in the message ("a JSON body"). */
        public Limited(InputStream in, long limit, String what) {
            super(in);
            this.limit = limit;
            this.what = what;
        }

        /** Bytes read so far. */
        public long count() {
            return count;
        }

        private void add(long n) throws TooLarge {
            if (n > 0) {
                count += n;
                if (count > limit) {
                    throw new TooLarge(tooLargeMessage(what, limit));
                }
            }
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                add(1);
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            add(n);
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long s = super.skip(n);
            add(s);
            return s;
        }

        @Override
        public boolean markSupported() {
            return false;
        }
    }

    private BodyLimits() {
    }
}
