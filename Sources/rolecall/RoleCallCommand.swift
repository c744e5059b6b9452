import ArgumentParser
import RoleCall

/// The `rolecall` command: a thin shell over the RoleCall library.
@main
struct RoleCallCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "rolecall",
    abstract: "Tell clients, servers and peers apart in network captures, and show why.",
    discussion: """
      Exit status: 0 on success; 1 when a capture could not be read to its end (what was read \
      before the fault is still reported); 64 for a usage error such as a bad filter. `rolecall \
      check` has its own: 0 all passed, 1 a check missed, 2 a bad lab file or capture.
      """,
    subcommands: [
      Analyze.self, Check.self, Flows.self, Lessons.self, Interfaces.self, Live.self,
    ]
  )

  /// Runs the command, after keeping the process in one malloc arena (see `MallocArenas`).
  static func main() {
    MallocArenas.useOne()
    main(nil)
  }
}
