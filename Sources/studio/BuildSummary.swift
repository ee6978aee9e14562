import Foundation
import StudioBuild
import StudioCore

/// `studio build --json`: what the build did as one JSON object on stdout, so that a script or a
/// cluster's final step checks counts ("rendered": 0 after the shards) instead of scraping text.
enum BuildSummary {
    static func json(_ report: BuildReport) -> JSONValue {
        func counts(_ values: [String: Int]) -> JSONValue { .object(values.mapValues { JSONValue($0) }) }
        return .object([
            "rendered": JSONValue(report.rendered.count),
            "renders": .array(report.rendered.map(JSONValue.string)),
            "reused": JSONValue(report.reused),
            "state": .object(["created": counts(report.changes.created), "updated": counts(report.changes.updated),
                              "deleted": counts(report.changes.deleted)]),
            "publish": .object(["pages": JSONValue(report.publish.pages), "written": JSONValue(report.publish.written.count),
                                "removed": JSONValue(report.publish.removed.count),
                                "unchanged": JSONValue(report.publish.unchanged)]),
            "shares": .array(report.shareURLs.map { share in
                .object(["organization": .string(share.organization), "target": .string(share.target), "url": .string(share.url)])
            }),
        ])
    }

    static func json(_ report: ShardReport, cache: URL) -> JSONValue {
        .object([
            "shard": .object(["index": JSONValue(report.shard.index), "count": JSONValue(report.shard.count)]),
            "rendered": JSONValue(report.rendered.count),
            "renders": .array(report.rendered.map(JSONValue.string)),
            "hashes": .array(report.renderedHashes.map(JSONValue.string)),
            "cached": JSONValue(report.cached),
            "other_shards": JSONValue(report.otherShards),
            "distinct_renders": JSONValue(report.distinctRenders),
            "planned_seconds": JSONValue(report.plannedSeconds[report.shard.index]),
            "shard_planned_seconds": .array(report.plannedSeconds.map { JSONValue($0) }),
            "cache": .string(cache.path),
        ])
    }
}
