/// The parts of an `AnalysisReport` that are worked out from the flows and the roles when the
/// report is built: connections, swarms, warnings, the summary and the hosts' order.
enum ReportBuilder {
  /// The linker's answers, asked once per kind of finding (a capture with thousands of hosts
  /// asks for the same few kinds over and over). Shared by the threads that make host rows
  /// only after `prepareAll()`, when it is only read (hence `@unchecked`).
  final class Lessons: @unchecked Sendable {
    private let linker: LessonLinker?
    private var passages: [FindingKind: [LessonLink]] = [:]
    private var related: [FindingKind: RelatedPage?] = [:]

    init(_ linker: LessonLinker?) { self.linker = linker }

    func passages(for kind: FindingKind) -> [LessonLink] {
      guard let linker else { return [] }
      if let known = passages[kind] { return known }
      let found = linker.passages(for: kind)
      passages[kind] = found
      return found
    }

    /// Looks up every kind of finding, so that the lookups that follow only read.
    func prepareAll() {
      for kind in FindingKind.allCases {
        _ = passages(for: kind)
        _ = relatedPage(for: kind)
      }
    }

    func relatedPage(for kind: FindingKind) -> RelatedPage? {
      guard let linker else { return nil }
      if let known = related[kind] { return known }
      let found = linker.relatedPage(for: kind)
      related[kind] = found
      return found
    }
  }

  /// `1 flow`, `3 flows`.
  static func count(_ value: Int, _ noun: String, plural: String? = nil) -> String {
    "\(value) \(value == 1 ? noun : plural ?? noun + "s")"
  }

  /// A report of nothing (no capture given).
  static let empty = AnalysisReport(
    files: [], flows: AnalysisReport.FlowRows(), hosts: [],
    totals: AnalysisReport.Totals(
      flowsByVerdict: [:], hostsByRole: [:],
      capture: FlowsReport.Totals(
        packets: 0, filteredOut: 0, wireBytes: 0, flows: 0, flowsByTransport: [:],
        flowsByInitiatorKnown: [:],
        originatorToResponder: FlowsReport.DirectionRow(
          packets: 0, bytes: 0, ipBytes: 0, payloadBytes: 0),
        responderToOriginator: FlowsReport.DirectionRow(
          packets: 0, bytes: 0, ipBytes: 0, payloadBytes: 0),
        notInFlows: [:], decodeProblems: ["truncated": [:], "malformed": [:]], linkTypes: [:],
        unsupportedLinkTypes: [:])),
    connections: [], swarms: [], warnings: [], flowLessons: [:], capturesApart: false)

  // MARK: Flows

  /// The flows, read from the records when asked for, and the flows counted by verdict.
  ///
  /// An address is written once per host, not once per flow: the roles stage says which host
  /// each side of a flow is, and the rows share that host's text.
  static func flowRows(
    _ analysis: FlowAnalysis, roles: RoleAnalysis, names: [String], capture: String?
  ) -> (AnalysisReport.FlowRows, [String: Int]) {
    let records = analysis.tracker.flows
    let known = roles.flowHosts.count == records.count
    let source = AnalysisReport.FlowRows.Source(
      flows: records, judgements: roles.judgements, names: known ? names : [],
      flowHosts: known ? roles.flowHosts : [], capture: capture)
    var verdicts = [0, 0, 0, 0]
    for judgement in roles.judgements.prefix(source.count) {
      verdicts[Int(rank(judgement.verdict))] += 1
    }
    var byVerdict: [String: Int] = [:]
    let kinds: [FlowVerdict] = [.clientServer, .peerToPeer, .other, .unknown]
    for (verdict, count) in zip(kinds, verdicts) where count > 0 {
      byVerdict[verdict.rawValue] = count
    }
    return (AnalysisReport.FlowRows(source: source), byVerdict)
  }

  /// `tcp/80` before `tcp/443` before `udp/53`: by transport, then by port number.
  static func servicePrecedes(_ left: String, _ right: String) -> Bool {
    func split(_ label: String) -> (String, Int) {
      let parts = label.split(separator: "/", maxSplits: 1)
      return (String(parts.first ?? ""), parts.count > 1 ? Int(parts[1]) ?? -1 : -1)
    }
    return split(left) < split(right)
  }

  /// The passages that teach the kinds of flow the report holds.
  static func flowLessons(_ byVerdict: [String: Int], lessons: Lessons) -> [String: [LessonLink]] {
    var found: [String: [LessonLink]] = [:]
    for (verdict, kind) in [
      (FlowVerdict.clientServer, FindingKind.clientServerFlow), (.peerToPeer, .peerToPeerFlow),
    ] where byVerdict[verdict.rawValue, default: 0] > 0 {
      let passages = lessons.passages(for: kind)
      if !passages.isEmpty { found[verdict.rawValue] = passages }
    }
    return found
  }

  // MARK: Summary

  static func summary(
    files: [CaptureFileSummary], hosts: AnalysisReport.HostRows, totals: AnalysisReport.Totals,
    capturesApart: Bool
  ) -> AnalysisReport.Summary {
    var formats: [String] = []
    var linkTypes: [String] = []
    for file in files {
      if let format = file.format?.rawValue, !formats.contains(format) { formats.append(format) }
      for linkType in file.linkTypes where !linkTypes.contains(linkType) {
        linkTypes.append(linkType)
      }
    }
    let first = files.compactMap(\.firstTimestamp).min()
    let last = files.compactMap(\.lastTimestamp).max()
    let problems = totals.capture.decodeProblems
    return AnalysisReport.Summary(
      files: files.count, formats: formats, linkTypes: linkTypes, firstTimestamp: first,
      lastTimestamp: last,
      duration: first.flatMap { first in last.map { Double($0 - first) / 1e9 } } ?? 0,
      packets: totals.capture.packets, wireBytes: totals.capture.wireBytes,
      flows: totals.capture.flows, flowsByTransport: totals.capture.flowsByTransport,
      flowsByVerdict: totals.flowsByVerdict, hosts: hosts.count,
      hostsByRole: totals.hostsByRole,
      truncatedPackets: (problems["truncated"] ?? [:]).values.reduce(0, +),
      malformedPackets: (problems["malformed"] ?? [:]).values.reduce(0, +),
      unreadableFiles: files.filter { $0.error != nil }.count, capturesApart: capturesApart,
      hostOrder: hostOrder(hosts))
  }

  /// Hosts with a role first, then those that dealt with more other hosts, then with more flows,
  /// then by address; capture by capture.
  static func hostOrder(_ hosts: AnalysisReport.HostRows) -> [Int] {
    var group = 0
    let keys = hosts.indices.map { number in
      if number > 0 && hosts.capture(at: number) != hosts.capture(at: number - 1) { group += 1 }
      let host = hosts.significance(at: number)
      return (group, host.hasRole ? 0 : 1, -host.partners, -host.flows, number)
    }
    return hosts.indices.sorted { keys[$0] < keys[$1] }
  }
}

extension AnalysisReport.Totals {
  /// Adds another capture's totals to these.
  mutating func add(_ other: AnalysisReport.Totals) {
    flowsByVerdict.merge(other.flowsByVerdict, uniquingKeysWith: +)
    hostsByRole.merge(other.hostsByRole, uniquingKeysWith: +)
    capture.add(other.capture)
  }
}

extension FlowsReport.Totals {
  /// Adds another analysis's totals to these.
  mutating func add(_ other: FlowsReport.Totals) {
    packets += other.packets
    filteredOut += other.filteredOut
    wireBytes += other.wireBytes
    flows += other.flows
    flowsByTransport.merge(other.flowsByTransport, uniquingKeysWith: +)
    flowsByInitiatorKnown.merge(other.flowsByInitiatorKnown, uniquingKeysWith: +)
    originatorToResponder.add(other.originatorToResponder)
    responderToOriginator.add(other.responderToOriginator)
    notInFlows.merge(other.notInFlows, uniquingKeysWith: +)
    decodeProblems.merge(other.decodeProblems) { $0.merging($1, uniquingKeysWith: +) }
    linkTypes.merge(other.linkTypes, uniquingKeysWith: +)
    unsupportedLinkTypes.merge(other.unsupportedLinkTypes, uniquingKeysWith: +)
  }
}

extension FlowsReport.DirectionRow {
  mutating func add(_ other: FlowsReport.DirectionRow) {
    packets += other.packets
    bytes += other.bytes
    ipBytes += other.ipBytes
    payloadBytes += other.payloadBytes
  }
}
