import ArgumentParser
import RoleCall

extension FlowsRenderer.Format: ExpressibleByArgument {}

/// `rolecall flows`: one row per flow, then totals.
struct Flows: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract:
      "List the flows in captures: who opened each one, how that is known, its state and counts.",
    discussion: """
      Each flow is one conversation over TCP, UDP, ICMP or another IP protocol. The initiator is \
      known from the TCP handshake (handshake), worked out from a SYN-ACK, a well-known server port \
      or a DNS message (inferred), or not known at all (unknown: the pair is then shown in address \
      order with <->). TSV output uses Zeek's conn.log field names, so zeek-cut reads it.
      """)

  @OptionGroup var capture: CaptureOptions

  @Option(help: "Output format: text, json or tsv.")
  var format: FlowsRenderer.Format = .text

  func run() throws {
    let filter = try capture.compiledFilter()
    let analysis = capture.analyze(filter: filter)
    // Written as it is made: the rows of every flow never exist at once.
    var output = FileOutput(descriptor: 1)
    FlowsRenderer.render(FlowsReport(analysis), as: format, to: &output)
    if let failure = output.failureText {
      StandardStreams.error("standard output: cannot write: \(failure)")
    }
    for error in analysis.errors { StandardStreams.error(error.message) }
    if !analysis.errors.isEmpty || output.failure != nil { throw ExitCode(1) }
  }
}
