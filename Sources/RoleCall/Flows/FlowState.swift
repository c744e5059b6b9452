// swift-format-ignore-file: AlwaysUseLowerCamelCase
// The case names are Zeek's conn_state codes, which users grep for as they are.

/// The state of a connection in Zeek's `conn_state` vocabulary, so Zeek users read it at once.
public enum FlowState: String, Sendable, Codable, CaseIterable {
  /// Connection attempt seen, no reply.
  case S0
  /// Connection established, not terminated.
  case S1
  /// Normal establishment and termination (for UDP: both directions seen).
  case SF
  /// Connection attempt rejected: the responder answered the SYN with a RST.
  case REJ
  /// Established, and the initiator tried to close, with no reply from the responder.
  case S2
  /// Established, and the responder tried to close, with no reply from the initiator.
  case S3
  /// Established, then the initiator aborted it with a RST.
  case RSTO
  /// Established, then the responder sent a RST.
  case RSTR
  /// The initiator sent a SYN and then a RST; no SYN-ACK was seen.
  case RSTOS0
  /// The responder sent a SYN-ACK and then a RST; no SYN was seen from the initiator.
  case RSTRH
  /// The initiator sent a SYN and then a FIN; no SYN-ACK was seen ("half-open").
  case SH
  /// The responder sent a SYN-ACK and then a FIN; no SYN was seen (for UDP: only the responder spoke).
  case SHR
  /// No SYN seen: midstream traffic, or a transport without connection state.
  case OTH

  /// One line saying what the state means, for reports and lessons.
  public var meaning: String {
    switch self {
    case .S0: "connection attempt seen, no reply"
    case .S1: "connection established, not terminated"
    case .SF: "normal establishment and termination"
    case .REJ: "connection attempt rejected"
    case .S2: "established, initiator closed, no reply from responder"
    case .S3: "established, responder closed, no reply from initiator"
    case .RSTO: "established, initiator aborted with a reset"
    case .RSTR: "responder sent a reset"
    case .RSTOS0: "initiator sent a SYN then a reset, no SYN-ACK seen"
    case .RSTRH: "responder sent a SYN-ACK then a reset, no SYN seen"
    case .SH: "initiator sent a SYN then a FIN, no SYN-ACK seen"
    case .SHR: "responder sent a SYN-ACK then a FIN, no SYN seen"
    case .OTH: "no SYN seen, midstream traffic"
    }
  }
}

/// How the initiator of a flow was known.
public enum InitiatorBasis: String, Sendable, Codable {
  /// A SYN without ACK was seen: the sender opened the connection. A fact.
  case handshake
  /// Worked out from other evidence (a SYN-ACK, a likely server port, a DNS response).
  case inferred
  /// Nothing says who opened it; the flow is shown in canonical order.
  case unknown
}

/// The rule that decided the initiator, kept as evidence for reports.
public enum InitiatorRule: String, Sendable, Codable {
  /// The sender of a SYN without ACK.
  case syn
  /// The receiver of a SYN-ACK whose SYN was not seen.
  case synAck = "syn-ack"
  /// Zeek's likely-server-port rule: the side on a well-known service port is the responder.
  case likelyServerPort = "likely-server-port"
  /// The first DNS message seen was a response, so its receiver asked.
  case dnsResponse = "dns-response"
  /// The first DNS message seen was a query, so its sender asked.
  case dnsQuery = "dns-query"
  /// An ICMP echo request was seen first: its sender initiated.
  case icmpRequest = "icmp-request"
  /// An ICMP echo reply was seen first: its receiver initiated.
  case icmpReply = "icmp-reply"
  /// The flow continues one split by an idle timeout and keeps its initiator.
  case continuation
  /// No rule applied.
  case none
}
