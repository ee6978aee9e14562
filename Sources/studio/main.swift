import Foundation
import StudioCore
import StudioEngine

/// `studio`: a thin shell over the Studio modules. Each command lives in its own file.
let usage = """
usage: studio <command> [options]

commands:
  init       create a project: studio.json5, a recipe, a README (studio init DIR)
  build      apply recipes/*.json5, render what changed, publish public/
             (--shard I/N: only shard I's share of the renders, into the shared --cache)
  publish    rewrite public/ from the state alone
  serve      serve public/ and the live API, rendering jobs in the background
  render     render one piece from a prompt (or a MIDI file) to an audio file
  engines    list the music engines and their licence terms
  analyze    measure loudness, true peak, tempo and key of audio files
  templates  write the built-in page templates out to edit them (studio templates export DIR)
  orgs       create organizations          (studio orgs create NAME)
  users      create users with a token     (studio users create EMAIL --org ORG);
             add them to or remove them from organizations, rotate-token
  keys       create API keys               (studio keys create --user USR --org ORG);
             list --org ORG, revoke KEY_ID
  completion print a bash or zsh completion script (studio completion bash)

`studio help <command>` or `studio <command> --help` explains a command; -V, --version the version.
"""

let arguments = Array(CommandLine.arguments.dropFirst())
do {
    switch arguments.first {
    case "--help", "-h": print(usage)
    case "help":
        guard let topic = arguments.dropFirst().first else { print(usage); break }
        guard let command = Commands.all[topic] else { throw Arguments.UsageError(description: unknownCommand(topic)) }
        print(command.help)
    case "--version", "-V", "version": print("studio \(StudioVersion.current)")
    case nil:
        FileHandle.standardError.write(Data((usage + "\n").utf8))
        exit(2)
    case let name?:
        guard let command = Commands.all[name] else { throw Arguments.UsageError(description: unknownCommand(name)) }
        try command.run(Array(arguments.dropFirst()))
    }
} catch let error as Arguments.UsageError {
    CommandError.report(error.description)
    exit(2)
} catch {
    CommandError.report(ErrorText.describe(error))
    exit(1)
}

func unknownCommand(_ name: String) -> String {
    "unknown command '\(name)'" + Suggestion.didYouMean(name, among: Commands.all.keys) { "'\($0)'" } + " (studio --help lists them)"
}
