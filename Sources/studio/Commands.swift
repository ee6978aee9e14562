/// Every command `studio` runs: its entry point and its help text, so that `studio help CMD`,
/// did-you-mean for a mistyped command and the shell completions all read one table.
enum Commands {
    typealias Entry = (run: @Sendable ([String]) throws -> Void, help: String)

    static let all: [String: Entry] = [
        "init": (InitCommand.run, InitCommand.help),
        "build": (BuildCommand.run, BuildCommand.help),
        "publish": (PublishCommand.run, PublishCommand.help),
        "serve": (ServeCommand.run, ServeCommand.help),
        "render": (RenderCommand.run, RenderCommand.help),
        "engines": (EnginesCommand.run, EnginesCommand.help),
        "analyze": (AnalyzeCommand.run, AnalyzeCommand.help),
        "templates": (TemplatesCommand.run, TemplatesCommand.help),
        "orgs": (AccountCommands.orgs, AccountCommands.help),
        "users": (AccountCommands.users, AccountCommands.help),
        "keys": (AccountCommands.keys, AccountCommands.help),
        "completion": (CompletionCommand.run, CompletionCommand.help),
    ]
}
