// swift-tools-version:6.0
import PackageDescription

/// Music Studio: one module per stage of the data flow.
/// Lower modules never import higher ones:
/// StudioCore ← StudioAudio ← StudioEngine ← studio; StudioCore ← StudioStore ← studio;
/// StudioCore ← StudioRecipes (the load and validate stages of `studio build`).
/// StudioTemplates (the share pages' template language) stands alone on Foundation.
/// StudioMIDI (Standard MIDI Files, Foundation only) ← StudioEngine.
/// StudioHTTP (HTTP/1.1 server and static files on POSIX sockets) stands alone on Foundation, Glibc
/// and CLinuxIO (the headers of epoll, eventfd and sendfile; and of inotify, for StudioServer's
/// `serve --watch`).
let package = Package(
    name: "MusicStudio",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "studio", targets: ["studio"]),
    ],
    targets: [
        .systemLibrary(
            name: "CSQLite",
            pkgConfig: "sqlite3",
            providers: [.apt(["libsqlite3-dev"])]
        ),
        .systemLibrary(
            name: "CSndFile",
            pkgConfig: "sndfile",
            providers: [.apt(["libsndfile1-dev"])]
        ),
        .target(name: "StudioCore"),
        .target(name: "StudioAudio", dependencies: ["StudioCore", "CSndFile"]),
        .target(name: "StudioEngine", dependencies: ["StudioCore", "StudioAudio", "StudioSoundFont", "StudioMIDI"]),
        .target(name: "StudioStore", dependencies: ["StudioCore", "CSQLite"]),
        .target(name: "StudioSoundFont", dependencies: ["StudioCore"]),
        .target(name: "StudioTemplates"),
        .target(name: "StudioRecipes", dependencies: ["StudioCore"]),
        .target(name: "StudioAPI", dependencies: ["StudioCore"]),
        // The default theme: templates/ compiled in by the EmbedSiteTemplates plugin (through the
        // studio-embed tool), so that `studio` alone publishes a whole site.
        .executableTarget(name: "studio-embed"),
        .plugin(name: "EmbedSiteTemplates", capability: .buildTool(), dependencies: ["studio-embed"]),
        .target(name: "StudioDefaultSite", plugins: ["EmbedSiteTemplates"]),
        // The browser console at /studio/: console/ compiled in the same way (never published).
        .target(name: "StudioConsole", plugins: ["EmbedSiteTemplates"]),
        .target(name: "StudioPublish", dependencies: ["StudioCore", "StudioAPI", "StudioStore", "StudioTemplates", "StudioDefaultSite"]),
        .target(name: "StudioBuild", dependencies: ["StudioCore", "StudioAPI", "StudioEngine", "StudioRecipes", "StudioStore",
                                                    "StudioPublish"]),
        .target(name: "StudioMIDI"),
        .systemLibrary(name: "CLinuxIO"),
        .target(name: "StudioHTTP", dependencies: ["CLinuxIO"]),
        .target(name: "StudioServer", dependencies: ["StudioCore", "StudioAPI", "StudioAudio", "StudioBuild", "StudioEngine", "StudioHTTP",
                                                     "StudioPublish", "StudioStore", "StudioTemplates", "StudioConsole", "CLinuxIO"]),
        .executableTarget(
            name: "studio",
            dependencies: ["StudioCore", "StudioAudio", "StudioEngine", "StudioStore", "StudioAPI", "StudioBuild", "StudioPublish",
                           "StudioHTTP", "StudioServer"]
        ),
        .executableTarget(
            name: "studio-bench",
            dependencies: ["StudioCore", "StudioAPI", "StudioBuild", "StudioEngine", "StudioPublish", "StudioStore", "StudioHTTP",
                           "StudioServer"]
        ),
        // Seeded generators, mutators and the per-input watchdog of the fuzz tests
        // (docs/RELIABILITY.md, "Fuzzing"); a plain target so that several test targets share it.
        .target(name: "StudioFuzzSupport", dependencies: ["StudioCore"], path: "Tests/StudioFuzzSupport"),
        .testTarget(name: "StudioCoreTests", dependencies: ["StudioCore"]),
        .testTarget(name: "StudioAudioTests", dependencies: ["StudioAudio"]),
        .testTarget(name: "StudioEngineTests", dependencies: ["StudioEngine", "StudioAudio", "StudioSoundFont", "StudioMIDI"]),
        .testTarget(name: "StudioStoreTests", dependencies: ["StudioStore"]),
        .testTarget(name: "StudioCLITests", dependencies: ["StudioAudio", "StudioStore", "StudioCore"]),
        .testTarget(name: "StudioSoundFontTests", dependencies: ["StudioSoundFont"]),
        .testTarget(name: "StudioTemplatesTests", dependencies: ["StudioTemplates", "StudioFuzzSupport"], exclude: ["Fixtures"]),
        .testTarget(name: "StudioRecipesTests", dependencies: ["StudioRecipes", "StudioCore", "StudioFuzzSupport"]),
        .testTarget(name: "StudioPublishTests", dependencies: ["StudioPublish", "StudioAPI", "StudioStore", "StudioCore"]),
        .testTarget(name: "StudioMIDITests", dependencies: ["StudioMIDI"]),
        .testTarget(name: "StudioBuildTests", dependencies: ["StudioBuild", "StudioStore", "StudioCore", "StudioAPI"]),
        .testTarget(name: "StudioHTTPTests", dependencies: ["StudioHTTP", "StudioFuzzSupport"]),
        .testTarget(name: "StudioServerTests", dependencies: ["StudioServer", "StudioHTTP", "StudioStore", "StudioAPI", "StudioCore"]),
    ],
    swiftLanguageModes: [.v6]
)
