import ArgumentParser
import RoleCall

extension AnalysisRenderer.Format: ExpressibleByArgument {}

/// `rolecall analyze`: who is a client, a server or a peer, and what each flow is.
struct Analyze: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract:
      "Tell clients, servers and peers apart, and call every flow client/server or peer-to-peer.",
    discussion: """
      Roles come from connection patterns alone: who opened each connection (the TCP handshake), \
      who accepted it and on which port, and how each host's connections fan out and in. Every \
      verdict names the rule that decided it and how sure it is (measured, inferred, pattern). \
      Each finding quotes the course passage that teaches it: the bundled course, or the \
      instructor's pages with --lessons DIR.
      """)

  @OptionGroup var capture: CaptureOptions

  @OptionGroup(title: "Lessons") var lessons: LessonOptions

  @Option(help: "Output format: text or json.")
  var format: AnalysisRenderer.Format = .text

  @Flag(help: "Show every flow (text cuts long lists).")
  var all = false

  func run() throws {
    let filter = try capture.compiledFilter()
    let analysis = capture.analyze(filter: filter)
    let roles = RoleInference.analyze(analysis.tracker.flows)
    let course = lessons.course()
    let report = AnalysisReport(analysis, roles: roles, linker: LessonLinker(course: course))
    StandardStreams.write(AnalysisRenderer.render(report, as: format, limit: all ? nil : 20))
    for error in course.errors { StandardStreams.error(error.message) }
    for error in analysis.errors { StandardStreams.error(error.message) }
    if !analysis.errors.isEmpty || !course.errors.isEmpty { throw ExitCode(1) }
  }
}
