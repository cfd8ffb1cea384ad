package org.trainex.jobs.protocol;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Locale;
import org.apache.commons.codec.binary.Base32;

/**
 * Content identifiers: the SHA-256 digest of a blob rendered as a CIDv1 (multibase base32, codec {@code raw},
 * multihash {@code sha2-256}), the same string IPFS gives a raw leaf, e.g.
 * {@code bafkreifzjut3te2nhyekklss27nh3k72ysco7y32koao5eei66wof36n5e} for the bytes {@code "hello world"}.
 *
 * <p>Source: DESIGN.md, "Content addressing" (immutable blobs named by their SHA-256 digest as CIDv1/multihash).
 */
public final class ContentIds {
    /** CID version 1, multicodec raw (0x55), multihash sha2-256 (0x12) of length 32 (0x20). */
    private static final byte[] PREFIX = {0x01, 0x55, 0x12, 0x20};
    private static final char MULTIBASE_BASE32 = 'b';
    private static final int ENCODED_LENGTH = 59;

    /** The CIDv1 string of a 32-byte SHA-256 digest. */
    public static String fromSha256(byte[] digest) {
        if (digest == null || digest.length != 32) {
            throw new IllegalArgumentException("a SHA-256 digest has 32 bytes");
        }
        byte[] cid = new byte[PREFIX.length + digest.length];
        System.arraycopy(PREFIX, 0, cid, 0, PREFIX.length);
        System.arraycopy(digest, 0, cid, PREFIX.length, digest.length);
        String b32 = new Base32().encodeAsString(cid).replace("=", "").toLowerCase(Locale.ROOT);
        return MULTIBASE_BASE32 + b32;
    }

    /** The CIDv1 string of the given bytes. */
    public static String of(byte[] content) {
        return fromSha256(sha256().digest(content));
    }

    /** The CIDv1 string of a stream's bytes, read to its end (the stream is not closed). */
    public static String of(InputStream in) throws IOException {
        MessageDigest md = sha256();
        byte[] buf = new byte[64 * 1024];
        for (int n; (n = in.read(buf)) > 0; ) {
            md.update(buf, 0, n);
        }
        return fromSha256(md.digest());
    }

    /** The 32-byte SHA-256 digest inside a CIDv1 string. @throws IllegalArgumentException if malformed */
    public static byte[] sha256Of(String contentId) {
        requireValid(contentId);
        byte[] cid = new Base32().decode(contentId.substring(1).toUpperCase(Locale.ROOT));
        return Arrays.copyOfRange(cid, PREFIX.length, cid.length);
    }

    /** Hex rendering of the digest inside a CIDv1, handy for file names and logs. */
    public static String sha256Hex(String contentId) {
        return HexFormat.of().formatHex(sha256Of(contentId));
    }

    /** True when {@code s} is a CIDv1 raw/sha2-256 string as produced by {@link #fromSha256(byte[])}. */
    public static boolean isValid(String s) {
        if (s == null || s.length() != ENCODED_LENGTH || s.charAt(0) != MULTIBASE_BASE32) {
            return false;
        }
        for (int i = 1; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= '2' && c <= '7'))) {
                return false;
            }
        }
        byte[] cid = new Base32().decode(s.substring(1).toUpperCase(Locale.ROOT));
        return cid.length == PREFIX.length + 32 && Arrays.equals(Arrays.copyOf(cid, PREFIX.length), PREFIX)
                && fromSha256(Arrays.copyOfRange(cid, PREFIX.length, cid.length)).equals(s);
    }

    /** Returns {@code s} if valid. @throws IllegalArgumentException naming the bad value otherwise */
    public static String requireValid(String s) {
        if (!isValid(s)) {
            throw new IllegalArgumentException("not a CIDv1 (raw, sha2-256) content id: " + s);
        }
        return s;
    }

    /** A fresh SHA-256 digest. */
    public static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }

    private ContentIds() {
    }
}
