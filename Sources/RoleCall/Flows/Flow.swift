/// What one direction of a flow carried.
public struct DirectionCounters: Sendable, Equatable {
  /// Packets sent.
  public var packets: UInt64 = 0
  /// Bytes on the wire (each packet's original length, not its captured length).
  public var wireBytes: UInt64 = 0
  /// IP-level bytes (IP header plus payload), as Zeek's `orig_ip_bytes` counts them.
  public var ipBytes: UInt64 = 0
  /// Transport payload bytes, from the headers' length fields.
  public var payloadBytes: UInt64 = 0

  /// Makes empty counters.
  public init() {}
}

/// One conversation between two endpoints over one transport: the flow table's record.
///
/// The key is canonical (lower endpoint first); who initiated is a separate recorded fact with the
/// rule that established it, so "unknown" stays unknown instead of being guessed from ports.
public struct Flow: Sendable {
  /// The canonical 5-tuple.
  public let key: FlowKey
  /// The side that opened the flow, or `nil` when it cannot be known.
  public internal(set) var initiator: Side?
  /// How the initiator was known.
  public internal(set) var initiatorBasis = InitiatorBasis.unknown
  /// The rule that decided the initiator.
  public internal(set) var initiatorRule = InitiatorRule.none
  /// The side whose packet was seen first.
  public let firstSender: Side
  /// Whether this flow continues one that an idle timeout split.
  public internal(set) var isContinuation = false
  /// Packets and bytes sent by side A.
  public internal(set) var fromA = DirectionCounters()
  /// Packets and bytes sent by side B.
  public internal(set) var fromB = DirectionCounters()
  /// Time of the first packet in either direction (ns since the epoch): the earlier of the two
  /// directions' first packets. Kept per flow, not per direction, which no report asks for: 16
  /// bytes less in every record of the table.
  public internal(set) var firstSeen: Int64 = 0
  /// Time of the last packet in either direction (the latest timestamp seen).
  public internal(set) var lastSeen: Int64 = 0
  /// TCP handshake state and history (empty for other transports).
  var tcp = TCPConversation()

  init(key: FlowKey, firstSender: Side) {
    self.key = key
    self.firstSender = firstSender
  }

  /// The counters of the packets sent by `side`.
  public func counters(from side: Side) -> DirectionCounters { side == .a ? fromA : fromB }

  /// The side reports are written from: the initiator when known, else the first sender.
  /// (This is Zeek's originator, and the orientation the C reference counts in.)
  public var orientation: Side { initiator ?? firstSender }

  /// The initiating endpoint when known, else the lower endpoint of the canonical pair.
  public var displayedInitiator: Endpoint { key.endpoint(initiator ?? .a) }
  /// The responding endpoint when known, else the higher endpoint of the canonical pair.
  public var displayedResponder: Endpoint { key.endpoint((initiator ?? .a).opposite) }

  /// The connection state in Zeek's vocabulary, seen from `orientation`.
  public var state: FlowState {
    let originator = orientation
    if key.ipProtocol == .tcp {
      return tcp.state(originator: originator)
    }
    if key.ipProtocol == .udp {
      let origSent = counters(from: originator).packets > 0
      let respSent = counters(from: originator.opposite).packets > 0
      switch (origSent, respSent) {
      case (true, true): return .SF
      case (true, false): return .S0
      case (false, true): return .SHR
      case (false, false): return .OTH
      }
    }
    return .OTH
  }

  /// Zeek's `history` string, upper case for the originator, with `^` when the direction was
  /// worked out rather than read from a SYN (empty for transports other than TCP).
  public var history: String {
    guard key.ipProtocol == .tcp else { return "" }
    return (historyIsFlipped ? "^" : "") + tcp.history.text(originator: orientation)
  }

  /// The bytes of `history`, without making it.
  var historyLength: Int {
    guard key.ipProtocol == .tcp else { return 0 }
    return (historyIsFlipped ? 1 : 0) + tcp.history.length
  }

  /// Whether `history` starts with `^`.
  private var historyIsFlipped: Bool {
    initiatorBasis == .inferred && initiator != nil && initiator != firstSender
  }

  @inline(__always)
  mutating func count(time: Int64, wireLength: Int, _ decoded: DecodedPacket, from side: Side) {
    let length = UInt64(wireLength)
    if fromA.packets == 0 && fromB.packets == 0 {
      firstSeen = time
      lastSeen = time
    } else if counters(from: side).packets == 0 {
      // The first packet of the second direction can carry an earlier timestamp.
      firstSeen = min(firstSeen, time)
    }
    lastSeen = max(lastSeen, time)
    if side == .a {
      Flow.add(&fromA, length, decoded)
    } else {
      Flow.add(&fromB, length, decoded)
    }
  }

  @inline(__always)
  private static func add(
    _ counters: inout DirectionCounters, _ length: UInt64, _ decoded: DecodedPacket
  ) {
    counters.packets &+= 1
    counters.wireBytes &+= length
    counters.ipBytes &+= UInt64(decoded.ipLength)
    counters.payloadBytes &+= UInt64(decoded.payloadLength)
  }
}
