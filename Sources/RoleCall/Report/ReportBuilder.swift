/// The parts of an `AnalysisReport` that are worked out from the flows and the roles when the
/// report is built: connections, swarms, warnings, the summary and the hosts' order.
enum ReportBuilder {
  /// The linker's answers, asked once per kind of finding (a capture with thousands of hosts
  /// asks for the same few kinds over and over).
  final class Lessons {
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
    files: [], flows: [], hosts: [],
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

  /// One row per flow with its verdict, and the flows counted by verdict.
  ///
  /// An address is written once per host, not once per flow: the roles stage says which host
  /// each side of a flow is, and the rows share that host's text.
  static func flowRows(
    _ analysis: FlowAnalysis, roles: RoleAnalysis, capture: String?
  ) -> ([AnalysisReport.FlowRow], [String: Int]) {
    let records = analysis.tracker.flows
    let known = roles.flowHosts.count == records.count
    let names = known ? roles.hosts.map(\.address.description) : []
    var verdicts = [0, 0, 0, 0]
    let rows = zip(records.indices, roles.judgements).map { number, judgement in
      var hostNames: (String, String)?
      if known {
        let hosts = roles.flowHosts[number]
        if hosts.a >= 0 && hosts.b >= 0 { hostNames = (names[Int(hosts.a)], names[Int(hosts.b)]) }
      }
      let row = FlowsReport.FlowRow(records[number], names: hostNames)
      verdicts[Int(rank(judgement.verdict))] += 1
      return AnalysisReport.FlowRow(
        transport: row.transport, initiator: row.initiator, responder: row.responder,
        initiatorKnown: row.initiatorKnown, initiatorRule: row.initiatorRule,
        verdict: judgement.verdict, confidence: judgement.confidence, rule: judgement.rule,
        rules: judgement.rules, state: row.state, history: row.history, start: row.start,
        duration: row.duration, fromInitiator: row.fromInitiator,
        fromResponder: row.fromResponder, capture: capture)
    }
    var byVerdict: [String: Int] = [:]
    let kinds: [FlowVerdict] = [.clientServer, .peerToPeer, .other, .unknown]
    for (verdict, count) in zip(kinds, verdicts) where count > 0 {
      byVerdict[verdict.rawValue] = count
    }
    return (rows, byVerdict)
  }

  // MARK: Connections

  private struct PairKey: Hashable {
    var low: Int32
    var high: Int32
    var verdict: UInt8

    func _rawHashValue(seed: Int) -> Int {
      TableHash.mix(
        seed, UInt64(UInt32(bitPattern: low)) << 32 | UInt64(UInt32(bitPattern: high)),
        UInt64(verdict))
    }
  }

  private struct Pair {
    var key: PairKey
    var fromLow = 0
    var fromHigh = 0
    var undirected = 0
    /// The answering side's transport and port: `protocol << 17 | 1 << 16 | port`, or
    /// `protocol << 17` for transports without ports. Most pairs have one, kept without a set.
    var service: UInt32?
    var moreServices: Set<UInt32> = []
    var packets: UInt64 = 0
    var bytes: UInt64 = 0
  }

  private static func rank(_ verdict: FlowVerdict) -> UInt8 {
    switch verdict {
    case .clientServer: 0
    case .peerToPeer: 1
    case .other: 2
    case .unknown: 3
    }
  }

  /// One connection per pair of hosts and verdict. The arrow goes from the client of a
  /// client/server flow (whoever opened it) and otherwise from the flow's opener.
  static func connections(
    _ flows: [Flow], _ judgements: [FlowJudgement], hosts: [HostRoles], capture: String?,
    flowHosts: [RoleAnalysis.FlowHosts] = []
  ) -> [AnalysisReport.Connection] {
    // The roles stage says where each flow's hosts are in `hosts`; without that, look them up.
    var index: [IPAddress: Int32] = [:]
    let known = flowHosts.count == flows.count
    if !known {
      for (number, host) in hosts.enumerated() { index[host.address] = Int32(number) }
    }
    var slots: [PairKey: Int] = [:]
    var pairs: [Pair] = []
    let verdicts: [FlowVerdict] = [.clientServer, .peerToPeer, .other, .unknown]
    for (number, (flow, judgement)) in zip(flows, judgements).enumerated() {
      let first: Int32
      let second: Int32
      if known {
        (first, second) = (flowHosts[number].a, flowHosts[number].b)
        guard first >= 0, second >= 0, first != second else { continue }
      } else {
        guard let one = index[flow.key.endpoint(.a).address],
          let other = index[flow.key.endpoint(.b).address], one != other
        else { continue }
        (first, second) = (one, other)
      }
      let requester: Side? =
        judgement.verdict == .clientServer
        ? (judgement.server?.opposite ?? flow.initiator) : flow.initiator
      let low = min(first, second)
      let key = PairKey(low: low, high: max(first, second), verdict: rank(judgement.verdict))
      let slot: Int
      if let existing = slots[key] {
        slot = existing
      } else {
        slot = pairs.count
        slots[key] = slot
        pairs.append(Pair(key: key))
      }
      if let requester {
        let opener = requester == .a ? first : second
        if opener == low { pairs[slot].fromLow += 1 } else { pairs[slot].fromHigh += 1 }
        let protocolNumber = UInt32(flow.key.ipProtocol.rawValue) << 17
        let service = flow.key.endpoint(requester.opposite).port.map {
          protocolNumber | 1 << 16 | UInt32($0)
        }
        let code = service ?? protocolNumber
        if pairs[slot].service == nil {
          pairs[slot].service = code
        } else if pairs[slot].service != code {
          pairs[slot].moreServices.insert(code)
        }
      } else {
        pairs[slot].undirected += 1
      }
      let forward = flow.counters(from: .a)
      let backward = flow.counters(from: .b)
      pairs[slot].packets += forward.packets + backward.packets
      pairs[slot].bytes += forward.wireBytes + backward.wireBytes
    }
    // By (low, high, verdict), packed in one word: hosts are numbered below 2^30.
    @inline(__always) func order(_ key: PairKey) -> UInt64 {
      UInt64(UInt32(bitPattern: key.low)) << 33 | UInt64(UInt32(bitPattern: key.high)) << 2
        | UInt64(key.verdict)
    }
    pairs.sort { order($0.key) < order($1.key) }
    let names = hosts.map(\.address.description)
    return pairs.map { pair in
      let lowFirst = pair.fromLow >= pair.fromHigh
      let from = names[Int(lowFirst ? pair.key.low : pair.key.high)]
      let to = names[Int(lowFirst ? pair.key.high : pair.key.low)]
      var codes: [UInt32]
      if pair.moreServices.isEmpty {
        codes = pair.service.map { [$0] } ?? []
      } else {
        codes = pair.moreServices.sorted()
        if let first = pair.service {
          codes.insert(first, at: codes.firstIndex { $0 > first } ?? codes.count)
        }
      }
      let services = codes.map { code in
        let name = IPProtocol(rawValue: UInt8(truncatingIfNeeded: code >> 17)).name
        return code & (1 << 16) != 0 ? name + "/" + String(code & 0xFFFF) : name
      }
      return AnalysisReport.Connection(
        capture: capture, from: from, to: to, verdict: verdicts[Int(pair.key.verdict)],
        flows: pair.fromLow + pair.fromHigh + pair.undirected,
        forward: lowFirst ? pair.fromLow : pair.fromHigh,
        backward: lowFirst ? pair.fromHigh : pair.fromLow, undirected: pair.undirected,
        services: services, packets: pair.packets, bytes: pair.bytes)
    }
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
    files: [CaptureFileSummary], hosts: [AnalysisReport.HostRow], totals: AnalysisReport.Totals,
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
  static func hostOrder(_ hosts: [AnalysisReport.HostRow]) -> [Int] {
    var group = 0
    var groups: [Int] = []
    for (number, host) in hosts.enumerated() {
      if number > 0 && host.capture != hosts[number - 1].capture { group += 1 }
      groups.append(group)
    }
    let keys = hosts.enumerated().map { number, host in
      let evidence = host.evidence
      let partners =
        host.services.reduce(0) { $0 + $1.clients.count } + evidence.serversContacted.count
        + evidence.peers.count
      let flows =
        evidence.serverFlows + evidence.clientFlows + evidence.peerFlowsOpened
        + evidence.peerFlowsAccepted + evidence.peerFlowsUndirected
      return (groups[number], host.roles.isEmpty ? 1 : 0, -partners, -flows, number)
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
