import Foundation
import StudioEngine

/// `studio`: a thin shell over the Studio modules. Each command lives in its own file.
let usage = """
usage: studio <command> [options]

commands:
  render    render one piece from a prompt to an audio file
  engines   list the music engines and their licence terms
  analyze   measure loudness, true peak, tempo and key of audio files

`studio <command> --help` explains a command.
"""

let arguments = Array(CommandLine.arguments.dropFirst())
do {
    switch arguments.first {
    case "render": try RenderCommand.run(Array(arguments.dropFirst()))
    case "engines": try EnginesCommand.run(Array(arguments.dropFirst()))
    case "analyze": try AnalyzeCommand.run(Array(arguments.dropFirst()))
    case "--help", "-h", "help": print(usage)
    case "--version": print("studio 0.1.0")
    case nil:
        FileHandle.standardError.write(Data((usage + "\n").utf8))
        exit(2)
    case let other?:
        FileHandle.standardError.write(Data("studio: unknown command '\(other)'\n\n\(usage)\n".utf8))
        exit(2)
    }
} catch let error as Arguments.UsageError {
    FileHandle.standardError.write(Data("\(error.description)\n".utf8))
    exit(2)
} catch {
    FileHandle.standardError.write(Data("studio: \(error)\n".utf8))
    exit(1)
}
