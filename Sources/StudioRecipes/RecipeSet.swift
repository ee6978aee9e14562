/// Every recipe file of a directory, validated as a whole: names are unique per organization,
/// every reference resolves, every engine exists and can do what is asked.
///
/// Only the loader makes one, and only when there is nothing to report, so a build holding a
/// `RecipeSet` may apply it without checking again.
public struct RecipeSet: Sendable, Hashable {
    /// In file-name order.
    public var files: [RecipeFile]

    public init(files: [RecipeFile]) {
        self.files = files
    }

    /// The organizations' slugs, in the order they first appear.
    public var organizations: [String] {
        var seen: Set<String> = []
        return files.map(\.organization).filter { seen.insert($0).inserted }
    }

    /// The tracks of one organization across all its files, in file order then source order.
    public func tracks(of organization: String) -> [RecipeTrack] {
        files.filter { $0.organization == organization }.flatMap(\.tracks)
    }

    public func collections(of organization: String) -> [RecipeCollection] {
        files.filter { $0.organization == organization }.flatMap(\.collections)
    }

    public func shares(of organization: String) -> [RecipeShare] {
        files.filter { $0.organization == organization }.flatMap(\.shares)
    }

    public func focusSessions(of organization: String) -> [RecipeFocusSession] {
        files.filter { $0.organization == organization }.flatMap(\.focusSessions)
    }

    public func track(named name: String, in organization: String) -> RecipeTrack? {
        tracks(of: organization).first { $0.name == name }
    }

    public func collection(named name: String, in organization: String) -> RecipeCollection? {
        collections(of: organization).first { $0.name == name }
    }

    public func focusSession(named name: String, in organization: String) -> RecipeFocusSession? {
        focusSessions(of: organization).first { $0.name == name }
    }
}
