import Foundation
import StudioCore

/// `studio completion bash|zsh`: a completion script for the shell. Commands come from `studio`'s
/// own table; each command's options are read from its help (`studio help CMD`) when completing,
/// so the scripts never fall behind a new flag; engines come from `studio engines --keys`.
enum CompletionCommand {
    static let help = """
    usage: studio completion bash|zsh

    Prints a completion script for the shell. Load it from your shell's startup file:
      bash:  source <(studio completion bash)          (in ~/.bashrc)
      zsh:   source <(studio completion zsh)           (in ~/.zshrc, after compinit)
    Commands, each command's options, engine keys (--engine) and formats (--format) complete;
    other values complete as file names.
    """

    static func run(_ raw: [String]) throws {
        let arguments = try Arguments(raw, command: "completion", valued: [], boolean: ["help"], aliases: ["h": "help"])
        if arguments.has("help") { print(help); return }
        switch arguments.positionals.first {
        case "bash": print(bash)
        case "zsh": print(zsh)
        case let other?:
            throw Arguments.UsageError(description: "completion: no completion for '\(other)'"
                                       + Suggestion.didYouMean(other, among: ["bash", "zsh"]) { "'\($0)'" } + " (bash or zsh)")
        case nil: throw Arguments.UsageError(description: "completion: name the shell: studio completion bash, or zsh")
        }
    }

    static var commandNames: String { (Commands.all.keys.sorted() + ["help"]).joined(separator: " ") }
    static var formatNames: String { AudioFormat.allCases.map(\.rawValue).joined(separator: " ") }

    static var bash: String {
        """
        # bash completion for studio (studio completion bash)
        _studio() {
            local cur=${COMP_WORDS[COMP_CWORD]} previous=${COMP_WORDS[COMP_CWORD-1]}
            if (( COMP_CWORD == 1 )); then
                COMPREPLY=($(compgen -W "\(commandNames)" -- "$cur")); return
            fi
            local command=${COMP_WORDS[1]}
            if [[ $command == help ]]; then
                COMPREPLY=($(compgen -W "\(commandNames)" -- "$cur")); return
            fi
            case $previous in
                --engine) COMPREPLY=($(compgen -W "$("${COMP_WORDS[0]}" engines --keys 2>/dev/null)" -- "$cur")); return ;;
                --format) COMPREPLY=($(compgen -W "\(formatNames)" -- "$cur")); return ;;
            esac
            if [[ $cur == -* ]]; then
                COMPREPLY=($(compgen -W "$("${COMP_WORDS[0]}" help "$command" 2>/dev/null | grep -oE -- '--[a-z][a-z0-9-]*' | sort -u)" -- "$cur"))
                return
            fi
            COMPREPLY=($(compgen -f -- "$cur"))
        }
        complete -o filenames -F _studio studio
        """
    }

    static var zsh: String {
        """
        #compdef studio
        # zsh completion for studio (studio completion zsh)
        _studio() {
            local studio=${words[1]}
            if (( CURRENT == 2 )); then
                compadd -- \(commandNames); return
            fi
            local command=${words[2]}
            if [[ $command == help ]]; then
                compadd -- \(commandNames); return
            fi
            case ${words[CURRENT-1]} in
                --engine) compadd -- ${(f)"$($studio engines --keys 2>/dev/null)"}; return ;;
                --format) compadd -- \(formatNames); return ;;
            esac
            if [[ ${words[CURRENT]} == -* ]]; then
                compadd -- ${(f)"$($studio help $command 2>/dev/null | grep -oE -- '--[a-z][a-z0-9-]*' | sort -u)"}
                return
            fi
            _files
        }
        if [[ ${funcstack[1]} == _studio ]]; then _studio "$@"; else compdef _studio studio; fi
        """
    }
}
