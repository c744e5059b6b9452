import ArgumentParser
import Dispatch
import RoleCall
import Synchronization

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// `rolecall live`: capture on an interface and watch roles appear, with bounded memory.
struct Live: ParsableCommand {
  /// The flow table's default capacity in live mode.
  static let defaultMaxFlows = 262_144

  static let configuration = CommandConfiguration(
    abstract: "Capture on an interface and print role changes as they happen, then the report.",
    discussion: """
      Opens the interface through libpcap (promiscuous, immediate mode) and prints a line each \
      time a host takes a new role, a summary every --every seconds, and the full report when \
      the capture stops: after -c packets, after --duration seconds, or on SIGINT or SIGTERM. \
      With -w, what was captured is also written to a pcapng file that is complete after any of \
      those stops. Memory is bounded: the flow table holds at most --max-flows flows (the least \
      recently seen is evicted when it is full; idle flows expire after the timeouts), and \
      flows that leave the table still count in the host summaries. The report ends with what \
      stopped the capture, libpcap's received and dropped counters, and the flow table's \
      evictions and expirations (the `live` object with --format json, whose running lines go \
      to standard error). An interface that goes down or disappears ends the capture with a \
      one-line error, after the report.
      """)

  @Option(
    name: .shortAndLong, help: ArgumentHelp("The interface to capture on.", valueName: "name"))
  var interface: String

  @Option(
    name: [.customShort("f"), .customLong("filter")],
    help: ArgumentHelp("Only capture packets that match this BPF filter.", valueName: "expression"))
  var filter: String?

  @Option(
    name: .customShort("c"), help: ArgumentHelp("Stop after this many packets.", valueName: "count")
  )
  var count: Int?

  @Option(help: ArgumentHelp("Stop after this many seconds.", valueName: "seconds"))
  var duration: Double?

  @Option(
    name: .customShort("w"),
    help: ArgumentHelp("Also write the captured packets to this pcapng file.", valueName: "file"))
  var writeFile: String?

  @Option(help: ArgumentHelp("Seconds between summaries and role checks.", valueName: "seconds"))
  var every: Double = 2

  @Option(help: ArgumentHelp("The most flows kept in memory (default 262144).", valueName: "flows"))
  var maxFlows: Int = Live.defaultMaxFlows

  @Option(help: ArgumentHelp("Bytes kept of each packet.", valueName: "bytes"))
  var snaplen: Int = 262_144

  @Option(help: ArgumentHelp("The kernel capture buffer, in bytes.", valueName: "bytes"))
  var bufferSize: Int?

  @Flag(help: "Do not put the interface in promiscuous mode.")
  var noPromiscuous = false

  @Option(
    help: ArgumentHelp("Seconds a TCP flow may be idle before it expires.", valueName: "seconds"))
  var tcpTimeout: Double = 300

  @Option(
    help: ArgumentHelp("Seconds a UDP flow may be idle before it expires.", valueName: "seconds"))
  var udpTimeout: Double = 60

  @Option(
    help: ArgumentHelp(
      "Seconds an ICMP or other flow may be idle before it expires.", valueName: "seconds"))
  var otherTimeout: Double = 60

  @Option(help: "Report format: text or json (the contract in docs/analyze-json.md).")
  var format: AnalysisRenderer.Format = .text

  @Flag(help: "Show every flow in the final report (text cuts long lists).")
  var all = false

  @OptionGroup(title: "Lessons") var lessons: LessonOptions

  func validate() throws {
    if let count, count <= 0 { throw ValidationError("-c must be a positive number of packets") }
    if let duration, !(duration > 0) {
      throw ValidationError("--duration must be a positive number of seconds")
    }
    if !(every > 0) { throw ValidationError("--every must be a positive number of seconds") }
    if format != .text && format != .json {
      throw ValidationError("--format must be text or json for a live capture")
    }
    if maxFlows <= 0 { throw ValidationError("--max-flows must be a positive number of flows") }
    for (name, value) in [
      ("--tcp-timeout", tcpTimeout), ("--udp-timeout", udpTimeout),
      ("--other-timeout", otherTimeout),
    ]
    where !(value > 0) {
      throw ValidationError("\(name) must be a positive number of seconds")
    }
  }

  func run() throws {
    let timeouts = FlowTimeouts(
      tcpSeconds: tcpTimeout, udpSeconds: udpTimeout, otherSeconds: otherTimeout)
    var options = LibpcapLive.Options()
    options.snapLength = snaplen
    options.promiscuous = !noPromiscuous
    options.bufferSize = bufferSize
    let live: LibpcapLive
    do {
      live = try LibpcapLive(interface: interface, options: options)
      if let filter { try live.setFilter(filter) }
    } catch {
      StandardStreams.error(error.message)
      throw ExitCode(error.kind == .badFilter ? 64 : 1)
    }
    var writer: PcapngWriter?
    if let writeFile {
      do {
        writer = try PcapngWriter(
          path: writeFile, linkType: live.linkType, snapLength: live.snapLength,
          interfaceName: interface)
      } catch {
        StandardStreams.error(error.message)
        throw ExitCode(1)
      }
    }
    let stop = StopSignals(live)
    // With --format json, standard output carries the report only; the running commentary goes
    // to standard error.
    let commentary: @Sendable (String) -> Void =
      format == .json ? LiveSession.writeToStandardError : StandardStreams.write
    var session = LiveSession(
      analysis: FlowAnalysis(timeouts: timeouts, maxFlows: maxFlows), every: every,
      output: commentary)
    session.analysis.beginSource(interface)
    commentary(
      "Capturing on \(interface) (\(live.linkType.name)); flow table of \(maxFlows) flows, "
        + "at most \(FlowTracker.bytes(maxFlows: maxFlows)) bytes\n")
    let failure = session.capture(live, writer: writer, count: count, duration: duration)
    var writeFailure: CaptureError?
    do { try writer?.close() } catch { writeFailure = error }
    stop.cancel()

    let tracker = session.analysis.tracker
    let roles = RoleInference.analyze(tracker.flows, retired: tracker.retired)
    let course = lessons.course()
    var report = AnalysisReport(
      session.analysis, roles: roles, linker: LessonLinker(course: course))
    let summary = LiveCaptureSummary(
      interface: interface,
      stoppedBy: stop.signalName ?? (failure != nil ? "an error" : session.stopReason),
      error: failure?.message, packets: session.captured, libpcap: live.statistics(),
      flowTable: LiveCaptureSummary.FlowTableFigures(tracker, maxFlows: maxFlows),
      written: writer.map { LiveCaptureSummary.WrittenFile(path: $0.path, packets: $0.packets) })
    report.live = summary
    // Written as it is rendered, so a report of many flows never exists whole in memory.
    var output = FileOutput(descriptor: 1)
    if format == .text { output.write("\n") }
    AnalysisRenderer.render(
      report, as: format, options: AnalysisRenderer.Options(limit: all ? nil : 20), to: &output)
    if format == .text { output.write("\n" + summary.text) }
    for error in course.errors { StandardStreams.error(error.message) }
    if let failure { StandardStreams.error(failure.message) }
    if let writeFailure { StandardStreams.error(writeFailure.message) }
    if failure != nil || writeFailure != nil { throw ExitCode(1) }
  }
}

/// The capture loop's state: the analysis, the roles last printed and when to print next.
struct LiveSession {
  var analysis: FlowAnalysis
  let every: Double
  let output: @Sendable (String) -> Void
  var captured = 0
  var stopReason = "SIGINT"
  private var roles = LiveRoleChanges()

  init(analysis: FlowAnalysis, every: Double, output: @escaping @Sendable (String) -> Void) {
    self.analysis = analysis
    self.every = every
    self.output = output
  }

  /// Captures until a stop; returns the error that ended the capture, if one did.
  mutating func capture(
    _ live: LibpcapLive, writer: PcapngWriter?, count: Int?, duration: Double?
  ) -> CaptureError? {
    let start = LiveSession.monotonic()
    var nextRefresh = start + every
    let end = duration.map { start + $0 }
    var now = start
    while true {
      // Wait no longer than the next summary or the end of --duration (`now` is the time after
      // the last packet: a clock read per packet is enough).
      let deadline = min(nextRefresh, end ?? nextRefresh)
      let wait = Int(((deadline - now) * 1000).rounded(.up))
      do {
        switch try live.poll(waitingAtMost: wait) {
        case .packet(let packet):
          analysis.add(packet)
          try writer?.write(packet)
          captured += 1
          if let count, captured >= count {
            stopReason = "-c \(count)"
            refresh()
            return nil
          }
        case .timeout:
          try writer?.flush()
          analysis.expireIdle(now: LiveSession.wallClock())
        case .stopped:
          refresh()
          return nil
        }
      } catch {
        analysis.fail(error)
        refresh()
        return error
      }
      now = LiveSession.monotonic()
      if let duration, let end, now >= end {
        stopReason = "--duration \(LiveSession.seconds(duration))"
        refresh()
        return nil
      }
      if now >= nextRefresh {
        refresh(elapsed: now - start, dropped: live.statistics()?.dropped ?? 0)
        while nextRefresh <= now { nextRefresh += every }
      }
    }
  }

  /// Prints the hosts' new roles since the last call, then (with `elapsed`) a summary line,
  /// which names libpcap's drops when there are any.
  mutating func refresh(elapsed: Double? = nil, dropped: UInt64 = 0) {
    let tracker = analysis.tracker
    let (lines, counts) = roles.update(tracker)
    var text = lines.map { $0 + "\n" }.joined()
    if let elapsed {
      let hosts = ["client", "server", "peer"].map { role in
        let number = counts[role] ?? 0
        return "\(number) \(role)\(number == 1 ? "" : "s")"
      }
      text +=
        "[\(LiveSession.seconds(elapsed))s] \(captured) packets, \(tracker.table.flows.count) flows"
        + " (\(tracker.table.evictions) evicted, \(tracker.table.expirations) expired); "
        + hosts.joined(separator: ", ")
        + (dropped > 0 ? "; \(dropped) dropped by libpcap (buffer full)" : "") + "\n"
    }
    if !text.isEmpty { output(text) }
  }

  /// Writes `text` to standard error as it is (the commentary of a JSON run).
  static func writeToStandardError(_ text: String) {
    var text = text
    text.withUTF8 { bytes in
      guard let base = bytes.baseAddress else { return }
      var offset = 0
      while offset < bytes.count {
        let written = Glibc.write(2, base + offset, bytes.count - offset)
        if written <= 0 { return }
        offset += written
      }
    }
  }

  static func seconds(_ value: Double) -> String {
    let tenths = Int((value * 10).rounded())
    return "\(tenths / 10).\(tenths % 10)"
  }

  static func monotonic() -> Double {
    var now = timespec()
    clock_gettime(CLOCK_MONOTONIC, &now)
    return Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
  }

  static func wallClock() -> Int64 {
    var now = timespec()
    clock_gettime(CLOCK_REALTIME, &now)
    return Int64(now.tv_sec) * 1_000_000_000 + Int64(now.tv_nsec)
  }
}

/// SIGINT and SIGTERM ask the capture to stop (through a dispatch source, so the handler is
/// ordinary code); the signal's name is kept for the report. A timer checks twice a second that
/// the interface is still up (`LibpcapLive.checkInterface()`).
final class StopSignals: @unchecked Sendable {
  private let caught = Atomic<Int32>(0)
  private let sources: [any DispatchSourceSignal]
  private let watch: any DispatchSourceTimer

  init(_ live: LibpcapLive) {
    var made: [any DispatchSourceSignal] = []
    for number in [SIGINT, SIGTERM] {
      signal(number, SIG_IGN)
      made.append(DispatchSource.makeSignalSource(signal: number, queue: .global()))
    }
    sources = made
    let timer = DispatchSource.makeTimerSource(queue: .global())
    timer.schedule(deadline: .now() + .milliseconds(500), repeating: .milliseconds(500))
    timer.setEventHandler { live.checkInterface() }
    watch = timer
    for (number, source) in zip([SIGINT, SIGTERM], sources) {
      source.setEventHandler { [self] in
        self.caught.store(number, ordering: .sequentiallyConsistent)
        live.requestStop()
      }
      source.resume()
    }
    timer.resume()
  }

  /// `SIGINT` or `SIGTERM` when one stopped the capture.
  var signalName: String? {
    switch caught.load(ordering: .sequentiallyConsistent) {
    case SIGINT: "SIGINT"
    case SIGTERM: "SIGTERM"
    default: nil
    }
  }

  /// Stops listening and restores the default actions.
  func cancel() {
    for source in sources { source.cancel() }
    watch.cancel()
    signal(SIGINT, SIG_DFL)
    signal(SIGTERM, SIG_DFL)
  }
}
