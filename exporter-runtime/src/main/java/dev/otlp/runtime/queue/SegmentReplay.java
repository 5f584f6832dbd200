package dev.otlp.runtime.queue;

import dev.otlp.runtime.otlp.Signal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Opening a {@link SegmentLog}: every record a previous run stored and did not deliver is handed to
 * {@link Deliveries} again, in order. Damaged bytes are skipped to the next intact record, a torn
 * tail is truncated, a segment the {@link SegmentManifest} expects that is missing or empty is
 * reported, and a record of a format version this runtime does not read stops the replay of its
 * segment, which is then kept on disk as it is. Each of these is logged once and told to
 * {@link Corruption}; segments left with nothing to deliver are deleted.
 */
final class SegmentReplay {

    private static final Logger log = LoggerFactory.getLogger(SegmentReplay.class);

    private final Signal signal;
    private final Path directory;
    private final SegmentManifest manifest;
    private final QueueBudget budget;
    private final Corruption corruption;
    private final Deliveries deliveries;
    private long nextId;

    SegmentReplay(Signal signal, Path directory, SegmentManifest manifest, QueueBudget budget, Corruption corruption,
                  Deliveries deliveries) {
        this.signal = signal;
        this.directory = directory;
        this.manifest = manifest;
        this.budget = budget;
        this.corruption = corruption;
        this.deliveries = deliveries;
    }

    /** Replays the directory; returns the number for the next new segment, past every one there or noted. */
    long run() throws IOException {
        TreeMap<Long, Path> files = new TreeMap<>();
        Set<Long> acked = new TreeSet<>();
        try (Stream<Path> listing = Files.list(directory)) {
            listing.forEach(file -> {
                if (Segment.isSegment(file)) {
                    files.put(Segment.idOf(file), file);
                } else if (Segment.isAcks(file)) {
                    acked.add(Segment.idOf(file));
                }
            });
        }
        Set<Long> noted = manifest.undeleted();
        Set<Long> delivered = manifest.deleted();
        acked.removeAll(delivered);
        delivered.forEach(id -> nextId = Math.max(nextId, id + 1));
        reportMissing(noted, files.keySet(), acked);
        List<Long> live = new ArrayList<>();
        for (Path file : files.values()) {
            long id = Segment.idOf(file);
            nextId = Math.max(nextId, id + 1);
            if (delivered.contains(id)) {
                // its deletion was noted and the process died before its files were gone
                Files.deleteIfExists(Segment.acksFile(directory, id));
                Files.delete(file);
                continue;
            }
            Segment segment = Segment.open(file);
            if (segment.size() == 0) {
                // only the last segment can be empty and fine: created, and the process died before its first append
                if (noted.contains(segment.id()) || segment.hasAcks() || segment.id() != files.lastKey()) {
                    log.warn("{} is empty: {} it held are lost", segment, lostItems(OptionalLong.empty()));
                    corruption.found(signal, OptionalLong.empty());
                }
                segment.delete(manifest);
                continue;
            }
            Replayed replayed = replay(segment);
            budget.force(0, segment.size());
            if (replayed.records() > 0) {
                live.add(segment.id());
                log.info("replaying {} {} requests held in {}", replayed.records(), signal.key(), segment);
            } else if (replayed.refused()) {
                live.add(segment.id());
                segment.close();
            } else {
                budget.release(0, segment.delete(manifest));
            }
        }
        manifest.rewrite(live);
        return nextId;
    }

    /** What the replay of one segment found: the records to deliver, and whether it stopped at a format it refused. */
    private record Replayed(int records, boolean refused) {
    }

    /**
     * Reports each segment that should be here and is not: noted in the manifest as holding data and
     * never deleted, or named by an acks file. (A gap in the numbering alone says nothing: segments
     * are deleted in the order their records are delivered.) Its acks file, now useless, is removed.
     */
    private void reportMissing(Set<Long> noted, Set<Long> present, Set<Long> acked) throws IOException {
        Set<Long> expected = new TreeSet<>(noted);
        expected.addAll(acked);
        for (long id : expected) {
            nextId = Math.max(nextId, id + 1);
            if (present.contains(id)) {
                continue;
            }
            log.warn("{} is missing: {} it held are lost", Segment.file(directory, id), lostItems(OptionalLong.empty()));
            corruption.found(signal, OptionalLong.empty());
            manifest.deleted(id);
            Files.deleteIfExists(Segment.acksFile(directory, id));
        }
    }

    private Replayed replay(Segment segment) throws IOException {
        Set<Long> delivered = segment.previouslyDelivered();
        ByteBuffer bytes = segment.map();
        int size = bytes.limit();
        int replayed = 0;
        int position = 0;
        while (position < size) {
            RecordFormat.Stored record = RecordFormat.intact(bytes, position);
            if (record == null) {
                int next = nextIntactRecord(bytes, position + 1);
                int end = next < 0 ? size : next;
                OptionalLong lost = RecordFormat.itemsIn(bytes, position, end, delivered);
                corruption.found(signal, lost);
                if (next < 0) {
                    log.warn("{}: {} damaged bytes at its end (a write the process did not finish, or damage), truncated: {}"
                            + " they held are lost", segment, size - position, lostItems(lost));
                    segment.truncate(position);
                    break;
                }
                log.warn("{}: {} damaged bytes at offset {} skipped: {} they held are lost; the records after them are"
                        + " replayed", segment, next - position, position, lostItems(lost));
                position = next;
                continue;
            }
            if (!record.readable()) {
                log.error("{}: the record at offset {} is of format version {}, which this runtime does not read (it reads"
                                + " up to version {}): the segment is kept as it is, and {} from there on are not replayed",
                        segment, position, record.version(), RecordFormat.VERSION, lostItems(OptionalLong.empty()));
                corruption.found(signal, OptionalLong.empty());
                segment.keep();
                return new Replayed(replayed, true);
            }
            if (!delivered.contains((long) position)) {
                budget.force(record.items(), 0);
                deliveries.stored(new SegmentLog.Location(segment, position, record.payload(), record.length(),
                        record.items(), record.receivedAtMillis()));
                replayed++;
            }
            position = record.end();
        }
        return new Replayed(replayed, false);
    }

    private static int nextIntactRecord(ByteBuffer bytes, int from) {
        for (int position = from; position < bytes.limit(); position++) {
            if (RecordFormat.intact(bytes, position) != null) {
                return position;
            }
        }
        return -1;
    }

    /** "2400 spans", or "an unknown number of spans", for a log line; counted in {@code otlp_dropped_items_total}. */
    private String lostItems(OptionalLong items) {
        String name = signal.itemName().replace('_', ' ');
        return items.isPresent() ? items.getAsLong() + " " + name : "an unknown number of " + name;
    }
}
