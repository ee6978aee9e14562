import StudioCore

/// A key's scale, addressed by scale degree (0 = tonic, 7 = tonic an octave up, −1 = leading tone below).
struct Scale: Sendable {
    let key: MusicalKey
    let intervals: [Int]

    init(key: MusicalKey) {
        self.key = key
        intervals = key.mode == .major ? [0, 2, 4, 5, 7, 9, 11] : [0, 2, 3, 5, 7, 8, 10]
    }

    /// Semitones above the tonic for any degree, negative or beyond the octave.
    func semitones(ofDegree degree: Int) -> Int {
        let octave = Int((Double(degree) / 7).rounded(.down))
        return octave * 12 + intervals[degree - octave * 7]
    }

    /// The MIDI note of `degree`, counted from the tonic in the octave starting at `tonicMIDI`.
    func midi(degree: Int, tonicMIDI: Int) -> Int { tonicMIDI + semitones(ofDegree: degree) }

    /// The MIDI number of the tonic closest to `around`.
    func tonicMIDI(near around: Int) -> Int {
        let base = around - ((around - key.tonic) % 12 + 12) % 12
        return around - base > 6 ? base + 12 : base
    }

    func pitchClass(ofDegree degree: Int) -> Int { (key.tonic + semitones(ofDegree: degree)) % 12 }

    func contains(pitchClass: Int) -> Bool {
        intervals.contains((pitchClass - key.tonic + 12) % 12)
    }
}

/// A chord named by its scale degree, with the pitch classes it sounds.
struct Chord: Sendable, Equatable {
    /// 0-based scale degree of the root.
    let degree: Int
    /// Pitch classes, root first, then third, fifth and any extensions.
    let tones: [Int]
    var root: Int { tones[0] }
    /// Which chord tone is in the bass: 0 root position, 1 first inversion (the third), 2 second.
    var inversion = 0
    /// The pitch class a left hand or bass plays under the chord.
    var bassTone: Int { tones[inversion % tones.count] }

    /// A chord spelled by its pitch classes (root first), for colours that stacking thirds on a
    /// scale degree cannot give: secondary dominants, borrowed chords, suspensions, added ninths.
    /// `degree` names the scale degree it stands for (the tonic test of the composers).
    init(degree: Int, tones: [Int], inversion: Int = 0) {
        self.degree = degree
        self.tones = tones.map { (($0 % 12) + 12) % 12 }
        self.inversion = inversion
    }

    /// Stacks thirds on `degree`. `extensions` adds the 7th (1) and 9th (2). In minor, a dominant
    /// (degree 4) with `raisedLeadingTone` gets the harmonic-minor major third, so that cadences pull home.
    ///
    /// Two colourings keep the key unmistakable: a dominant always has its seventh (the tritone
    /// it makes with the third exists in one key only), and an extended tonic is a major sixth
    /// chord (or a minor add-nine) rather than a major seventh, whose leading tone and ninth lean
    /// towards the dominant key.
    init(degree: Int, in scale: Scale, extensions: Int = 0, raisedLeadingTone: Bool = false, sus2: Bool = false) {
        self.degree = degree
        var stack = [degree, degree + (sus2 ? 1 : 2), degree + 4]
        let isTonic = degree % 7 == 0, isDominant = degree % 7 == 4
        if isTonic && extensions >= 1 {
            stack.append(degree + (scale.key.mode == .major ? 5 : 8))
        } else {
            if extensions >= 1 || isDominant { stack.append(degree + 6) }
            if extensions >= 2 { stack.append(degree + 8) }
        }
        var tones = stack.map { scale.pitchClass(ofDegree: $0) }
        if raisedLeadingTone, scale.key.mode == .minor, degree % 7 == 4, !sus2 {
            tones[1] = (tones[1] + 1) % 12
        }
        self.tones = tones
    }
}

/// Chord progressions as scale degrees, by character. Verse progressions start at home so that
/// the key is clear from the first bar; chorus progressions may start away and travel back.
/// The composers end sections with cadences of their own.
enum Progressions {
    static let major: [[Int]] = [[0, 5, 3, 4], [0, 4, 5, 3], [0, 3, 0, 4], [0, 2, 3, 4], [0, 3, 5, 4]]
    static let minor: [[Int]] = [[0, 5, 2, 6], [0, 3, 6, 2], [0, 6, 5, 4], [0, 3, 4, 0], [0, 5, 3, 4]]
    static let majorChorus: [[Int]] = [[5, 3, 0, 4], [3, 4, 0, 5], [3, 0, 4, 5], [0, 4, 5, 3], [3, 4, 2, 5]]
    static let minorChorus: [[Int]] = [[5, 6, 0, 0], [5, 2, 6, 0], [3, 6, 2, 5], [0, 6, 5, 6], [5, 3, 0, 4]]
    /// Jazz-tinged (lofi): ii–V motion and descending fifths, home first.
    static let jazzyMajor: [[Int]] = [[0, 5, 1, 4], [0, 3, 1, 4], [0, 1, 4, 0], [0, 5, 3, 4], [0, 2, 1, 4]]
    static let jazzyMinor: [[Int]] = [[0, 5, 1, 4], [0, 3, 0, 4], [0, 6, 5, 4], [0, 3, 6, 4], [0, 5, 3, 4]]
    /// Slow, floating (ambient): few chords, plagal motion.
    static let floatingMajor: [[Int]] = [[0, 3], [0, 5, 3, 0], [0, 3, 5, 3], [3, 0], [0, 4, 3, 0]]
    static let floatingMinor: [[Int]] = [[0, 5], [0, 3, 5, 0], [0, 6, 5, 0], [5, 0], [0, 3, 0, 6]]

    static func pick(_ table: [[Int]], _ random: inout SeededRandom, avoiding: [Int]? = nil) -> [Int] {
        var choice = table[random.index(table.count)]
        if let avoiding, choice == avoiding, table.count > 1 {
            choice = table[(table.firstIndex(of: choice)! + 1 + random.index(table.count - 1)) % table.count]
        }
        return choice
    }
}
