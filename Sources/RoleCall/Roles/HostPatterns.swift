/// Connection patterns per host and per listening endpoint, gathered over a whole capture: the
/// evidence the peer-to-peer rules read (roles.md §6, rules 5 to 10).
///
/// A class, built once and then only read, so the rules share it instead of copying a dozen
/// tables at every call; it lives only during one analysis.
final class HostPatterns {
  /// Hosts and ports a host reached, counting only connections that were accepted.
  struct Reach: Sendable {
    var hosts: Set<IPAddress> = []
    var ports: Set<UInt16> = []

    /// BLINC's cardinality rule: at least three hosts, on about as many different ports
    /// (a web client reaches many hosts on one or two ports; a peer, many hosts on many ports).
    /// Five or more hosts on high ports count whatever the ports: swarms whose members all
    /// listen on one default port (Bitcoin 8333, Ethereum 30303) reach many hosts on one port.
    var isDiverse: Bool { hosts.count >= 3 && (ports.count * 2 >= hosts.count || hosts.count >= 5) }

    /// A stronger fan-out, asked for before a registered port is taken as a peer's.
    var isWide: Bool { hosts.count >= 8 && ports.count * 2 >= hosts.count }
  }

  /// Who reached one listening endpoint.
  struct Listener: Sendable {
    var clients: Set<IPAddress> = []
    var sourcePorts: Set<UInt16> = []
    var flows = 0
  }

  struct ListenerKey: Hashable, Sendable {
    var address: IPAddress
    var transport: IPProtocol
    var port: UInt16
  }

  struct Pair: Hashable, Sendable {
    var low: IPAddress
    var high: IPAddress
    init(_ one: IPAddress, _ other: IPAddress) {
      (low, high) = one < other ? (one, other) : (other, one)
    }
  }

  /// Accepted connections each host opened to high ports (1024 and above, registered or not:
  /// peers listen on any port, and some of those are registered to something else).
  private(set) var openedHigh: [IPAddress: Reach] = [:]
  /// High ports each host accepted connections on.
  private(set) var acceptedHigh: [IPAddress: Set<UInt16>] = [:]
  /// Ports each host accepted connections on, registered or not (for same-port symmetry).
  private(set) var accepted: [IPAddress: Set<UInt16>] = [:]
  /// Partners of flows whose initiator is unknown and whose ports are both high.
  private(set) var unknownPartners: [IPAddress: Reach] = [:]
  private(set) var listeners: [ListenerKey: Listener] = [:]
  /// Which transports each host pair used in answered flows, leaving out services that run over
  /// both (probes and scans, one-way, say nothing).
  private(set) var transports: [Pair: (tcp: Bool, udp: Bool)] = [:]
  /// Host pairs with an FTP control connection (tcp/21) or a TFTP request (udp/69) between
  /// them, and the hosts addressed on those ports.
  private(set) var ftpPairs: Set<Pair> = []
  private(set) var tftpPairs: Set<Pair> = []
  private(set) var fileTransferServers: Set<IPAddress> = []
  /// For flows whose initiator is unknown: the endpoints each endpoint talked to.
  private(set) var undirectedPartners: [Endpoint: Set<Endpoint>] = [:]
  /// Hosts that sent to a STUN server (udp 3478, 3479, 5349, 19302).
  private(set) var stunUsers: Set<IPAddress> = []
  /// For flows without a known initiator: who spoke first to each endpoint, and which hosts
  /// ever spoke first on high ports.
  private(set) var firstSpokenTo: [Endpoint: Set<IPAddress>] = [:]
  private(set) var firstSpeakers: Set<IPAddress> = []
  /// For flows without a known initiator: the hosts that spoke first to each endpoint, and the
  /// ports they spoke from.
  private(set) var undirectedCallers: [Endpoint: [IPAddress: Set<UInt16>]] = [:]

  init(_ facts: [FlowFacts]) {
    for fact in facts where fact.isTCPOrUDP && !fact.multicast && !fact.sameHost {
      for side in [Side.a, .b] where fact.port(side) == (fact.transport == .tcp ? 21 : 69) {
        if fact.transport == .tcp {
          ftpPairs.insert(Pair(fact.a.address, fact.b.address))
        } else {
          tftpPairs.insert(Pair(fact.a.address, fact.b.address))
        }
        fileTransferServers.insert(fact.endpoint(side).address)
      }
      for side in [Side.a, .b]
      where fact.transport == .udp && HostPatterns.stunPorts.contains(fact.port(side)) {
        stunUsers.insert(fact.endpoint(side.opposite).address)
      }
      if fact.bothSpoke
        && !RegisteredPorts.dualTransportServices.contains(fact.port(.a))
        && !RegisteredPorts.dualTransportServices.contains(fact.port(.b))
      {
        let pair = Pair(fact.a.address, fact.b.address)
        var seen = transports[pair] ?? (false, false)
        if fact.transport == .tcp { seen.tcp = true } else { seen.udp = true }
        transports[pair] = seen
      }
      guard let initiator = fact.initiator else {
        recordUndirected(fact)
        continue
      }
      guard fact.accepted else { continue }
      let responder = initiator.opposite
      let client = fact.endpoint(initiator)
      let server = fact.endpoint(responder)
      accepted[server.address, default: []].insert(fact.port(responder))
      let key = ListenerKey(
        address: server.address, transport: fact.transport, port: fact.port(responder))
      listeners[key, default: Listener()].clients.insert(client.address)
      listeners[key, default: Listener()].sourcePorts.insert(fact.port(initiator))
      listeners[key, default: Listener()].flows += 1
      if fact.isHigh(responder) {
        acceptedHigh[server.address, default: []].insert(fact.port(responder))
        openedHigh[client.address, default: Reach()].hosts.insert(server.address)
        openedHigh[client.address, default: Reach()].ports.insert(fact.port(responder))
      }
    }
  }

  /// Notes a flow whose initiator is unknown. The first sender is taken as the likelier opener,
  /// a weak hint that only these pattern counts use.
  private func recordUndirected(_ fact: FlowFacts) {
    let sender = fact.endpoint(fact.firstSender)
    let receiver = fact.endpoint(fact.firstSender.opposite)
    undirectedPartners[sender, default: []].insert(receiver)
    undirectedPartners[receiver, default: []].insert(sender)
    undirectedCallers[receiver, default: [:]][sender.address, default: []].insert(sender.port ?? 0)
    guard fact.isHigh(.a) && fact.isHigh(.b) else { return }
    firstSpokenTo[receiver, default: []].insert(sender.address)
    firstSpeakers.insert(sender.address)
    unknownPartners[sender.address, default: Reach()].hosts.insert(receiver.address)
    unknownPartners[sender.address, default: Reach()].ports.insert(receiver.port ?? 0)
  }

  /// The host both accepts and opens connections on high ports (BLINC's
  /// "collaborative" role, the TDG's in-and-out node).
  func isSymmetric(_ host: IPAddress) -> Bool {
    acceptedHigh[host] != nil && openedHigh[host] != nil
  }

  /// The host reaches many hosts on many different high ports.
  func fansOut(_ host: IPAddress) -> Bool {
    openedHigh[host]?.isDiverse == true || unknownPartners[host]?.isDiverse == true
  }

  /// The two hosts talk over both TCP and UDP (Karagiannis et al.'s first rule).
  func usesBothTransports(_ one: IPAddress, _ other: IPAddress) -> Bool {
    guard let seen = transports[Pair(one, other)] else { return false }
    return seen.tcp && seen.udp
  }

  /// The host reaches very many hosts on many different high ports.
  func fansOutWidely(_ host: IPAddress) -> Bool {
    openedHigh[host]?.isWide == true || unknownPartners[host]?.isWide == true
  }

  static let stunPorts: Set<UInt16> = [3478, 3479, 5349, 19302]

  /// Either host used STUN, so a direct UDP flow between them is NAT traversal.
  func traversesNAT(_ one: IPAddress, _ other: IPAddress) -> Bool {
    stunUsers.contains(one) || stunUsers.contains(other)
  }

  /// Without initiators: two or more hosts spoke first to this endpoint, and its host never
  /// spoke first to anyone on high ports (a listener, as a server is; peers also call out).
  func isSoleListener(_ endpoint: Endpoint) -> Bool {
    (firstSpokenTo[endpoint]?.count ?? 0) >= 2 && !firstSpeakers.contains(endpoint.address)
  }

  /// An FTP control connection or a TFTP request joins the two hosts, so their other flows are
  /// its data transfers: the rule, and the side of the file server when it is known.
  func fileTransfer(_ fact: FlowFacts) -> (VerdictRule, Side?)? {
    let pair = Pair(fact.a.address, fact.b.address)
    let rule: VerdictRule
    if fact.transport == .tcp && ftpPairs.contains(pair) {
      rule = .ftpData
    } else if fact.transport == .udp && tftpPairs.contains(pair) {
      rule = .tftpData
    } else {
      return nil
    }
    let server = [Side.a, .b].first { fileTransferServers.contains(fact.endpoint($0).address) }
    return (rule, server)
  }

  /// Without initiators: some host reached this endpoint from several of its own ports, as
  /// clients of a service do (a fresh port per request), where peers reuse their one UDP port.
  /// TCP peers do reconnect, so TCP needs three ports from one host rather than two.
  /// Only ports that talked to nothing else count: a peer's ICE candidate ports each try several
  /// of the other peer's ports, a client's request ports each reach just the service.
  func isCalledRepeatedly(_ endpoint: Endpoint, transport: IPProtocol) -> Bool {
    let needed = transport == .udp ? 2 : 3
    guard let callers = undirectedCallers[endpoint] else { return false }
    for (caller, ports) in callers where ports.count >= needed {
      var singleUse = 0
      for port in ports where undirectedPartners[Endpoint(address: caller, port: port)]?.count == 1
      {
        singleUse += 1
      }
      if singleUse >= needed { return true }
    }
    return false
  }

  func listener(_ address: IPAddress, _ transport: IPProtocol, _ port: UInt16) -> Listener? {
    listeners[ListenerKey(address: address, transport: transport, port: port)]
  }
}

extension HostPatterns.Listener {
  /// Karagiannis et al.'s {IP, port} rule: three or more hosts each connecting about once, as
  /// peers do, rather than many times, as browsers do to a web server.
  var looksLikePeerListener: Bool {
    clients.count >= 3 && abs(sourcePorts.count - clients.count) <= 1 && flows <= clients.count + 1
  }

  /// Clients come back again and again (three or more connections, at least two per client).
  var hasRepeatClients: Bool { flows >= 3 && flows >= 2 * clients.count }
}
