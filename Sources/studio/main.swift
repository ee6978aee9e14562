import Foundation
import StudioEngine

/// `studio`: a thin shell over the Studio modules. Each command lives in its own file.
let usage = """
usage: studio <command> [options]

commands:
  build     apply recipes/*.json5, render what changed, publish public/
            (--shard I/N: only shard I's share of the renders, into the shared --cache)
  publish   rewrite public/ from the state alone
  serve     serve public/ and the live API, rendering jobs in the background
  render    render one piece from a prompt (or a MIDI file) to an audio file
  engines   list the music engines and their licence terms
  analyze   measure loudness, true peak, tempo and key of audio files
  orgs      create organizations          (studio orgs create NAME)
  users     create users with a token     (studio users create EMAIL --org ORG);
            add them to or remove them from organizations, rotate-token
  keys      create API keys               (studio keys create --user USR --org ORG);
            list --org ORG, revoke KEY_ID

`studio <command> --help` explains a command.
"""

let arguments = Array(CommandLine.arguments.dropFirst())
do {
    switch arguments.first {
    case "build": try BuildCommand.run(Array(arguments.dropFirst()))
    case "publish": try PublishCommand.run(Array(arguments.dropFirst()))
    case "serve": try ServeCommand.run(Array(arguments.dropFirst()))
    case "orgs": try AccountCommands.orgs(Array(arguments.dropFirst()))
    case "users": try AccountCommands.users(Array(arguments.dropFirst()))
    case "keys": try AccountCommands.keys(Array(arguments.dropFirst()))
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
