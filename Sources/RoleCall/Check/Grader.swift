/// Grades a capture's report against a lab: binds the lab's host names to the capture's hosts,
/// then meets or misses every expectation, explaining each miss with the capture's own counts
/// and the course passage that teaches the difference.
public struct Grader: Sendable {
  public let lab: Lab
  let linker: LessonLinker?

  public init(lab: Lab, linker: LessonLinker? = nil) {
    self.lab = lab
    self.linker = linker
  }

  /// Grades one capture's report; `error` is the capture's read error, if it stopped early.
  public func grade(
    _ report: AnalysisReport, capture: String, error: String? = nil
  )
    -> CaptureGrade
  {
    let evidence = CaptureEvidence(report)
    var bindings: [String: [String]] = [:]
    var checks: [CheckResult] = []
    for host in lab.hosts {
      let members = evidence.bind(host.selector)
      bindings[host.name] = members
      checks += self.checks(for: host, members: members, evidence)
    }
    for flow in lab.flows {
      checks.append(
        check(flow, from: bindings[flow.from] ?? [], to: bindings[flow.to] ?? [], evidence))
    }
    let points = checks.reduce(0) { $0 + $1.points }
    let earned = checks.reduce(0) { $0 + $1.earned }
    return CaptureGrade(
      capture: capture, lab: lab.file, labTitle: lab.title, points: points, earned: earned,
      passed: error == nil && checks.allSatisfy(\.met),
      bindings: lab.hosts.map { host in
        HostBinding(
          name: host.name, selector: host.selector.description,
          addresses: bindings[host.name] ?? [])
      }, checks: checks, packets: report.totals.capture.packets, flows: report.flows.count,
      error: error)
  }

  // MARK: Hosts

  private func checks(
    for host: LabHost, members: [String], _ evidence: CaptureEvidence
  )
    -> [CheckResult]
  {
    var checks: [CheckResult] = []
    func add(
      _ expectation: String, met: Bool, points: Int, _ explanation: String, kind: FindingKind?,
      at location: LabLocation
    ) {
      checks.append(
        CheckResult(
          expectation: expectation, host: host.name, addresses: members, met: met,
          points: points, earned: met ? points : 0, explanation: explanation,
          lesson: met ? nil : lesson(kind),
          location: location))
    }
    let subject = host.count > 1 ? "each host of \(host.name)" : host.name
    // A name nobody in the capture answers to: the first check says why, the rest point to it.
    var explained = false
    func missing() -> (String, FindingKind?) {
      defer { explained = true }
      return explained
        ? ("no host is \(host.name) (\(host.selector)), as said above", nil)
        : (evidence.unbound(host.selector), .noAnswer)
    }
    if host.count > 1 {
      let enough = members.count >= host.count
      let (text, kind) =
        members.isEmpty
        ? missing()
        : (
          "\(ReportBuilder.count(members.count, "host")) matched: "
            + members.joined(separator: ", "), FindingKind?.none
        )
      add(
        "at least \(host.count) hosts are \(host.name) (\(host.selector))", met: enough,
        points: host.points, text, kind: kind, at: host.location)
    }
    for role in host.roles {
      let expectation = "\(subject) is \(role.present ? "" : "not ")a \(role.role.rawValue)"
      guard !members.isEmpty else {
        let (text, kind) = missing()
        add(expectation, met: false, points: host.points, text, kind: kind, at: role.location)
        continue
      }
      let outcomes = members.map { evidence.judge(role, address: $0) }
      let missed = outcomes.filter { !$0.met }
      let shown = missed.isEmpty ? outcomes : missed
      add(
        expectation, met: missed.isEmpty, points: host.points,
        shown.map(\.text).joined(separator: "; "),
        kind: missed.first?.kind ?? RoleJudge.kind(role), at: role.location)
    }
    for service in host.services {
      let expectation =
        "\(subject) offers \(service.service)"
        + (service.minimumClients > 1 ? " to at least \(service.minimumClients) clients" : "")
      guard !members.isEmpty else {
        let (text, kind) = missing()
        add(expectation, met: false, points: service.points, text, kind: kind, at: service.location)
        continue
      }
      let outcomes = members.map { evidence.judge(service, address: $0) }
      let missed = outcomes.filter { !$0.met }
      add(
        expectation, met: missed.isEmpty, points: service.points,
        (missed.isEmpty ? outcomes : missed).map(\.text).joined(separator: "; "),
        kind: missed.first?.kind, at: service.location)
    }
    return checks
  }

  // MARK: Flows

  private func check(
    _ flow: FlowExpectation, from: [String], to: [String], _ evidence: CaptureEvidence
  ) -> CheckResult {
    let expectation = describe(flow)
    let kind: FindingKind = flow.verdict == .peerToPeer ? .peerToPeerFlow : .clientServerFlow
    func result(_ met: Bool, _ text: String, kind: FindingKind) -> CheckResult {
      CheckResult(
        expectation: expectation, host: flow.from, addresses: from + to, met: met,
        points: flow.points, earned: met ? flow.points : 0, explanation: text,
        lesson: met ? nil : lesson(kind), location: flow.location)
    }
    for (name, members) in [(flow.from, from), (flow.to, to)] where members.isEmpty {
      let selector = lab.hosts.first { $0.name == name }?.selector
      return result(
        false, "no host is \(name)" + (selector.map { " (\($0))" } ?? ""), kind: .noAnswer)
    }
    var found: [String] = []
    var missing: [String] = []
    for opener in from {
      let answers = evidence.flows(flow, from: opener, to: to)
      if let match = answers.matching {
        found.append(match)
      } else {
        missing.append(answers.instead)
      }
    }
    if missing.isEmpty { return result(true, found.joined(separator: "; "), kind: kind) }
    return result(false, missing.joined(separator: "; "), kind: kind)
  }

  /// The passage that teaches `kind`, or a broader kind's when the course has none for it (an
  /// instructor's own pages may not say that peers both open and accept).
  private func lesson(_ kind: FindingKind?) -> LessonLink? {
    guard let kind, let linker else { return nil }
    let broader: [FindingKind] =
      switch kind {
      case .peerBothWays: [.peer, .peerToPeerFlow]
      case .noAnswer: [.unknownInitiator, .server]
      case .webServer, .mailServer, .dnsServer, .fileServer: [.server]
      case .webClient, .mailClient, .dnsClient: [.client]
      default: []
      }
    for candidate in [kind] + broader {
      if let link = linker.passages(for: candidate).first { return link }
    }
    return nil
  }

  /// `alice opens a flow to web on tcp/80, client-server`.
  func describe(_ flow: FlowExpectation) -> String {
    let group = lab.hosts.first { $0.name == flow.from }.map { $0.count > 1 } ?? false
    let opener = group ? "each host of \(flow.from)" : flow.from
    var text =
      flow.directed
      ? "\(opener) opens a flow to \(flow.to)" : "a flow between \(opener) and \(flow.to)"
    if let service = flow.service {
      text += " on \(service)"
    } else if let transport = flow.transport {
      text += " over \(transport.name)"
    }
    if let verdict = flow.verdict { text += ", \(verdict.rawValue)" }
    return text
  }
}
