/// What a host does in a capture; a host may be several at once.
public struct Role: OptionSet, Sendable, Hashable {
  public var rawValue: UInt8
  public init(rawValue: UInt8) { self.rawValue = rawValue }

  /// Opened at least one accepted client/server connection.
  public static let client = Role(rawValue: 1)
  /// Offers a service: accepted client/server connections on a port.
  public static let server = Role(rawValue: 2)
  /// Took part in peer-to-peer flows.
  public static let peer = Role(rawValue: 4)

  /// The role names, sorted: a subset of `client`, `peer`, `server`.
  public var names: [String] {
    var names: [String] = []
    if contains(.client) { names.append("client") }
    if contains(.peer) { names.append("peer") }
    if contains(.server) { names.append("server") }
    return names
  }
}

/// What kind of conversation a flow is.
public enum FlowVerdict: String, Sendable, Codable, CaseIterable {
  /// One side requests and the other provides a service.
  case clientServer = "client-server"
  /// Both hosts act as equals: each accepts and opens connections.
  case peerToPeer = "peer-to-peer"
  /// ICMP and other control traffic, multicast or broadcast discovery, attempts nobody answered.
  case other
  /// Not enough in the capture to tell.
  case unknown
}

/// How sure a verdict is.
public enum Confidence: String, Sendable, Codable {
  /// A TCP handshake was seen: who opened and who accepted is a fact.
  case measured
  /// Worked out from ports or protocol hints.
  case inferred
  /// Read from a host-level connection pattern across several flows.
  case pattern
}

/// The rule that decided a flow's verdict; reports cite it.
public enum VerdictRule: String, Sendable, Codable, CaseIterable {
  /// The responder accepted on a registered or system port: a service.
  case registeredService = "registered-service"
  /// The responder accepted on an unregistered port, and nothing suggests peers.
  case acceptedService = "accepted-service"
  /// No initiator is known, but one side is on a system, registered or STUN port.
  case registeredPort = "registered-port"
  /// A host both accepts and opens connections on unregistered high ports.
  case roleSymmetry = "role-symmetry"
  /// The initiator reaches many hosts on many different unregistered high ports.
  case fanOutDiversity = "fan-out-diversity"
  /// The two hosts also talk over the other transport (TCP and UDP on the same pair).
  case tcpAndUDP = "tcp-and-udp"
  /// A host uses its own listening port to reach the same port on another host.
  case samePort = "same-port"
  /// An endpoint of this flow takes part in a peer-to-peer flow.
  case endpointMemory = "endpoint-memory"
  /// A listening endpoint is reached by several hosts, each connecting about once.
  case fanIn = "fan-in"
  /// Clients keep reconnecting to a listener that never opens connections itself.
  case repeatListener = "repeat-listener"
  /// Both ends are the same host: two programs on one machine, never peers.
  case sameHost = "same-host"
  /// An FTP data connection, opened by either side for a control connection on port 21.
  case ftpData = "ftp-data"
  /// A host that asked a STUN server for its public address then talks directly on high UDP
  /// ports: NAT traversal, the way peers behind routers reach each other (ICE).
  case natTraversal = "nat-traversal"
  /// Several hosts spoke first to this endpoint, and its host never spoke first to anyone.
  case soleListener = "sole-listener"
  /// A TFTP transfer: the server answers a request to udp/69 from a port of its own.
  case tftpData = "tftp-data"
  /// Not TCP or UDP (ICMP, IGMP, …).
  case controlProtocol = "control-protocol"
  /// Sent to a multicast or broadcast address.
  case multicastOrBroadcast = "multicast-or-broadcast"
  /// Nobody answered (an unanswered SYN, a rejected attempt, an unanswered datagram).
  case noAnswer = "no-answer"
  /// Neither side's ports nor any pattern tell.
  case insufficientEvidence = "insufficient-evidence"
}
