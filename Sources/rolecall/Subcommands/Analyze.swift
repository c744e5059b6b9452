import ArgumentParser
import Foundation
import RoleCall

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

extension AnalysisRenderer.Format: ExpressibleByArgument {}

/// `rolecall analyze`: the annotated report. Who is a client, a server or a peer, why, and the
/// lesson that explains it; the peer-to-peer groups; the flows by verdict; what to be wary of.
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

      Give capture files, or a folder: every *.pcap, *.pcapng and *.cap file in it is analysed \
      on its own and the report joins them, naming the capture each host, finding and flow \
      came from. Files given one by one are read as one stream.

      Formats: text (for a terminal; colour only on a terminal, NO_COLOR honoured), json (the \
      contract in docs/analyze-json.md), markdown (for a lab write-up) and html (one \
      self-contained page with a connection graph). Text, Markdown and HTML cut long lists; \
      --all shows everything.
      """)

  @OptionGroup var capture: CaptureOptions

  @OptionGroup(title: "Lessons") var lessons: LessonOptions

  @OptionGroup(title: "Output") var output: OutputOptions

  @Option(help: "Output format: text, json, markdown or html.")
  var format: AnalysisRenderer.Format = .text

  @Flag(help: "Show every flow, host and example (text, Markdown and HTML cut long lists).")
  var all = false

  @Flag(help: .hidden)
  var timings = false

  func run() throws {
    let filter = try capture.compiledFilter()
    let selection = CaptureSelection(arguments: capture.files)
    var destination: FileOutput
    do {
      destination = try output.open()
    } catch let error as OutputError {
      StandardStreams.error(error.message)
      throw ExitCode(1)
    }
    let clock = ContinuousClock()
    var stages: [(String, Duration)] = []
    let progress = Progress(enabled: output.showsProgress)
    // The course is read on another thread while the capture is (it takes tens of milliseconds).
    let lessons = self.lessons
    let loading = Background { () -> (LessonCourse, LessonLinker) in
      let course = lessons.course()
      return (course, LessonLinker(course: course))
    }
    let sizes = selection.units.map { $0.reduce(Int64(0)) { $0 + CaptureSelection.size($1) } }
    // The share of the bytes read, over every capture (0 for standard input: a moving mark).
    let total = sizes.reduce(0, +)
    var done: Int64 = 0
    var parts: [AnalysisReport] = []
    var captureErrors: [String] = []
    for (number, unit) in selection.units.enumerated() {
      let name = unit.count == 1 ? unit[0] : "\(unit.count) files"
      let counter = selection.units.count > 1 ? " (\(number + 1)/\(selection.units.count))" : ""
      progress.update("reading \(name)\(counter)", done: done, total: total)
      let (part, errors) = analyze(
        unit, filter: filter, lessons: loading, capture: selection.apart ? unit[0] : nil,
        clock: clock, stages: &stages, progress: progress, done: done, total: total)
      parts.append(part)
      captureErrors += errors
      done += sizes[number]
    }
    progress.update("writing the report", done: total, total: total)
    let report = AnalysisReport.merging(parts)
    parts = []
    // Kept to the end of the process rather than freed when `run` returns: its flow records and
    // host tables are hundreds of thousands of blocks, which took 6 ms to free after the
    // report was written (big.pcap, 20 interleaved runs), and the system takes them back at
    // exit anyway.
    KeptUntilExit.report = report
    // The progress line stays while the report is written, unless the report goes to the
    // same terminal.
    if output.toTerminal { progress.finish() }
    let options = AnalysisRenderer.Options(
      limit: all ? nil : 20, color: format == .text && output.colored, width: output.width,
      fitTables: output.toTerminal)
    let rendering = clock.measure {
      AnalysisRenderer.render(report, as: format, options: options, to: &destination)
    }
    stages.append(("render", rendering))
    progress.finish()
    if output.path != nil { close(destination.descriptor) }
    var failed = false
    if let failure = destination.failureText {
      StandardStreams.error("\(output.path ?? "standard output"): cannot write: \(failure)")
      failed = true
    }
    if timings {
      StandardStreams.error(
        "timings: "
          + stages.map { "\($0.0) \(String(format: "%.3f", seconds($0.1))) s" }.joined(
            separator: ", "))
    }
    let course = loading.value().0
    for error in selection.errors + course.errors.map(\.message) + captureErrors {
      StandardStreams.error(error)
    }
    if failed || !selection.errors.isEmpty || !course.errors.isEmpty || !captureErrors.isEmpty {
      throw ExitCode(1)
    }
  }

  /// Reads one capture (one or more files read as one stream) and builds its report; the flow
  /// table is gone when this returns, so a folder of captures holds one table at a time.
  private func analyze(
    _ files: [String], filter: PacketFilter?, lessons: Background<(LessonCourse, LessonLinker)>,
    capture name: String?,
    clock: ContinuousClock, stages: inout [(String, Duration)], progress: Progress, done: Int64,
    total: Int64
  ) -> (AnalysisReport, [String]) {
    var analysis = FlowAnalysis(timeouts: capture.timeouts)
    let reading = clock.measure {
      var before = done
      for file in files {
        let start = before
        analysis.read(path: file, filter: filter) { bytes in
          progress.update(done: start + Int64(bytes), total: total)
        }
        before += CaptureSelection.size(file)
      }
    }
    progress.update("finding roles")
    var roles: RoleAnalysis?
    let inference = clock.measure { roles = RoleInference.analyze(analysis.tracker.flows) }
    progress.update("building the report")
    let linker = lessons.value().1
    var report: AnalysisReport?
    let building = clock.measure {
      // Handed over, not kept here: the report keeps the hosts and makes their rows when read.
      if let roles = roles.take() {
        report = AnalysisReport(
          analysis, roles: roles, linker: linker, capture: name,
          connections: AnalysisRenderer.connections(shownIn: format))
      }
    }
    stages += [("read", reading), ("roles", inference), ("report", building)]
    return (
      report ?? AnalysisReport.merging([]), analysis.errors.map(\.message)
    )
  }

  private func seconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
  }
}

/// What the process keeps until it exits instead of freeing it (see `Analyze.run`).
enum KeptUntilExit {
  /// Written once, by the main thread, after the report is made.
  nonisolated(unsafe) static var report: AnalysisReport?
}
