import ArgumentParser

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// When text gets colour and bold.
enum ColorChoice: String, CaseIterable, ExpressibleByArgument {
  case auto, always, never
}

/// Where a report goes and how it looks there: `-o FILE`, `--color`, `--quiet`.
struct OutputOptions: ParsableArguments {
  @Option(
    name: [.customShort("o"), .customLong("output")],
    help: ArgumentHelp("Write the report to FILE instead of standard output.", valueName: "file"))
  var path: String?

  @Option(
    help: ArgumentHelp(
      "Colour and bold in text: auto (on a terminal, unless NO_COLOR is set), always or never.",
      valueName: "when"))
  var color: ColorChoice = .auto

  @Flag(
    name: [.customShort("q"), .customLong("quiet")], help: "No progress bar on standard error.")
  var quiet = false

  /// Whether the report goes to a terminal (standard output, not redirected).
  var toTerminal: Bool { path == nil && Terminal.isTerminal(1) }

  /// Colour: asked for, or on a terminal that is not dumb without NO_COLOR.
  var colored: Bool {
    switch color {
    case .always: true
    case .never: false
    case .auto: toTerminal && !Terminal.noColorRequested && !Terminal.isDumb
    }
  }

  /// The width text is wrapped to: the terminal's, or 100 columns into a file or a pipe.
  var width: Int { toTerminal ? max(40, Terminal.columns(1) ?? 100) : 100 }

  /// A progress bar only where a person watches: standard error on a terminal.
  var showsProgress: Bool { !quiet && Terminal.isTerminal(2) }

  /// Opens the destination: standard output, or FILE (created or emptied).
  func open() throws -> FileOutput {
    guard let path else { return FileOutput(descriptor: 1) }
    let descriptor = Glibc.open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
    guard descriptor >= 0 else {
      let reason = String(cString: strerror(errno)).lowercased()
      throw OutputError(message: "\(path): cannot write: \(reason)")
    }
    return FileOutput(descriptor: descriptor)
  }
}

/// The report's destination could not be opened or written.
struct OutputError: Error {
  var message: String
}
