package dev.trainspark.pipeline.ingest;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What ingest saw, kept and skipped. */
public record IngestReport(String source, long filesSeen, long imagesKept, Map<String, Long> perClass,
                           Map<String, Long> skippedByReason, List<SkippedFile> skippedFiles) {

    public long skipped() {
        return filesSeen - imagesKept;
    }

    public Map<String, Object> toJsonMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("source", source);
        m.put("files_seen", filesSeen);
        m.put("images_kept", imagesKept);
        m.put("skipped", skipped());
        m.put("per_class", perClass);
        m.put("skipped_by_reason", skippedByReason);
        m.put("skipped_files", skippedFiles.stream().map(s -> Map.of("path", s.path(), "reason", s.reason())).toList());
        return m;
    }
}
