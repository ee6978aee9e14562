import Foundation

/// A position in a list ordered by (time, id) descending or ascending: the last item a page
/// returned. Keyset pagination stays stable when items are added while a client pages.
public struct PageCursor: Sendable, Equatable {
    public var time: Int64
    public var id: String

    public init(time: Int64, id: String) {
        self.time = time
        self.id = id
    }

    /// An opaque, URL-safe form for the API (`1764083820123.mtrack_…`).
    public var token: String { "\(time).\(id)" }

    public init?(token: String) {
        guard let dot = token.firstIndex(of: "."), let time = Int64(token[..<dot]) else { return nil }
        let id = String(token[token.index(after: dot)...])
        guard !id.isEmpty, id.count <= 64, id.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }) else {
            return nil
        }
        self.init(time: time, id: id)
    }
}

/// What to fetch: at most `limit` items after `cursor`.
public struct PageRequest: Sendable, Equatable {
    public var limit: Int
    public var after: PageCursor?

    public init(limit: Int = 20, after: PageCursor? = nil) {
        self.limit = max(1, limit)
        self.after = after
    }

    public static let all = PageRequest(limit: Int(Int32.max))
}

/// One page of a list and the cursor for the next, nil at the end.
public struct Page<Item: Sendable>: Sendable {
    public var items: [Item]
    public var next: PageCursor?

    public init(items: [Item], next: PageCursor?) {
        self.items = items
        self.next = next
    }

    public var hasMore: Bool { next != nil }
}

extension StateStore {
    /// Runs a keyset-paged query ordered by `timeColumn DESC, id DESC`. `sql` must end where the
    /// WHERE clause can be extended with `AND …` and take `bindings`.
    func page<Item>(_ sql: String, _ bindings: [SQLValue], timeColumn: String, idColumn: String = "id",
                    request: PageRequest, ascending: Bool = false, map: (Row) throws -> Item) throws -> Page<Item> {
        var sql = sql
        var bindings = bindings
        let comparison = ascending ? ">" : "<"
        if let after = request.after {
            sql += " AND (\(timeColumn) \(comparison) ? OR (\(timeColumn) = ? AND \(idColumn) \(comparison) ?))"
            bindings += [.integer(after.time), .integer(after.time), .text(after.id)]
        }
        let direction = ascending ? "ASC" : "DESC"
        sql += " ORDER BY \(timeColumn) \(direction), \(idColumn) \(direction) LIMIT ?"
        bindings.append(.integer(Int64(min(request.limit, Int(Int32.max) - 1) + 1)))
        let rows = try database.query(sql, bindings)
        let kept = rows.prefix(request.limit)
        let items = try kept.map(map)
        var next: PageCursor?
        if rows.count > request.limit, let last = kept.last {
            // Rows name their columns without a table qualifier.
            let time = String(timeColumn.split(separator: ".").last ?? ""), id = String(idColumn.split(separator: ".").last ?? "")
            next = PageCursor(time: last.int64(time) ?? 0, id: last.requiredString(id))
        }
        return Page(items: items, next: next)
    }
}
