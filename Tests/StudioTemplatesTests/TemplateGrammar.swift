import StudioFuzzSupport
import StudioTemplates

/// Writes random templates that are valid for `context` — every name it prints exists, every
/// section is closed — so that they must compile and render. Strings in the context carry
/// `<script>`, and only `svg` is ever printed raw: if `<script>` reaches the output, escaping
/// failed.
enum TemplateGrammar {
    static let context: TemplateValue = [
        "title": "<script>alert('x')</script> & \"quotes\"",
        "n": 64, "zero": 0, "half": 0.5, "flag": true, "off": false, "nothing": nil, "empty": [], "blank": "",
        "svg": "<svg viewBox=\"0 0 1 1\"></svg>",
        "track": ["title": "Rock <script>&</script> Roll", "bpm": 120, "tags": ["<script>a", "b"]],
        "items": [["name": "<script>one", "n": 1], ["name": "two & three", "n": 2], ["name": "'four'", "n": 3]],
        "words": ["<script>", "é", "🎵"],
    ]

    /// Names that print as text, and the sections worth opening, at the top level.
    static let printable = ["title", "n", "zero", "half", "flag", "off", "nothing", "blank", "track.title", "track.bpm", "missing?",
                            "track.missing?"]
    static let sections = ["items", "words", "track", "flag", "off", "nothing", "empty", "blank", "n", "track.tags"]

    /// The source of a valid template, `depth` sections deep at most. `inLoop` allows the loop
    /// variables and `.`; `loopOverScalars` says `.` is printable.
    static func template(depth: Int, inLoop: Bool = false, dotPrintable: Bool = false, using random: inout FuzzRandom) -> String {
        var out = ""
        for _ in 0..<random.int(0...6) {
            switch random.int(0...9) {
            case 0, 1: out += text(using: &random)
            case 2:
                var names = printable
                if inLoop { names += ["@index", "@number", "@first", "@last"] }
                if dotPrintable { names.append(".") }
                out += "{{" + random.pick(["", " ", "  "]) + random.pick(names) + random.pick(["", " ", "\t"]) + "}}"
            case 3: out += random.pick(["{{{svg}}}", "{{& svg }}", "{{{ svg }}}"])
            case 4: out += "{{! " + text(using: &random).replacingOccurrences(of: "}", with: "") + " }}"
            case 5: out += random.pick(["{{> part }}", "\n  {{> part}}\n", "{{>part}}"])
            case 6 where depth > 0, 7 where depth > 0:
                let name = random.pick(sections)
                let inverted = random.chance(0.3)
                let overScalars = name == "words" || name == "track.tags"
                let body = template(depth: depth - 1, inLoop: inLoop || name == "items" || overScalars,
                                    dotPrintable: overScalars && !inverted, using: &random)
                let otherwise = random.chance(0.3) ? random.pick(["{{else}}", "\n{{ else }}\n"]) + template(depth: depth - 1, inLoop: inLoop, using: &random) : ""
                let open = random.pick(["", "\n"]) + "{{" + (inverted ? "^" : "#") + name + "}}" + random.pick(["", "\n"])
                out += open + body + otherwise + random.pick(["", "\n", "\r\n"]) + "{{/" + name + "}}" + random.pick(["", "\n"])
            default: out += text(using: &random)
            }
        }
        return out
    }

    /// Literal text: markup, braces that are not tags, line breaks, non-ASCII. Never `{{`, and
    /// never a `{` at the end, which would make the next tag's `{{` a `{{{`.
    static func text(using random: inout FuzzRandom) -> String {
        var text = String((0..<random.int(0...12)).map { _ in random.pick(Array("ab <p>\n\r\t{}}&é🎵x=\"'/")) })
        while text.contains("{{") { text = text.replacingOccurrences(of: "{{", with: "{ {") }
        return text.hasSuffix("{") ? text + "." : text
    }

    /// The partial `part` the templates include: it prints from whatever context it is given, so
    /// it names only `svg` (found by walking up to the root) and optional names.
    static let partial = "<span>{{{svg}}}{{ title? }}</span>\n"
}
