/// "Did you mean …?" for a mistyped name: the known name fewest edits away, when it is close
/// enough to be a typo (`--jbos` → `--jobs`, `lofi` → `lofi-1`). Recipes, engines, commands and
/// flags all suggest the same way.
public enum Suggestion {
    /// The candidate nearest `word` within `maximumDistance` edits (by default a third of its
    /// length, at least 2), or a candidate `word` is a prefix of; nil when none is close.
    public static func closest(to word: String, among candidates: some Sequence<String>, maximumDistance: Int? = nil) -> String? {
        let limit = maximumDistance ?? max(2, word.count / 3)
        let scored = candidates.map { ($0, editDistance($0, word)) }.sorted { ($0.1, $0.0) < ($1.1, $1.0) }
        if let best = scored.first, best.1 <= limit { return best.0 }
        return scored.first { !word.isEmpty && $0.0.hasPrefix(word) }?.0
    }

    /// "; did you mean X?" with `format` applied to X, or "" when nothing is close.
    public static func didYouMean(_ word: String, among candidates: some Sequence<String>, format: (String) -> String = { $0 }) -> String {
        closest(to: word, among: candidates).map { "; did you mean \(format($0))?" } ?? ""
    }

    /// Levenshtein distance: insertions, deletions and substitutions of characters.
    public static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        guard !a.isEmpty else { return b.count }
        var previous = Array(0...b.count)
        for i in 1...a.count {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in stride(from: 1, through: b.count, by: 1) {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return previous[b.count]
    }
}
