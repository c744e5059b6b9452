import ArgumentParser
import RoleCall

/// The options every command that reads captures shares: files, a BPF filter, flow timeouts.
struct CaptureOptions: ParsableArguments {
  @Option(
    name: .customShort("r"),
    help: ArgumentHelp(
      "Read a capture file (repeatable). With -r, words after the options form a BPF filter, as in tcpdump.",
      valueName: "file"))
  var readFiles: [String] = []

  @Option(
    name: [.customShort("f"), .customLong("filter")],
    help: ArgumentHelp(
      "Only read packets that match this BPF filter (tcpdump syntax).", valueName: "expression"))
  var filter: String?

  @Argument(
    help: ArgumentHelp(
      "Capture files (pcap or pcapng, '-' for standard input); after -r, a BPF filter expression.",
      valueName: "file-or-filter"))
  var words: [String] = []

  @Option(
    help: ArgumentHelp(
      "Seconds a TCP flow may be idle before its next packet starts a new flow.",
      valueName: "seconds"))
  var tcpTimeout: Double = 300

  @Option(
    help: ArgumentHelp(
      "Seconds a UDP flow may be idle before its next packet starts a new flow.",
      valueName: "seconds"))
  var udpTimeout: Double = 60

  @Option(
    help: ArgumentHelp(
      "Seconds an ICMP or other flow may be idle before its next packet starts a new flow.",
      valueName: "seconds"))
  var otherTimeout: Double = 60

  /// The capture files to read, in order.
  var files: [String] { readFiles.isEmpty ? words : readFiles }

  /// The filter expression, from `-f` or from the words after `-r` files.
  var filterExpression: String? {
    if let filter { return filter }
    if !readFiles.isEmpty && !words.isEmpty { return words.joined(separator: " ") }
    return nil
  }

  var timeouts: FlowTimeouts {
    FlowTimeouts(tcpSeconds: tcpTimeout, udpSeconds: udpTimeout, otherSeconds: otherTimeout)
  }

  func validate() throws {
    if files.isEmpty { throw ValidationError("no capture file given") }
    if filter != nil && !readFiles.isEmpty && !words.isEmpty {
      throw ValidationError("give the filter either with -f or after the files, not both")
    }
    for (name, value) in [
      ("--tcp-timeout", tcpTimeout), ("--udp-timeout", udpTimeout),
      ("--other-timeout", otherTimeout),
    ]
    where !(value > 0) {
      throw ValidationError("\(name) must be a positive number of seconds")
    }
  }

  /// Compiles the filter, turning libpcap's complaint into a usage error.
  func compiledFilter() throws -> PacketFilter? {
    guard let expression = filterExpression else { return nil }
    do {
      return try PacketFilter(expression: expression)
    } catch {
      throw ValidationError("bad filter '\(expression)': \(error.detail)")
    }
  }

  /// Reads every file into one analysis; errors are kept in it, not thrown.
  func analyze(filter: PacketFilter?) -> FlowAnalysis {
    var analysis = FlowAnalysis(timeouts: timeouts)
    for file in files { analysis.read(path: file, filter: filter) }
    return analysis
  }
}
