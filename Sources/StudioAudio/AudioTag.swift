import CSndFile

/// The text tags a rendered file may carry, named as the product speaks of them.
///
/// The mapping to libsndfile's `SF_STR_*` lives here so that the writer and the reader can
/// never disagree about which field a tag is.
public enum AudioTag: Sendable, CaseIterable {
    case title, artist, comment, copyright, licence, software, date, album, genre

    var sfStringType: Int32 {
        switch self {
        case .title: Int32(SF_STR_TITLE)
        case .artist: Int32(SF_STR_ARTIST)
        case .comment: Int32(SF_STR_COMMENT)
        case .copyright: Int32(SF_STR_COPYRIGHT)
        case .licence: Int32(SF_STR_LICENSE)
        case .software: Int32(SF_STR_SOFTWARE)
        case .date: Int32(SF_STR_DATE)
        case .album: Int32(SF_STR_ALBUM)
        case .genre: Int32(SF_STR_GENRE)
        }
    }
}

extension AudioMetadata {
    /// The value for `tag`, nil when this piece of metadata has none.
    func value(for tag: AudioTag) -> String? {
        switch tag {
        case .title: title
        case .artist: artist
        case .comment: comment
        case .copyright: copyright
        case .licence: licence
        case .software: software
        case .date: date
        case .album: album
        case .genre: genre
        }
    }
}
