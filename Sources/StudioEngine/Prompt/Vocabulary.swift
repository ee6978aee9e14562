/// The words the prompt interpreter knows. docs/ENGINES.md prints this table; anything not here
/// is harmless and ignored.
enum Vocabulary {
    /// Genre words → the genre name reported back.
    static let genres: [String: String] = [
        "ambient": "ambient", "drone": "ambient", "atmospheric": "ambient", "soundscape": "ambient",
        "lofi": "lofi", "lo-fi": "lofi", "chillhop": "lofi", "jazzhop": "lofi", "hip-hop": "lofi",
        "hiphop": "lofi", "boom-bap": "lofi", "beats": "lofi",
        "house": "house", "techno": "techno", "edm": "electronic", "electronic": "electronic",
        "dance": "electronic", "trance": "trance", "synthwave": "synthwave", "electro": "electronic",
        "classical": "classical", "jazz": "jazz", "cinematic": "cinematic", "neoclassical": "classical",
    ]

    /// How a mood word moves the music: energy, brightness, space (reverb), tempo factor, and a
    /// mode preference (+1 major, −1 minor, 0 none).
    struct MoodEffect {
        var energy = 0.0, brightness = 0.0, space = 0.0, tempo = 1.0, mode = 0
    }

    static let moods: [String: MoodEffect] = [
        "calm": .init(energy: -0.2, space: 0.1, tempo: 0.92),
        "peaceful": .init(energy: -0.2, space: 0.1, tempo: 0.92, mode: 1),
        "serene": .init(energy: -0.2, space: 0.15, tempo: 0.92, mode: 1),
        "relaxed": .init(energy: -0.15, tempo: 0.95), "relaxing": .init(energy: -0.15, tempo: 0.95),
        "gentle": .init(energy: -0.2, brightness: -0.1), "soft": .init(energy: -0.2, brightness: -0.15),
        "tranquil": .init(energy: -0.2, space: 0.15, tempo: 0.92),
        "meditative": .init(energy: -0.3, space: 0.2, tempo: 0.9),
        "sleep": .init(energy: -0.35, brightness: -0.2, space: 0.2, tempo: 0.85),
        "chill": .init(energy: -0.1), "mellow": .init(energy: -0.1, brightness: -0.1),
        "laid-back": .init(energy: -0.1, tempo: 0.95), "cozy": .init(energy: -0.1, brightness: -0.1),
        "warm": .init(brightness: -0.1, mode: 1),
        "sad": .init(energy: -0.1, brightness: -0.1, mode: -1),
        "melancholic": .init(energy: -0.1, brightness: -0.1, space: 0.1, mode: -1),
        "melancholy": .init(energy: -0.1, brightness: -0.1, space: 0.1, mode: -1),
        "wistful": .init(energy: -0.1, mode: -1), "nostalgic": .init(brightness: -0.1, mode: -1),
        "lonely": .init(energy: -0.15, space: 0.15, mode: -1), "rainy": .init(brightness: -0.1, mode: -1),
        "bittersweet": .init(mode: -1),
        "dark": .init(brightness: -0.3, mode: -1), "moody": .init(brightness: -0.2, mode: -1),
        "mysterious": .init(brightness: -0.2, space: 0.15, mode: -1),
        "brooding": .init(energy: -0.05, brightness: -0.3, mode: -1),
        "ominous": .init(brightness: -0.35, space: 0.1, mode: -1), "tense": .init(energy: 0.1, mode: -1),
        "happy": .init(energy: 0.1, brightness: 0.2, tempo: 1.05, mode: 1),
        "joyful": .init(energy: 0.15, brightness: 0.2, tempo: 1.05, mode: 1),
        "bright": .init(brightness: 0.3, mode: 1), "sunny": .init(energy: 0.1, brightness: 0.25, mode: 1),
        "uplifting": .init(energy: 0.15, brightness: 0.2, mode: 1),
        "hopeful": .init(brightness: 0.15, mode: 1), "cheerful": .init(energy: 0.1, brightness: 0.2, mode: 1),
        "playful": .init(energy: 0.1, brightness: 0.15, tempo: 1.05, mode: 1),
        "dreamy": .init(energy: -0.1, brightness: -0.05, space: 0.3),
        "ethereal": .init(energy: -0.15, space: 0.35), "floating": .init(energy: -0.15, space: 0.3),
        "spacey": .init(space: 0.35), "cosmic": .init(space: 0.35), "vast": .init(space: 0.3),
        "energetic": .init(energy: 0.3, brightness: 0.1, tempo: 1.08),
        "driving": .init(energy: 0.25, tempo: 1.05), "intense": .init(energy: 0.35, brightness: 0.1),
        "powerful": .init(energy: 0.3), "euphoric": .init(energy: 0.3, brightness: 0.2, mode: 1),
        "upbeat": .init(energy: 0.2, tempo: 1.1), "hype": .init(energy: 0.35, tempo: 1.08),
        "party": .init(energy: 0.3, tempo: 1.05), "epic": .init(energy: 0.3, space: 0.2),
        "focus": .init(energy: -0.1), "focused": .init(energy: -0.1), "study": .init(energy: -0.1),
        "studying": .init(energy: -0.1), "concentration": .init(energy: -0.15), "work": .init(energy: -0.05),
        "slow": .init(energy: -0.1, tempo: 0.85), "fast": .init(energy: 0.15, tempo: 1.15),
        "downtempo": .init(energy: -0.1, tempo: 0.88), "uptempo": .init(energy: 0.15, tempo: 1.12),
        "minimal": .init(energy: -0.2), "sparse": .init(energy: -0.25), "busy": .init(energy: 0.2),
        "dense": .init(energy: 0.2), "lush": .init(space: 0.15), "dry": .init(space: -0.3),
        "muted": .init(brightness: -0.25), "crisp": .init(brightness: 0.2),
    ]

    /// Instrument words → the canonical instrument name engines declare support for.
    static let instruments: [String: String] = [
        "piano": "piano", "keys": "piano", "grand": "piano",
        "rhodes": "electric piano", "e-piano": "electric piano", "epiano": "electric piano",
        "wurlitzer": "electric piano", "electric-piano": "electric piano", "wurli": "electric piano",
        "pad": "pads", "pads": "pads", "synth": "pads", "synths": "pads", "strings": "strings",
        "choir": "choir", "voices": "choir", "drone": "drone", "drones": "drone",
        "bass": "bass", "sub": "bass", "sub-bass": "bass", "808": "bass", "bassline": "bass",
        "drums": "drums", "drum": "drums", "beat": "drums", "percussion": "drums", "kick": "drums",
        "hats": "drums", "hi-hats": "drums", "hi-hat": "drums", "snare": "drums", "claps": "drums",
        "arp": "arpeggio", "arps": "arpeggio", "arpeggio": "arpeggio", "arpeggios": "arpeggio",
        "arpeggiated": "arpeggio", "pluck": "pluck", "plucks": "pluck", "guitar": "guitar",
        "bells": "bells", "bell": "bells", "chimes": "bells", "glockenspiel": "bells",
        "lead": "lead", "melody": "lead",
        "vinyl": "vinyl", "crackle": "vinyl", "tape": "vinyl", "rain": "rain", "noise": "noise",
        "wind": "noise", "ocean": "noise", "waves": "noise",
        "vocals": "vocals", "vocal": "vocals", "singing": "vocals", "rap": "vocals", "lyrics": "vocals",
        "violin": "strings", "cello": "strings", "saxophone": "saxophone", "sax": "saxophone",
        "trumpet": "brass", "brass": "brass", "flute": "flute", "organ": "organ",
    ]

    /// Words that turn the next instrument word into an exclusion.
    static let negations: Set<String> = ["no", "without", "minus", "sans", "zero"]

    /// Explicit energy phrases: "low energy" and friends set energy outright.
    static let energyLevels: [String: Double] = ["low": 0.25, "medium": 0.5, "mid": 0.5, "high": 0.85]
}
