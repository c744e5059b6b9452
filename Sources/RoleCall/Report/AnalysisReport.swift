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
  }

  /// One finding: its kind, the evidence in a sentence, and the lesson passages it links to.
  public struct FindingRow: Sendable, Codable, Equatable {
    public var kind: FindingKind
    public var text: String
    /// The passages cited, best first; empty when no passage of the course matched well enough.
    public var lessons: [LessonLink]
    /// A page of the course on the same topic, when the course links to one.
    public var relatedPage: RelatedPage?
  }

  /// Totals over the capture.
  public struct Totals: Sendable, Codable, Equatable {
    public var flowsByVerdict: [String: Int]
    public var hostsByRole: [String: Int]
    /// The flows stage's totals (packets, flows by transport, decode problems, …).
    public var capture: FlowsReport.Totals
  }

  public var files: [CaptureFileSummary]
  public var flows: [FlowRow]
  public var hosts: [HostRow]
  public var totals: Totals
}

extension AnalysisReport {
  /// Builds the report from a finished analysis and its roles; `linker` adds the lesson links.
  public init(_ analysis: FlowAnalysis, roles: RoleAnalysis, linker: LessonLinker? = nil) {
    let flowsReport = FlowsReport(analysis)
    files = flowsReport.files
    var byVerdict: [String: Int] = [:]
    flows = zip(flowsReport.flows, roles.judgements).map { row, judgement in
      byVerdict[judgement.verdict.rawValue, default: 0] += 1
      return FlowRow(
        transport: row.transport, initiator: row.initiator, responder: row.responder,
        initiatorKnown: row.initiatorKnown, initiatorRule: row.initiatorRule,
        verdict: judgement.verdict,
        confidence: judgement.confidence, rule: judgement.rule, rules: judgement.rules,
        state: row.state,
        history: row.history, start: row.start, duration: row.duration,
        fromInitiator: row.fromInitiator,
        fromResponder: row.fromResponder)
    }
    var byRole: [String: Int] = [:]
    hosts = roles.hosts.map { host in
      for name in host.roles.names { byRole[name, default: 0] += 1 }
      return HostRow(host, linker: linker)
    }
    totals = Totals(flowsByVerdict: byVerdict, hostsByRole: byRole, capture: flowsReport.totals)
  }
}

extension AnalysisReport.HostRow {
  init(_ host: HostRoles, linker: LessonLinker?) {
    address = host.address.description
    roles = host.roles.names
    services = host.services.map { service in
      AnalysisReport.ServiceRow(
        transport: service.transport.name, port: service.port, name: service.name,
        clients: service.clients.sorted().map(\.description), flows: service.flows,
        packetsIn: service.packetsIn, bytesIn: service.bytesIn, packetsOut: service.packetsOut,
        bytesOut: service.bytesOut)
    }
    evidence = AnalysisReport.Evidence(
      clientFlows: host.clientFlows, serversContacted: host.contacted.sorted(),
      serverFlows: host.services.reduce(0) { $0 + $1.flows }, peerFlowsOpened: host.peerFlowsOpened,
      peerFlowsAccepted: host.peerFlowsAccepted, peerFlowsUndirected: host.peerFlowsUndirected,
      peers: host.peers.sorted().map(\.description), peerPortsAccepted: host.peerPorts.sorted(),
      peerPortsContacted: host.peerPortsContacted.sorted())
    findings = AnalysisReport.HostRow.findings(host).map { kind, text in
      AnalysisReport.FindingRow(
        kind: kind, text: text, lessons: linker?.passages(for: kind) ?? [],
        relatedPage: linker?.relatedPage(for: kind))
    }
  }

  /// "10.0.0.5 is a server: it answered 14 connections from 3 clients on tcp/80", and so on:
  /// one finding per service, then the client, both-roles and peer findings.
  static func findings(_ host: HostRoles) -> [(FindingKind, String)] {
    var found: [(FindingKind, String)] = []
    for service in host.services {
      let name = service.name.map { " (\($0))" } ?? ""
      found.append(
        (
          ServiceFamily(port: service.port, transport: service.transport).serverKind,
          "\(host.address) is a server: it answered \(count(service.flows, "connection")) from "
            + "\(count(service.clients.count, "client")) on \(service.label)\(name)"
        ))
    }
    if host.roles.contains(.client) {
      let families = host.contactedPorts.map { ServiceFamily(port: $0, transport: .tcp) }
      let family =
        [ServiceFamily.web, .mail, .fileSharing, .dns].first { families.contains($0) } ?? .other
      found.append(
        (
          family.clientKind,
          "\(host.address) is a client: it opened \(count(host.clientFlows, "accepted connection")) "
            + "to \(count(host.contacted.count, "service"))"
        ))
    }
    if host.roles.isSuperset(of: [.client, .server]) {
      let offered = Set(host.services.map { ServiceFamily(port: $0.port, transport: $0.transport) })
      let used = Set(host.contactedPorts.map { ServiceFamily(port: $0, transport: .tcp) })
      // Mail and DNS servers pass requests on to other servers of their kind (relays,
      // resolvers); a web server that also browses is not a proxy for it.
      let relayed = offered.intersection(used).intersection([.mail, .dns])
      let services = host.services.map(\.label).joined(separator: ", ")
      found.append(
        relayed.isEmpty
          ? (
            .clientAndServer,
            "\(host.address) is both a client and a server: it offers \(services) and also opens "
              + "connections to other servers"
          )
          : (
            .relay,
            "\(host.address) is a server that is also a client of the same kind of service: it "
              + "answers on \(services) and passes requests on to other servers, as a relay or "
              + "resolver does"
          ))
    }
    if host.roles.contains(.peer) {
      var parts: [String] = []
      if host.peerFlowsAccepted > 0 {
        let ports = host.peerPorts.sorted().map(String.init).joined(separator: ", ")
        parts.append(
          "accepted \(count(host.peerFlowsAccepted, "peer connection")) on port \(ports)")
      }
      if host.peerFlowsOpened > 0 {
        parts.append(
          "opened \(count(host.peerFlowsOpened, "peer connection")) on "
            + "\(count(host.peerPortsContacted.count, "different port"))")
      }
      if host.peerFlowsUndirected > 0 {
        parts.append(
          "exchanged \(count(host.peerFlowsUndirected, "peer flow")) whose opener is unknown")
      }
      found.append(
        (
          .peer,
          "\(host.address) is a peer: it \(parts.joined(separator: " and ")), with "
            + "\(count(host.peers.count, "other peer"))"
        ))
    }
    return found
  }

  private static func count(_ value: Int, _ noun: String) -> String {
    "\(value) \(noun)\(value == 1 ? "" : "s")"
  }
}
