/// The tags every rendered file carries, so that a file separated from its page or API object
/// still says who made it and under which licence it may be used.
///
/// `date` is passed in rather than read from the clock: the same request must produce the same
/// bytes, and a timestamp taken while writing would make every render unique.
/// Which of these fields survive in which container is documented on `AudioFileWriter`.
public struct AudioMetadata: Sendable, Equatable {
    public var title: String
    public var artist: String
    public var album: String?
    /// Carries the licence summary (`LicenceTerms.summary`): the comment is the one field that
    /// every container we write stores, so the licence travels even where `licence` cannot.
    public var comment: String
    public var copyright: String?
    public var licence: String?
    public var software: String
    /// `YYYY-MM-DD`.
    public var date: String
    public var genre: String?

    public init(
        title: String, artist: String, album: String? = nil, comment: String,
        copyright: String? = nil, licence: String? = nil, software: String, date: String,
        genre: String? = nil
    ) {
        self.title = title
        self.artist = artist
        self.album = album
        self.comment = comment
        self.copyright = copyright
        self.licence = licence
        self.software = software
        self.date = date
        self.genre = genre
    }
}
