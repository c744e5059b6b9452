/// What a capture's report shows, arranged for grading: hosts by address, and the flows each
/// host opened or was sent. Every sentence it writes carries the capture's own counts.
struct CaptureEvidence {
  /// A check's outcome for one host.
  struct Outcome {
    var met: Bool
    var text: String
    /// The finding whose lesson explains a miss.
    var kind: FindingKind?
  }

  private let hosts: [String: AnalysisReport.HostRow]
  private let order: [String]
  private let flows: AnalysisReport.FlowRows

  init(_ report: AnalysisReport) {
    var hosts: [String: AnalysisReport.HostRow] = [:]
    for host in report.hosts where hosts[host.address] == nil { hosts[host.address] = host }
    self.hosts = hosts
    order = report.hosts.map(\.address)
    flows = report.flows
  }

  // MARK: Binding names to hosts

  /// The capture's hosts a lab name stands for, in address order.
  func bind(_ selector: HostSelector) -> [String] {
    switch selector {
    case .address(let address): return [address.description]
    case .serves(let service):
      return order.filter { address in
        hosts[address]?.services.contains { Self.label($0) == service.description } ?? false
      }
    case .uses(let service):
      let suffix = " \(service)"
      return order.filter { address in
        hosts[address]?.evidence.serversContacted.contains { $0.hasSuffix(suffix) } ?? false
      }
    }
  }

  /// Why no host matched a selector, with the attempts the capture does show.
  func unbound(_ selector: HostSelector) -> String {
    switch selector {
    case .address(let address): return "\(address) appears in no TCP or UDP flow of the capture"
    case .serves(let service), .uses(let service):
      let verb = if case .serves = selector { "served" } else { "used" }
      let attempts = unanswered {
        $0.transport == service.transport.name && $0.responder.port == service.port
      }
      guard !attempts.isEmpty else {
        return "no host \(verb) \(service), and no flow to \(service) appears in the capture"
      }
      let targets = Set(attempts.map(\.responder.address)).sorted()
      return
        "no host \(verb) \(service): \(attempted(attempts)) to \(targets.joined(separator: ", ")) on \(service) "
        + "got no answer"
    }
  }

  // MARK: Roles

  func judge(_ expectation: RoleExpectation, address: String) -> Outcome {
    guard let host = hosts[address] else {
      let text = "\(address) appears in no TCP or UDP flow of the capture"
      return Outcome(met: !expectation.present, text: text, kind: RoleJudge.kind(expectation))
    }
    let evidence = host.evidence
    switch (expectation.role, expectation.present) {
    case (.server, true):
      if !host.services.isEmpty { return Outcome(met: true, text: serving(host)) }
      let attempts = unanswered { $0.responder.address == address }
      if !attempts.isEmpty {
        return Outcome(
          met: false,
          text: "\(address) never accepted a connection: \(attempted(attempts)) to reach it on "
            + "\(ports(attempts)) got no answer\(seen(host))", kind: .noAnswer)
      }
      if evidence.peerFlowsAccepted > 0 {
        return Outcome(
          met: false,
          text:
            "\(address) accepted \(ReportBuilder.count(evidence.peerFlowsAccepted, "connection")) "
            + "only from peers it also connects to: peer-to-peer flows, not a service\(seen(host))",
          kind: .peer)
      }
      return Outcome(
        met: false, text: "\(address) never accepted a connection\(seen(host))", kind: .server)
    case (.server, false):
      return host.services.isEmpty
        ? Outcome(met: true, text: "\(address) offers no service")
        : Outcome(met: false, text: serving(host), kind: .server)
    case (.client, true):
      if evidence.clientFlows > 0 { return Outcome(met: true, text: using(host)) }
      let attempts = unanswered { $0.initiator.address == address }
      if !attempts.isEmpty {
        let targets = Set(
          attempts.map { "\($0.responder.address) \($0.transport)/\($0.responder.port ?? 0)" })
        return Outcome(
          met: false,
          text: "\(address) never opened a connection that was accepted: its "
            + "\(attempted(attempts, counting: false)) to \(targets.sorted().joined(separator: ", ")) "
            + "got no answer\(seen(host))", kind: .noAnswer)
      }
      if evidence.peerFlowsOpened > 0 {
        return Outcome(
          met: false,
          text: "\(address) opened connections only to peers "
            + "(\(ReportBuilder.count(evidence.peerFlowsOpened, "peer-to-peer flow"))), none to a service",
          kind: .client)
      }
      return Outcome(
        met: false, text: "\(address) never opened a connection that was accepted\(seen(host))",
        kind: .client)
    case (.client, false):
      return evidence.clientFlows == 0
        ? Outcome(met: true, text: "\(address) opened no connection to a service")
        : Outcome(met: false, text: using(host), kind: .client)
    case (.peer, true):
      return peer(host)
    case (.peer, false):
      let flows =
        evidence.peerFlowsOpened + evidence.peerFlowsAccepted + evidence.peerFlowsUndirected
      return flows == 0
        ? Outcome(met: true, text: "\(address) took part in no peer-to-peer flow")
        : Outcome(
          met: false,
          text: "\(address) took part in \(ReportBuilder.count(flows, "peer-to-peer flow")) with "
            + "\(ReportBuilder.count(evidence.peers.count, "peer"))", kind: .peer)
    }
  }

  /// A peer both accepts and opens connections: one that only does one of the two is a
  /// downloader or a listener, not a full member of the swarm.
  private func peer(_ host: AnalysisReport.HostRow) -> Outcome {
    let address = host.address
    let evidence = host.evidence
    let opened = evidence.peerFlowsOpened
    let accepted = evidence.peerFlowsAccepted
    let undirected = evidence.peerFlowsUndirected
    let peers = ReportBuilder.count(evidence.peers.count, "peer")
    if opened + accepted + undirected == 0 {
      var text = "\(address) took part in no peer-to-peer flow"
      if evidence.clientFlows > 0 { text += ": " + using(host) }
      if !host.services.isEmpty { text += (evidence.clientFlows > 0 ? "; " : ": ") + serving(host) }
      return Outcome(met: false, text: text, kind: .peer)
    }
    if accepted == 0 && undirected == 0 {
      var text =
        "\(address) only opened connections (\(ReportBuilder.count(opened, "peer connection")) "
        + "to \(peers)) and never accepted one"
      let attempts = unanswered { $0.responder.address == address }
      if !attempts.isEmpty {
        text += ": \(attempted(attempts)) to reach it on \(ports(attempts)) got no answer"
      }
      return Outcome(met: false, text: text, kind: .peerBothWays)
    }
    if opened == 0 && undirected == 0 {
      return Outcome(
        met: false,
        text:
          "\(address) only accepted connections (\(ReportBuilder.count(accepted, "peer connection")) "
          + "from \(peers)) and never opened one", kind: .peerBothWays)
    }
    var text =
      "\(address) accepted \(ReportBuilder.count(accepted, "peer connection")) and opened \(opened), "
      + "with \(peers)"
    if undirected > 0 {
      text +=
        ", and took part in \(ReportBuilder.count(undirected, "more flow")) whose opener is unknown"
    }
    return Outcome(met: true, text: text)
  }

  // MARK: Services

  func judge(_ expectation: ServiceExpectation, address: String) -> Outcome {
    let label = expectation.service.description
    let family = ServiceFamily(
      port: expectation.service.port, transport: expectation.service.transport)
    guard let host = hosts[address] else {
      return Outcome(
        met: false, text: "\(address) appears in no TCP or UDP flow of the capture",
        kind: family.serverKind)
    }
    if let service = host.services.first(where: { Self.label($0) == label }) {
      let text =
        "\(address) answered \(ReportBuilder.count(service.flows, "connection")) from "
        + "\(ReportBuilder.count(service.clients.count, "client")) on \(label)"
      guard service.clients.count >= expectation.minimumClients else {
        return Outcome(
          met: false, text: text + ", fewer than the \(expectation.minimumClients) asked for",
          kind: family.serverKind)
      }
      return Outcome(met: true, text: text)
    }
    let attempts = unanswered {
      $0.responder.address == address && $0.transport == expectation.service.transport.name
        && $0.responder.port == expectation.service.port
    }
    let others = host.services.map(Self.label)
    let offers = others.isEmpty ? "" : " (it offers \(others.joined(separator: ", ")))"
    if !attempts.isEmpty {
      return Outcome(
        met: false,
        text:
          "\(address) never answered on \(label): \(attempted(attempts)) got no answer\(offers)",
        kind: .noAnswer)
    }
    return Outcome(
      met: false, text: "\(address) does not offer \(label)\(offers)", kind: family.serverKind)
  }

  // MARK: Flows

  /// The flows a flow expectation could be about, from one opener: a sentence for the match, or
  /// what the capture shows instead.
  func flows(
    _ expectation: FlowExpectation, from opener: String, to targets: [String]
  )
    -> (matching: String?, instead: String)
  {
    let targets = Set(targets)
    func ends(_ flow: AnalysisReport.FlowRow) -> Bool {
      if flow.initiator.address == opener && targets.contains(flow.responder.address) {
        return true
      }
      return !expectation.directed && flow.responder.address == opener
        && targets.contains(flow.initiator.address)
    }
    func service(_ flow: AnalysisReport.FlowRow) -> Bool {
      if let service = expectation.service {
        guard flow.transport == service.transport.name else { return false }
        return flow.responder.port == service.port
          || (!expectation.directed && flow.initiator.port == service.port)
      }
      if let transport = expectation.transport { return flow.transport == transport.name }
      return true
    }
    let between = flows.filter(ends)
    let candidates = between.filter(service)
    let matching = candidates.filter {
      expectation.verdict == nil || $0.verdict == expectation.verdict
    }
    let pair =
      "\(opener) \(expectation.directed ? "to" : "and") \(targets.sorted().joined(separator: ", "))"
    if !matching.isEmpty {
      return (
        "\(ReportBuilder.count(matching.count, "flow")) \(expectation.directed ? "from" : "between") \(pair): "
          + verdicts(matching), ""
      )
    }
    if !candidates.isEmpty {
      return (
        nil,
        "\(the(candidates.count)) \(expectation.directed ? "from" : "between") "
          + "\(pair)\(expectation.service.map { " on \($0)" } ?? "") \(candidates.count == 1 ? "is" : "are") "
          + verdicts(candidates)
      )
    }
    if !between.isEmpty {
      let ports = Set(between.map { "\($0.transport)/\($0.responder.port ?? 0)" }).sorted()
      return (
        nil,
        "\(opener) opened no such flow; the capture has \(ReportBuilder.count(between.count, "flow")) "
          + "\(expectation.directed ? "from" : "between") \(pair) on \(ports.joined(separator: ", "))"
      )
    }
    if expectation.directed {
      let reverse = flows.filter {
        targets.contains($0.initiator.address) && $0.responder.address == opener
      }
      if !reverse.isEmpty {
        return (
          nil,
          "\(the(reverse.count)) between \(opener) and "
            + "\(targets.sorted().joined(separator: ", ")) \(reverse.count == 1 ? "was" : "were") opened by "
            + "the other side, not by \(opener)"
        )
      }
    }
    return (nil, "the capture has no flow \(expectation.directed ? "from" : "between") \(pair)")
  }

  // MARK: Sentences

  /// `the flow`, `the 3 flows`.
  private func the(_ count: Int) -> String { count == 1 ? "the flow" : "the \(count) flows" }

  /// `3 client-server (registered-service), 1 other (no-answer)`.
  private func verdicts(_ flows: [AnalysisReport.FlowRow]) -> String {
    var counts: [String: Int] = [:]
    for flow in flows {
      counts["\(flow.verdict.rawValue) (\(flow.rule.rawValue))", default: 0] += 1
    }
    return counts.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
      .map { "\($0.value) \($0.key)" }.joined(separator: ", ")
  }

  /// `10.0.0.5 answered 14 connections from 3 clients on tcp/80`.
  private func serving(_ host: AnalysisReport.HostRow) -> String {
    let flows = host.services.reduce(0) { $0 + $1.flows }
    let clients = Set(host.services.flatMap(\.clients)).count
    return "\(host.address) answered \(ReportBuilder.count(flows, "connection")) from "
      + "\(ReportBuilder.count(clients, "client")) on \(host.services.map(Self.label).joined(separator: ", "))"
  }

  /// `10.0.0.7 opened 5 accepted connections to 10.0.0.5 tcp/80`.
  private func using(_ host: AnalysisReport.HostRow) -> String {
    let servers = host.evidence.serversContacted
    let shown = servers.prefix(3).joined(separator: ", ") + (servers.count > 3 ? ", …" : "")
    return
      "\(host.address) opened \(ReportBuilder.count(host.evidence.clientFlows, "accepted connection")) "
      + "to \(shown)"
  }

  /// ` (rolecall sees it as a client)`, or nothing for a host with no role.
  private func seen(_ host: AnalysisReport.HostRow) -> String {
    host.roles.isEmpty ? "" : " (it is a \(host.roles.joined(separator: " and a ")))"
  }

  /// Connection attempts and datagrams nobody answered, matching `include`.
  private func unanswered(_ include: (AnalysisReport.FlowRow) -> Bool) -> [AnalysisReport.FlowRow] {
    // The rule is read first, so only unanswered flows are made into rows.
    flows.indices.filter { flows.rule(at: $0) == .noAnswer }.map { flows[$0] }.filter(include)
  }

  /// `6 attempts from 2 hosts`.
  private func attempted(_ flows: [AnalysisReport.FlowRow], counting hosts: Bool = true) -> String {
    let count = ReportBuilder.count(flows.count, "attempt")
    guard hosts else { return count }
    return count + " from " + ReportBuilder.count(Set(flows.map(\.initiator.address)).count, "host")
  }

  /// `tcp/80, tcp/8080`.
  private func ports(_ flows: [AnalysisReport.FlowRow]) -> String {
    Set(flows.map { "\($0.transport)/\($0.responder.port ?? 0)" }).sorted().joined(separator: ", ")
  }

  static func label(_ service: AnalysisReport.ServiceRow) -> String {
    "\(service.transport)/\(service.port)"
  }
}

/// Which lesson a role expectation cites when nothing more specific applies.
enum RoleJudge {
  static func kind(_ expectation: RoleExpectation) -> FindingKind {
    switch expectation.role {
    case .client: .client
    case .server: .server
    case .peer: .peer
    }
  }
}
