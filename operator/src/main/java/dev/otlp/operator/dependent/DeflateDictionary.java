package dev.otlp.operator.dependent;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * Deflates the JSON of objects of one kind against a preset dictionary made of earlier objects of
 * that kind, so that an object costs about what makes it differ from the ones before it. The
 * dictionary grows by a whole object each time one compresses poorly (a shape not seen yet), up to
 * deflate's 32 KiB window, and never changes after: each {@link Deflated} keeps the version it was
 * deflated against, so growing it never touches what is stored.
 */
final class DeflateDictionary {

    /** Deflate looks back at most this far, so a larger dictionary would not help. */
    static final int WINDOW = 32 * 1024;

    /** An object that deflates to more than this share of its JSON adds itself to the dictionary. */
    private static final int POOR_RATIO = 4;

    private static final ThreadLocal<Deflater> DEFLATERS = ThreadLocal.withInitial(() -> new Deflater(Deflater.BEST_SPEED));
    private static final ThreadLocal<Inflater> INFLATERS = ThreadLocal.withInitial(Inflater::new);

    private volatile byte[] current = new byte[0];

    /** Bytes deflated against {@code dictionary}, {@code length} bytes once inflated. */
    record Deflated(byte[] dictionary, byte[] bytes, int length) {

        byte[] inflate() {
            Inflater inflater = INFLATERS.get();
            inflater.reset();
            inflater.setInput(bytes);
            byte[] json = new byte[length];
            try {
                int read = 0;
                while (read < length) {
                    int inflated = inflater.inflate(json, read, length - read);
                    if (inflated == 0 && inflater.needsDictionary()) {
                        inflater.setDictionary(dictionary);
                    } else if (inflated == 0 && (inflater.finished() || inflater.needsInput())) {
                        throw new DataFormatException("ends after " + read + " of " + length + " bytes");
                    }
                    read += inflated;
                }
            } catch (DataFormatException e) {
                throw new IllegalStateException("a cached object that does not inflate", e);
            }
            return json;
        }
    }

    Deflated deflate(byte[] json) {
        byte[] dictionary = current;
        Deflated deflated = deflate(json, dictionary);
        if ((long) deflated.bytes().length * POOR_RATIO > json.length && dictionary.length + json.length <= WINDOW) {
            deflated = deflate(json, grow(dictionary, json));
        }
        return deflated;
    }

    /** Appends {@code json} unless another thread grew the dictionary first; returns the dictionary to use. */
    private synchronized byte[] grow(byte[] seen, byte[] json) {
        if (current == seen) {
            byte[] grown = Arrays.copyOf(seen, seen.length + json.length);
            System.arraycopy(json, 0, grown, seen.length, json.length);
            current = grown;
        }
        return current;
    }

    private static Deflated deflate(byte[] json, byte[] dictionary) {
        Deflater deflater = DEFLATERS.get();
        deflater.reset();
        if (dictionary.length > 0) {
            deflater.setDictionary(dictionary);
        }
        deflater.setInput(json);
        deflater.finish();
        ByteArrayOutputStream deflated = new ByteArrayOutputStream(json.length / 8 + 16);
        byte[] buffer = new byte[4096];
        while (!deflater.finished()) {
            deflated.write(buffer, 0, deflater.deflate(buffer));
        }
        return new Deflated(dictionary, deflated.toByteArray(), json.length);
    }
}
