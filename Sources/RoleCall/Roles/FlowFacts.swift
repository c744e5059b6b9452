/// The facts about one flow that the role rules use, read once from the flow record.
///
/// Kept small (20 bytes, one per flow while the roles are worked out): ports and host numbers
/// rather than endpoints (an address, when needed, is read from the flow record), and fields
/// declared widest first, so there is no padding.
struct FlowFacts: Sendable {
  /// The hosts of sides A and B, numbered in order of first appearance in the flows
  /// (`RoleInference.facts(_:)`), so the pattern tables are arrays rather than hash tables.
  var hostA: Int32 = 0
  var hostB: Int32 = 0
  /// The ports of sides A and B (0 for transports without ports).
  var portA: UInt16
  var portB: UInt16
  var transport: IPProtocol
  /// The initiator's side, when known.
  var initiator: Side?
  var basis: InitiatorBasis
  /// The responder accepted: it answered a TCP connection with more than a RST (or the
  /// initiator's later ACKs show it did), or sent a UDP datagram back (Zeek's known-services rule).
  var accepted: Bool
  /// Either endpoint is a multicast or broadcast address.
  var multicast: Bool
  /// Both ends are the same address.
  var sameHost: Bool
  /// Both sides sent at least one packet.
  var bothSpoke: Bool
  /// The side whose packet came first (a weak hint where the initiator is unknown).
  var firstSender: Side

  init(_ flow: Flow) {
    transport = flow.key.ipProtocol
    let a = flow.key.endpoint(.a)
    let b = flow.key.endpoint(.b)
    portA = a.port ?? 0
    portB = b.port ?? 0
    initiator = flow.initiator
    basis = flow.initiatorBasis
    // A subnet's broadcast address (x.x.x.255 on the usual /24) receives but never sends.
    let silentBroadcast =
      (a.address.ipv4Value.map { $0 & 0xFF == 0xFF } == true && flow.fromA.packets == 0)
      || (b.address.ipv4Value.map { $0 & 0xFF == 0xFF } == true && flow.fromB.packets == 0)
    multicast =
      a.address.isMulticastOrBroadcast || b.address.isMulticastOrBroadcast || silentBroadcast
    sameHost = a.address == b.address
    bothSpoke = flow.fromA.packets > 0 && flow.fromB.packets > 0
    firstSender = flow.firstSender
    if let initiator {
      let responder = initiator.opposite
      let answered = flow.counters(from: responder).packets > 0
      accepted =
        transport == .tcp
        ? (answered && flow.tcp.engaged(responder))
          || flow.tcp.completedOutOfView(initiator: initiator)
        : answered
    } else {
      accepted = false
    }
  }

  var isTCPOrUDP: Bool { transport == .tcp || transport == .udp }

  /// The number of `side`'s host.
  func host(_ side: Side) -> Int { Int(side == .a ? hostA : hostB) }

  /// The port of `side` (0 for transports without ports).
  func port(_ side: Side) -> UInt16 { side == .a ? portA : portB }

  /// Whether `side`'s port is above the system range (1024 or more), registered or not.
  func isHigh(_ side: Side) -> Bool { port(side) >= 1024 }

  /// Whether `side`'s port is an unregistered high port (1024 or above, not in the services list).
  func isHighUnregistered(_ side: Side) -> Bool {
    !RegisteredPorts.isServiceLike(port(side), transport: transport)
  }
}
