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
      flows that leave the table still count in the host summaries.
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

  @Flag(help: "Show every flow in the final report (text cuts long lists).")
  var all = false

  @OptionGroup(title: "Lessons") var lessons: LessonOptions

  func validate() throws {
    if let count, count <= 0 { throw ValidationError("-c must be a positive number of packets") }
    if let duration, !(duration > 0) {
      throw ValidationError("--duration must be a positive number of seconds")
    }
    if !(every > 0) { throw ValidationError("--every must be a positive number of seconds") }
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
    var session = LiveSession(
      analysis: FlowAnalysis(timeouts: timeouts, maxFlows: maxFlows), every: every)
    session.analysis.beginSource(interface)
    StandardStreams.write(
      "Capturing on \(interface) (\(live.linkType.name)); flow table of \(maxFlows) flows, "
        + "at most \(FlowTracker.bytes(maxFlows: maxFlows)) bytes\n")
    let failure = session.capture(live, writer: writer, count: count, duration: duration)
    var writeFailure: CaptureError?
    do { try writer?.close() } catch { writeFailure = error }
    stop.cancel()

    let roles = RoleInference.analyze(
      session.analysis.tracker.flows, retired: session.analysis.tracker.retired)
    let course = lessons.course()
    let report = AnalysisReport(
      session.analysis, roles: roles, linker: LessonLinker(course: course))
    StandardStreams.write("\n" + AnalysisRenderer.render(report, as: .text, limit: all ? nil : 20))
    var footer = "\nLive capture\n"
    let reason = stop.signalName ?? (failure != nil ? "an error" : session.stopReason)
    footer += "  stopped by \(reason) after \(session.captured) packets\n"
    if let stats = live.statistics() {
      footer +=
        "  libpcap: \(stats.received) received, \(stats.dropped) dropped (buffer full), "
        + "\(stats.interfaceDropped) dropped by the interface\n"
    }
    let tracker = session.analysis.tracker
    footer +=
      "  flow table: \(tracker.table.flows.count) flows held (limit \(maxFlows)), "
      + "\(tracker.table.evictions) evicted, \(tracker.table.expirations) expired idle; "
      + "\(tracker.retired.count) retired flows kept in \(tracker.retired.flows.count) edges"
      + (tracker.retired.dropped > 0 ? ", \(tracker.retired.dropped) not kept" : "") + "\n"
    if let writer { footer += "  wrote \(writer.packets) packets to \(writer.path)\n" }
    StandardStreams.write(footer)
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
  var captured = 0
  var stopReason = "SIGINT"
  private var shownRoles: [String: Set<String>] = [:]

  init(analysis: FlowAnalysis, every: Double) {
    self.analysis = analysis
    self.every = every
  }

  /// Captures until a stop; returns the error that ended the capture, if one did.
  mutating func capture(
    _ live: LibpcapLive, writer: PcapngWriter?, count: Int?, duration: Double?
  ) -> CaptureError? {
    let start = LiveSession.monotonic()
    var nextRefresh = start + every
    while true {
      do {
        switch try live.poll() {
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
      let now = LiveSession.monotonic()
      if let duration, now - start >= duration {
        stopReason = "--duration \(LiveSession.seconds(duration))"
        refresh()
        return nil
      }
      if now >= nextRefresh {
        refresh(elapsed: now - start)
        while nextRefresh <= now { nextRefresh += every }
      }
    }
  }

  /// Prints the hosts' new roles since the last call, then (with `elapsed`) a summary line.
  mutating func refresh(elapsed: Double? = nil) {
    let tracker = analysis.tracker
    let roles = RoleInference.analyze(tracker.flows, retired: tracker.retired)
    let report = AnalysisReport(analysis, roles: roles)
    var output = ""
    var counts: [String: Int] = [:]
    for host in report.hosts {
      let before = shownRoles[host.address] ?? []
      for role in host.roles {
        counts[role, default: 0] += 1
        guard !before.contains(role) else { continue }
        let opening = "\(host.address) is a \(role)"
        if let finding = host.findings.first(where: { $0.text.hasPrefix(opening) }) {
          output += "\(host.address) is now a \(role)\(finding.text.dropFirst(opening.count))\n"
        } else {
          output += "\(host.address) is now a \(role)\n"
        }
      }
      for role in before.subtracting(host.roles).sorted() {
        output += "\(host.address) is no longer a \(role)\n"
      }
      shownRoles[host.address] = Set(host.roles)
    }
    if let elapsed {
      let hosts = ["client", "server", "peer"].map { role in
        let number = counts[role] ?? 0
        return "\(number) \(role)\(number == 1 ? "" : "s")"
      }
      output +=
        "[\(LiveSession.seconds(elapsed))s] \(captured) packets, \(tracker.table.flows.count) flows"
        + " (\(tracker.table.evictions) evicted, \(tracker.table.expirations) expired); "
        + hosts.joined(separator: ", ") + "\n"
    }
    if !output.isEmpty { StandardStreams.write(output) }
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
/// ordinary code); the signal's name is kept for the report.
final class StopSignals: @unchecked Sendable {
  private let caught = Atomic<Int32>(0)
  private let sources: [any DispatchSourceSignal]

  init(_ live: LibpcapLive) {
    var made: [any DispatchSourceSignal] = []
    for number in [SIGINT, SIGTERM] {
      signal(number, SIG_IGN)
      made.append(DispatchSource.makeSignalSource(signal: number, queue: .global()))
    }
    sources = made
    for (number, source) in zip([SIGINT, SIGTERM], sources) {
      source.setEventHandler { [self] in
        self.caught.store(number, ordering: .sequentiallyConsistent)
        live.requestStop()
      }
      source.resume()
    }
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
    signal(SIGINT, SIG_DFL)
    signal(SIGTERM, SIG_DFL)
  }
}
