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

  // MARK: Swarms

  /// The groups of hosts that peer-to-peer connections join, largest first.
  static func swarms(
    _ connections: [AnalysisReport.Connection], hosts: [HostRoles], lessons: Lessons,
    capture: String?
  ) -> [AnalysisReport.Swarm] {
    var index: [String: Int] = [:]
    for (number, host) in hosts.enumerated() { index[host.address.description] = number }
    var parent = Array(hosts.indices)
    func root(_ node: Int) -> Int {
      var node = node
      while parent[node] != node {
        parent[node] = parent[parent[node]]
        node = parent[node]
      }
      return node
    }
    let peerLinks = connections.indices.filter { connections[$0].verdict == .peerToPeer }
    for link in peerLinks {
      guard let from = index[connections[link].from], let to = index[connections[link].to]
      else { continue }
      let (left, right) = (root(from), root(to))
      if left != right { parent[max(left, right)] = min(left, right) }
    }
    var groups: [Int: [Int]] = [:]
    for link in peerLinks {
      if let from = index[connections[link].from] { groups[root(from), default: []].append(link) }
    }
    let passages = groups.isEmpty ? [] : lessons.passages(for: .peerToPeerFlow)
    let swarms = groups.map { _, links -> (Int, AnalysisReport.Swarm) in
      var members = Set<Int>()
      var degree: [Int: Int] = [:]
      var ports = Set<String>()
      var flows = 0
      for link in links {
        let connection = connections[link]
        for address in [connection.from, connection.to] {
          if let member = index[address] {
            members.insert(member)
            degree[member, default: 0] += 1
          }
        }
        ports.formUnion(connection.services)
        flows += connection.flows
      }
      let sorted = members.sorted()
      var users: [ServiceAddress: Int] = [:]
      for member in sorted {
        for service in hosts[member].contactedServices { users[service, default: 0] += 1 }
      }
      let shared = users.filter { $0.value >= 2 }.sorted { left, right in
        if left.value != right.value { return left.value > right.value }
        return (left.key.address, left.key.transport.rawValue, left.key.port)
          < (right.key.address, right.key.transport.rawValue, right.key.port)
      }
      let hub = sorted.max { (degree[$0] ?? 0, -$0) < (degree[$1] ?? 0, -$1) } ?? 0
      let text = swarmText(
        members: sorted.map { hosts[$0].address.description }, pairs: links.count, flows: flows,
        ports: ports.sorted(by: servicePrecedes),
        hub: (hosts[hub].address.description, degree[hub] ?? 0),
        shared: shared.first.map { ($0.key.description, $0.value) },
        moreShared: max(0, shared.count - 1))
      return (
        sorted.first ?? 0,
        AnalysisReport.Swarm(
          capture: capture, members: sorted.map { hosts[$0].address.description },
          connections: links.sorted(), pairs: links.count,
          possiblePairs: sorted.count * (sorted.count - 1) / 2, flows: flows,
          ports: ports.sorted(by: servicePrecedes), sharedServices: shared.map(\.key.description),
          text: text, lessons: passages)
      )
    }
    return swarms.sorted { left, right in
      left.1.members.count != right.1.members.count
        ? left.1.members.count > right.1.members.count : left.0 < right.0
    }.map(\.1)
  }

  static func swarmText(
    members: [String], pairs: Int, flows: Int, ports: [String], hub: (String, Int),
    shared: (String, Int)?, moreShared: Int
  ) -> String {
    let n = members.count
    let possible = n * (n - 1) / 2
    var shownPorts = ports.prefix(3).joined(separator: ", ")
    if ports.count > 3 { shownPorts += " and \(ports.count - 3) more ports" }
    var sentences = [
      "\(n) peers, joined by \(count(flows, "peer-to-peer flow")) on \(shownPorts)."
    ]
    if n == 2 {
      sentences.append("The two talk to each other directly.")
    } else if pairs == possible {
      sentences.append(
        "Every member talks directly to every other (\(pairs) of \(possible) pairs): a full mesh.")
    } else if hub.1 == n - 1 && pairs == n - 1 {
      sentences.append(
        "Every connection goes through \(hub.0), which talks to all \(n - 1) others; they do not "
          + "talk to each other (a star).")
    } else {
      sentences.append(
        "\(pairs) of the \(possible) possible pairs talk directly; the best connected member, "
          + "\(hub.0), talks to \(hub.1) of the \(n - 1) others.")
    }
    if let (service, users) = shared {
      let who = users == n ? "All \(n) members" : "\(users) of the \(n) members"
      var sentence = "\(who) also used the server \(service)"
      if moreShared > 0 { sentence += " (and \(count(moreShared, "other shared service")))" }
      sentence +=
        ": a server that peers share is often the tracker or directory that introduced them."
      sentences.append(sentence)
    }
    return sentences.joined(separator: " ")
  }

  // MARK: Warnings

  /// Missed starts, one-way flows, damaged packets and unreadable files, in that order of
  /// files first, then packets, then flows.
  static func warnings(
    files: [CaptureFileSummary], flows: [AnalysisReport.FlowRow], totals: FlowsReport.Totals,
    lessons: Lessons, capture: String?
  ) -> [AnalysisReport.Warning] {
    var warnings: [AnalysisReport.Warning] = []
    func add(
      _ kind: AnalysisReport.Warning.Kind, _ text: String, count: Int, flows: [Int] = [],
      lessons: [LessonLink] = []
    ) {
      warnings.append(
        AnalysisReport.Warning(
          capture: capture, kind: kind, text: text, count: count, flows: flows, lessons: lessons))
    }
    for file in files {
      if let error = file.error {
        let covered =
          file.packets == 0
          ? "Nothing could be read from it."
          : "The report covers the \(count(file.packets, "packet")) read before the fault."
        add(.unreadableFile, "\(error). \(covered)", count: 1)
      } else if file.packets == 0 {
        add(.noPackets, "\(file.path) holds no packets.", count: 1)
      }
    }
    for (kind, name, meaning) in [
      (
        AnalysisReport.Warning.Kind.truncatedPackets, "truncated",
        "were cut short in the capture (its snap length was smaller than the packet): decoding "
          + "stopped where the bytes ran out"
      ),
      (
        .malformedPackets, "malformed",
        "had header values that cannot be right: decoding stopped at the bad header"
      ),
    ] {
      let layers = totals.decodeProblems[name] ?? [:]
      let total = layers.values.reduce(0, +)
      guard total > 0 else { continue }
      add(
        kind,
        "\(count(total, "packet")) \(meaning) (\(FlowsRenderer.counts(layers))). What came before "
          + "the problem still counts in the flows.", count: total)
    }
    let unsupported = totals.unsupportedLinkTypes.values.reduce(0, +)
    if unsupported > 0 {
      add(
        .unsupportedLinkType,
        "\(count(unsupported, "packet")) use a link type rolecall does not decode "
          + "(\(FlowsRenderer.counts(totals.unsupportedLinkTypes))): they are counted but belong "
          + "to no flow.", count: unsupported)
    }
    var missedStart: [Int] = []
    var unknown: [Int] = []
    var oneWay: [Int] = []
    var unanswered = 0
    // Connections only: ICMP and other control traffic has no opener or answer to speak of.
    for (number, flow) in flows.enumerated()
    where flow.transport == "tcp" || flow.transport == "udp" {
      if flow.transport == "tcp" && flow.initiatorKnown == .inferred
        && flow.initiatorRule != .continuation
      {
        missedStart.append(number)
      }
      if flow.initiatorKnown == .unknown { unknown.append(number) }
      if (flow.fromInitiator.packets == 0 || flow.fromResponder.packets == 0)
        && flow.rule != .multicastOrBroadcast
      {
        oneWay.append(number)
        if flow.rule == .noAnswer { unanswered += 1 }
      }
    }
    let openerLessons = lessons.passages(for: .unknownInitiator)
    if !missedStart.isEmpty {
      let were = missedStart.count == 1 ? "was" : "were"
      let them = missedStart.count == 1 ? "it" : "them"
      add(
        .startNotSeen,
        "\(count(missedStart.count, "TCP flow")) \(were) seen without the opening SYN (begun "
          + "before the capture, or the SYN was missed): who opened \(them) was inferred from a "
          + "SYN-ACK or the server's port, not seen.", count: missedStart.count,
        flows: missedStart, lessons: openerLessons)
    }
    if !unknown.isEmpty {
      let them = unknown.count == 1 ? "it" : "them"
      add(
        .initiatorUnknown,
        "\(count(unknown.count, "flow")) \(unknown.count == 1 ? "shows" : "show") no sign of who "
          + "opened \(them) (no handshake, no "
          + "request, no well-known port): \(unknown.count == 1 ? "it is" : "they are") listed "
          + "in address order with <->, and a verdict on \(them) rests on ports or host patterns.",
        count: unknown.count, flows: unknown, lessons: openerLessons)
    }
    if !oneWay.isEmpty {
      let carried = "\(count(oneWay.count, "flow")) carried packets in one direction only"
      let attempts = unanswered > 0 ? " (\(unanswered) of them attempts nobody answered)" : ""
      let text =
        unanswered == oneWay.count
        ? "\(carried): attempts nobody answered (or whose answers the capture missed)."
        : "\(carried)\(attempts): either nobody answered, or the capture saw only one side of "
          + "the conversation (a tap or mirror port on one direction)."
      add(.oneDirection, text, count: oneWay.count, flows: oneWay)
    }
    return warnings
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
