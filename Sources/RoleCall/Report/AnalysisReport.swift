/// Everything `rolecall analyze` shows: flows with verdicts, hosts with roles and evidence.
/// The only input of its renderers; the JSON form is the documented contract (docs/analyze-json.md).
public struct AnalysisReport: Sendable, Codable, Equatable {
  /// One flow with its verdict.
  public struct FlowRow: Sendable, Codable, Equatable {
    public var transport: String
    public var initiator: FlowsReport.EndpointRow
    public var responder: FlowsReport.EndpointRow
    public var initiatorKnown: InitiatorBasis
    public var initiatorRule: InitiatorRule
    public var verdict: FlowVerdict
    public var confidence: Confidence
    /// The rule that decided the verdict.
    public var rule: VerdictRule
    /// Every rule that fired, strongest first.
    public var rules: [VerdictRule]
    public var state: FlowState
    public var history: String
    public var start: Double
    public var duration: Double
    public var fromInitiator: FlowsReport.DirectionRow
    public var fromResponder: FlowsReport.DirectionRow
    /// The capture the flow came from, when several captures were analysed apart.
    public var capture: String?
  }

  /// A service a host offers, with its fan-in.
  public struct ServiceRow: Sendable, Codable, Equatable {
    public var transport: String
    public var port: UInt16
    /// The registered name of the port, if any (`http`, `smtp`, `domain`, …).
    public var name: String?
    public var clients: [String]
    public var flows: Int
    public var packetsIn: UInt64
    public var bytesIn: UInt64
    public var packetsOut: UInt64
    public var bytesOut: UInt64
  }

  /// The counts behind a host's roles.
  public struct Evidence: Sendable, Codable, Equatable {
    public var clientFlows: Int
    public var serversContacted: [String]
    public var serverFlows: Int
    public var peerFlowsOpened: Int
    public var peerFlowsAccepted: Int
    public var peerFlowsUndirected: Int
    public var peers: [String]
    public var peerPortsAccepted: [UInt16]
    public var peerPortsContacted: [UInt16]
  }

  /// One host.
  public struct HostRow: Sendable, Codable, Equatable {
    public var address: String
    /// A sorted subset of `client`, `peer`, `server`.
    public var roles: [String]
    public var services: [ServiceRow]
    public var evidence: Evidence
    /// What rolecall found about the host, each with the lessons that teach it.
    public var findings: [FindingRow]
    /// The capture the host was seen in, when several captures were analysed apart.
    public var capture: String?
  }

  /// One finding: its kind, the evidence in a sentence, and the lesson passages it links to.
  public struct FindingRow: Sendable, Codable, Equatable {
    public var kind: FindingKind
    public var text: String
    /// The passages cited, best first; empty when no passage of the course matched well enough.
    public var lessons: [LessonLink]
    /// A page of the course on the same topic, when the course links to one.
    public var relatedPage: RelatedPage?
    /// The capture the finding came from, when several captures were analysed apart.
    public var capture: String?
  }

  /// Totals over the capture.
  public struct Totals: Sendable, Codable, Equatable {
    public var flowsByVerdict: [String: Int]
    public var hostsByRole: [String: Int]
    /// The flows stage's totals (packets, flows by transport, decode problems, …).
    public var capture: FlowsReport.Totals
  }

  public var files: [CaptureFileSummary]
  /// Every flow with its verdict; rows are made when read (see `FlowRows`).
  public var flows: FlowRows
  /// Every host with its roles; rows are made when read (see `HostRows`).
  public var hosts: HostRows
  public var totals: Totals
  /// What was read and what was found, in counts (the report's first lines).
  public var summary: Summary
  /// One entry per pair of hosts and kind of flow between them: the edges of the graph.
  public var connections: [Connection]
  /// Groups of hosts joined by peer-to-peer flows.
  public var swarms: [Swarm]
  /// What a learner should know before trusting the rest: missed starts, one-way traffic, …
  public var warnings: [Warning]
  /// The passages that teach each kind of flow in the report (`client-server`, `peer-to-peer`).
  public var flowLessons: [String: [LessonLink]]
  /// How a live capture went (`rolecall live` only): why it stopped, libpcap's drop counters,
  /// the flow table's evictions and expirations.
  public var live: LiveCaptureSummary? = nil
}

extension AnalysisReport {
  /// Which connections a report holds.
  public enum ConnectionScope: Sendable {
    /// One per pair of hosts and kind of flow between them (JSON, HTML's graph).
    case all
    /// Only the pairs joined by peer-to-peer flows: all that the text and Markdown reports
    /// show (in their swarms), and a twelfth of the pairs of big.pcap, whose connections were
    /// the largest part of building the report.
    case peerToPeer
  }

  /// Builds the report from a finished analysis and its roles; `linker` adds the lesson links.
  ///
  /// Everything the renderers show is worked out here (summary, connections, swarms, warnings,
  /// the hosts' order), so they only lay it out. `capture` names the capture on every row, for
  /// captures analysed apart and then joined with `merging(_:)`. The report keeps `roles`'
  /// hosts, whose rows it makes when they are read. `connections` `.peerToPeer` is for a report
  /// that shows only its swarms' connections (text, Markdown).
  public init(
    _ analysis: FlowAnalysis, roles: consuming RoleAnalysis, linker: LessonLinker? = nil,
    capture: String? = nil, connections scope: ConnectionScope = .all
  ) {
    let lessons = ReportBuilder.Lessons(linker)
    // Rows are made from the flow records when read, never kept.
    let flowsReport = FlowsReport(analysis, rows: false)
    // Each host's address is written once, for the rows and the connections alike.
    let names = roles.hosts.map(\.address.description)
    let (flows, byVerdict) = ReportBuilder.flowRows(
      analysis, roles: roles, names: names, capture: capture)
    var byRole: [String: Int] = [:]
    for host in roles.hosts {
      for name in host.roles.names { byRole[name, default: 0] += 1 }
    }
    let hosts = HostRows(
      source: HostRows.Source(hosts: roles.hosts, lessons: lessons, capture: capture))
    let connections = ReportBuilder.connections(
      analysis.tracker.flows, roles.judgements, hosts: roles.hosts, capture: capture,
      flowHosts: roles.flowHosts, names: names, scope: scope)
    self.init(
      files: flowsReport.files, flows: flows, hosts: hosts,
      totals: Totals(flowsByVerdict: byVerdict, hostsByRole: byRole, capture: flowsReport.totals),
      connections: connections,
      swarms: ReportBuilder.swarms(
        connections, hosts: roles.hosts, names: names, lessons: lessons, capture: capture),
      warnings: ReportBuilder.warnings(
        files: flowsReport.files, flows: flows, totals: flowsReport.totals, lessons: lessons,
        capture: capture),
      flowLessons: ReportBuilder.flowLessons(byVerdict, lessons: lessons),
      capturesApart: capture != nil)
  }

  /// Assembles a report from its parts and works out the summary.
  init(
    files: [CaptureFileSummary], flows: FlowRows, hosts: HostRows, totals: Totals,
    connections: [Connection], swarms: [Swarm], warnings: [Warning],
    flowLessons: [String: [LessonLink]], capturesApart: Bool
  ) {
    self.files = files
    self.flows = flows
    self.hosts = hosts
    self.totals = totals
    self.connections = connections
    self.swarms = swarms
    self.warnings = warnings
    self.flowLessons = flowLessons
    summary = ReportBuilder.summary(
      files: files, hosts: hosts, totals: totals, capturesApart: capturesApart)
  }

  /// One report for captures analysed apart (a folder): rows keep the capture they came from,
  /// totals add up, and the summary covers them all.
  public static func merging(_ parts: [AnalysisReport]) -> AnalysisReport {
    guard parts.count != 1, let first = parts.first else {
      return parts.first ?? ReportBuilder.empty
    }
    var files: [CaptureFileSummary] = []
    var flows = FlowRows()
    var hosts = HostRows()
    var connections: [Connection] = []
    var swarms: [Swarm] = []
    var warnings: [Warning] = []
    var lessons: [String: [LessonLink]] = [:]
    var totals = first.totals
    for (number, part) in parts.enumerated() {
      let flowOffset = flows.count
      let connectionOffset = connections.count
      files += part.files
      flows.append(contentsOf: part.flows)
      hosts.append(contentsOf: part.hosts)
      connections += part.connections
      swarms += part.swarms.map { swarm in
        var swarm = swarm
        swarm.connections = swarm.connections.map { $0 + connectionOffset }
        return swarm
      }
      warnings += part.warnings.map { warning in
        var warning = warning
        warning.flows = warning.flows.map { $0 + flowOffset }
        return warning
      }
      lessons.merge(part.flowLessons) { kept, _ in kept }
      if number > 0 { totals.add(part.totals) }
    }
    return AnalysisReport(
      files: files, flows: flows, hosts: hosts, totals: totals, connections: connections,
      swarms: swarms, warnings: warnings, flowLessons: lessons, capturesApart: true)
  }
}
