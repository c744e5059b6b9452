/// Connection patterns per host and per listening endpoint, gathered over a whole capture: the
/// evidence the peer-to-peer rules read (roles.md §6, rules 5 to 10).
///
/// A class, built once and then only read, so the rules share it instead of copying a dozen
/// tables at every call; it lives only during one analysis.
final class HostPatterns: Sendable {
  /// Hosts and ports a host reached, counting only connections that were accepted.
  struct Reach: Sendable {
    /// The hosts reached, by host number (`FlowFacts.host(_:)`), and the ports.
    var hosts: Set<Key> = []
    var ports: Set<Key> = []

    /// BLINC's cardinality rule: at least three hosts, on about as many different ports
    /// (a web client reaches many hosts on one or two ports; a peer, many hosts on many ports).
    /// Five or more hosts on high ports count whatever the ports: swarms whose members all
    /// listen on one default port (Bitcoin 8333, Ethereum 30303) reach many hosts on one port.
    var isDiverse: Bool { hosts.count >= 3 && (ports.count * 2 >= hosts.count || hosts.count >= 5) }

    /// A stronger fan-out, asked for before a registered port is taken as a peer's.
    var isWide: Bool { hosts.count >= 8 && ports.count * 2 >= hosts.count }
  }

  /// A key of up to 64 bits (a host number with a port, a transport and port, or a pair of host
  /// numbers), hashed without SipHash (see `TableHash`).
  struct Key: Hashable, Sendable {
    var bits: UInt64

    init(bits: UInt64) { self.bits = bits }

    /// A host number or a port.
    init(_ number: some BinaryInteger) { bits = UInt64(number) }

    /// A host's endpoint: its number and port.
    static func endpoint(_ host: Int, _ port: UInt16) -> Key {
      Key(bits: UInt64(host) << 16 | UInt64(port))
    }

    /// A listening endpoint: host number, transport and port.
    static func listener(_ host: Int, _ transport: IPProtocol, _ port: UInt16) -> Key {
      Key(bits: UInt64(host) << 24 | UInt64(transport.rawValue) << 16 | UInt64(port))
    }

    /// An unordered pair of hosts.
    static func pair(_ one: Int, _ other: Int) -> Key {
      Key(bits: UInt64(min(one, other)) << 32 | UInt64(max(one, other)))
    }

    func _rawHashValue(seed: Int) -> Int { TableHash.mix(seed, bits, 0) }
  }

  // Tables per host are arrays indexed by host number (`FlowFacts.host(_:)`), so the rules look a
  // host up without hashing; an empty set or reach stands for a host with nothing recorded.

  /// Accepted connections each host opened to high ports (1024 and above, registered or not:
  /// peers listen on any port, and some of those are registered to something else).
  let openedHigh: [Reach]
  /// High ports each host accepted connections on.
  let acceptedHigh: [Set<Key>]
  /// Ports each host accepted connections on, registered or not (for same-port symmetry).
  let accepted: [Set<Key>]
  /// Partners of flows whose initiator is unknown and whose ports are both high.
  let unknownPartners: [Reach]
  let listeners: [Key: Listener]
  /// Which transports each host pair used in answered flows, leaving out services that run over
  /// both (probes and scans, one-way, say nothing).
  let transports: [Key: (tcp: Bool, udp: Bool)]
  /// Host pairs with an FTP control connection (tcp/21) or a TFTP request (udp/69) between
  /// them, and the hosts addressed on those ports.
  let ftpPairs: Set<Key>
  let tftpPairs: Set<Key>
  let fileTransferServers: [Bool]
  /// For flows whose initiator is unknown: the endpoints each endpoint talked to.
  let undirectedPartners: [Key: Set<Key>]
  /// Hosts that sent to a STUN server (udp 3478, 3479, 5349, 19302).
  let stunUsers: [Bool]
  /// For flows without a known initiator: who spoke first to each endpoint, and which hosts
  /// ever spoke first on high ports.
  let firstSpokenTo: [Key: Set<Key>]
  let firstSpeakers: [Bool]
  /// For flows without a known initiator: the hosts that spoke first to each endpoint, and the
  /// ports they spoke from.
  let undirectedCallers: [Key: [Key: Set<Key>]]

  /// Gathers the patterns of `facts`, whose hosts are numbered below `hostCount`. With
  /// `RoleInference.parallelHostFlows` facts or more (or `parallel` set), what each host
  /// accepted (`AcceptedByHost`) is gathered on one thread and every other table on another
  /// (each reads every fact and fills its own tables: the same tables either way).
  init(_ facts: [FlowFacts], hostCount: Int, parallel: Bool? = nil) {
    let answered = { @Sendable in AcceptedByHost(facts, hostCount: hostCount) }
    let rest = { @Sendable in
      (HostPatterns.openedHigh(facts, hostCount: hostCount), Others(facts, hostCount: hostCount))
    }
    let (accepted, (openedHigh, others)) =
      parallel ?? (facts.count >= RoleInference.parallelHostFlows)
      ? Parallel.both(answered, rest) : (answered(), rest())
    self.openedHigh = openedHigh
    acceptedHigh = accepted.acceptedHigh
    self.accepted = accepted.accepted
    listeners = accepted.listeners
    unknownPartners = others.unknownPartners
    transports = others.transports
    ftpPairs = others.ftpPairs
    tftpPairs = others.tftpPairs
    fileTransferServers = others.fileTransferServers
    undirectedPartners = others.undirectedPartners
    stunUsers = others.stunUsers
    firstSpokenTo = others.firstSpokenTo
    firstSpeakers = others.firstSpeakers
    undirectedCallers = others.undirectedCallers
  }

  /// The facts the patterns read: TCP and UDP between two hosts, not multicast.
  static func counts(_ fact: FlowFacts) -> Bool {
    fact.isTCPOrUDP && !fact.multicast && !fact.sameHost
  }

  /// The high-port hosts and ports each host reached in accepted connections.
  private static func openedHigh(_ facts: [FlowFacts], hostCount: Int) -> [Reach] {
    var openedHigh = Array(repeating: Reach(), count: hostCount)
    for fact in facts where HostPatterns.counts(fact) && fact.accepted {
      guard let initiator = fact.initiator, fact.isHigh(initiator.opposite) else { continue }
      openedHigh[fact.host(initiator)].hosts.insert(Key(fact.host(initiator.opposite)))
      openedHigh[fact.host(initiator)].ports.insert(Key(fact.port(initiator.opposite)))
    }
    return openedHigh
  }

  /// Every other table: file transfers, STUN, transports per pair, and the flows without a
  /// known initiator.
  private struct Others: Sendable {
    var unknownPartners: [Reach]
    var transports: [Key: (tcp: Bool, udp: Bool)] = [:]
    var ftpPairs: Set<Key> = []
    var tftpPairs: Set<Key> = []
    var fileTransferServers: [Bool]
    var undirectedPartners: [Key: Set<Key>] = [:]
    var stunUsers: [Bool]
    var firstSpokenTo: [Key: Set<Key>] = [:]
    var firstSpeakers: [Bool]
    var undirectedCallers: [Key: [Key: Set<Key>]] = [:]

    init(_ facts: [FlowFacts], hostCount: Int) {
      unknownPartners = Array(repeating: Reach(), count: hostCount)
      fileTransferServers = Array(repeating: false, count: hostCount)
      stunUsers = Array(repeating: false, count: hostCount)
      firstSpeakers = Array(repeating: false, count: hostCount)
      for fact in facts where HostPatterns.counts(fact) {
        for side in Side.both where fact.port(side) == (fact.transport == .tcp ? 21 : 69) {
          if fact.transport == .tcp {
            ftpPairs.insert(.pair(fact.host(.a), fact.host(.b)))
          } else {
            tftpPairs.insert(.pair(fact.host(.a), fact.host(.b)))
          }
          fileTransferServers[fact.host(side)] = true
        }
        for side in Side.both
        where fact.transport == .udp && HostPatterns.isSTUNPort(fact.port(side)) {
          stunUsers[fact.host(side.opposite)] = true
        }
        if fact.bothSpoke
          && !RegisteredPorts.isDualTransportService(fact.port(.a))
          && !RegisteredPorts.isDualTransportService(fact.port(.b))
        {
          let isTCP = fact.transport == .tcp
          HostPatterns.update(
            &transports[.pair(fact.host(.a), fact.host(.b)), default: (false, false)]
          ) { seen in
            if isTCP { seen.tcp = true } else { seen.udp = true }
          }
        }
        if fact.initiator == nil { recordUndirected(fact) }
      }
    }

    /// Notes a flow whose initiator is unknown. The first sender is taken as the likelier
    /// opener, a weak hint that only these pattern counts use.
    private mutating func recordUndirected(_ fact: FlowFacts) {
      let senderHost = fact.host(fact.firstSender)
      let receiverHost = fact.host(fact.firstSender.opposite)
      let senderPort = fact.port(fact.firstSender)
      let receiverPort = fact.port(fact.firstSender.opposite)
      let sender = Key.endpoint(senderHost, senderPort)
      let receiver = Key.endpoint(receiverHost, receiverPort)
      undirectedPartners[sender, default: []].insert(receiver)
      undirectedPartners[receiver, default: []].insert(sender)
      undirectedCallers[receiver, default: [:]][Key(senderHost), default: []].insert(
        Key(senderPort))
      guard fact.isHigh(.a) && fact.isHigh(.b) else { return }
      firstSpokenTo[receiver, default: []].insert(Key(senderHost))
      firstSpeakers[senderHost] = true
      unknownPartners[senderHost].hosts.insert(Key(receiverHost))
      unknownPartners[senderHost].ports.insert(Key(receiverPort))
    }
  }

  @inline(__always)
  private static func update<Value>(_ value: inout Value, _ body: (inout Value) -> Void) {
    body(&value)
  }

  /// The host both accepts and opens connections on high ports (BLINC's
  /// "collaborative" role, the TDG's in-and-out node).
  func isSymmetric(_ host: Int) -> Bool {
    !acceptedHigh[host].isEmpty && !openedHigh[host].hosts.isEmpty
  }

  /// The host reaches many hosts on many different high ports.
  func fansOut(_ host: Int) -> Bool {
    openedHigh[host].isDiverse || unknownPartners[host].isDiverse
  }

  /// The two hosts talk over both TCP and UDP (Karagiannis et al.'s first rule).
  func usesBothTransports(_ one: Int, _ other: Int) -> Bool {
    guard let seen = transports[.pair(one, other)] else { return false }
    return seen.tcp && seen.udp
  }

  /// The host reaches very many hosts on many different high ports.
  func fansOutWidely(_ host: Int) -> Bool {
    openedHigh[host].isWide || unknownPartners[host].isWide
  }

  static let stunPorts: Set<UInt16> = [3478, 3479, 5349, 19302]

  /// `stunPorts.contains(port)`, without hashing.
  @inline(__always)
  static func isSTUNPort(_ port: UInt16) -> Bool {
    port == 3478 || port == 3479 || port == 5349 || port == 19302
  }

  /// Either host used STUN, so a direct UDP flow between them is NAT traversal.
  func traversesNAT(_ one: Int, _ other: Int) -> Bool {
    stunUsers[one] || stunUsers[other]
  }

  /// Without initiators: two or more hosts spoke first to this endpoint, and its host never
  /// spoke first to anyone on high ports (a listener, as a server is; peers also call out).
  func isSoleListener(host: Int, port: UInt16) -> Bool {
    (firstSpokenTo[.endpoint(host, port)]?.count ?? 0) >= 2 && !firstSpeakers[host]
  }

  /// An FTP control connection or a TFTP request joins the two hosts, so their other flows are
  /// its data transfers: the rule, and the side of the file server when it is known.
  func fileTransfer(_ fact: FlowFacts) -> (VerdictRule, Side?)? {
    let rule: VerdictRule
    if fact.transport == .tcp && !ftpPairs.isEmpty
      && ftpPairs.contains(.pair(fact.host(.a), fact.host(.b)))
    {
      rule = .ftpData
    } else if fact.transport == .udp && !tftpPairs.isEmpty
      && tftpPairs.contains(.pair(fact.host(.a), fact.host(.b)))
    {
      rule = .tftpData
    } else {
      return nil
    }
    let server = Side.both.first { fileTransferServers[fact.host($0)] }
    return (rule, server)
  }

  /// Without initiators: some host reached this endpoint from several of its own ports, as
  /// clients of a service do (a fresh port per request), where peers reuse their one UDP port.
  /// TCP peers do reconnect, so TCP needs three ports from one host rather than two.
  /// Only ports that talked to nothing else count: a peer's ICE candidate ports each try several
  /// of the other peer's ports, a client's request ports each reach just the service.
  func isCalledRepeatedly(host: Int, port: UInt16, transport: IPProtocol) -> Bool {
    let needed = transport == .udp ? 2 : 3
    guard let callers = undirectedCallers[.endpoint(host, port)] else { return false }
    for (caller, ports) in callers where ports.count >= needed {
      var singleUse = 0
      for port in ports
      where undirectedPartners[.endpoint(Int(caller.bits), UInt16(truncatingIfNeeded: port.bits))]?
        .count == 1
      {
        singleUse += 1
      }
      if singleUse >= needed { return true }
    }
    return false
  }

  func listener(_ host: Int, _ transport: IPProtocol, _ port: UInt16) -> Listener? {
    listeners[.listener(host, transport, port)]
  }
}
