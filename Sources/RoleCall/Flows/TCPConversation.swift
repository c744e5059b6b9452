/// The TCP view of a flow: each endpoint's state and the Zeek-style history of what it did.
///
/// Endpoint states follow Zeek's TCP endpoint model (inactive, SYN sent, SYN-ACK sent, partial,
/// established, closed, reset); `state(originator:)` maps the pair to a `conn_state` exactly as
/// Zeek's `Conn::conn_state` does.
struct TCPConversation: Sendable {
  enum EndpointState: UInt8, Sendable {
    case inactive, synSent, synAckSent, partial, established, closed, reset
  }

  /// What one endpoint has done so far.
  struct EndpointRecord: Sendable {
    var state = EndpointState.inactive
    /// The highest sequence number this endpoint has sent data up to, if known.
    var highestEnd: UInt32 = 0
    var sequenceKnown = false
    var retransmissions: UInt32 = 0
    var zeroWindows: UInt32 = 0
    /// The sequence number of the first SYN this endpoint sent, if it sent one.
    var synSequence: UInt32?
  }

  var a = EndpointRecord()
  var b = EndpointRecord()
  var history = TCPHistory()

  /// Whether a SYN with `sequence` from `side` opens a new connection on this 5-tuple: either
  /// side has finished (FIN) or reset this one, and the SYN is not a retry of this one's SYN (a
  /// client retrying a refused connection resends its SYN with the same sequence number).
  func isNewConnection(synSequence sequence: UInt32, from side: Side) -> Bool {
    let over = a.state == .closed || a.state == .reset || b.state == .closed || b.state == .reset
    return over && (side == .a ? a : b).synSequence != sequence
  }

  /// Takes in one TCP packet sent by `side`. Inlined into the flow table's add, for the same
  /// reason as it.
  @inline(__always)
  mutating func update(_ decoded: DecodedPacket, from side: Side) {
    let segment = Segment(
      flags: decoded.tcpFlags, sequence: decoded.tcpSequence, window: decoded.tcpWindow,
      payloadLength: UInt32(truncatingIfNeeded: decoded.payloadLength))
    // Each endpoint's record is changed where it lies: copying both out and back in cost more
    // instructions than the rest of the update.
    if side == .a {
      TCPConversation.take(segment, from: .a, sender: &a, receiver: &b, history: &history)
    } else {
      TCPConversation.take(segment, from: .b, sender: &b, receiver: &a, history: &history)
    }
  }

  /// What the update reads of a TCP packet: few enough scalars to travel in registers.
  struct Segment {
    var flags: TCPFlags
    var sequence: UInt32
    var window: UInt16
    /// At most the IP packet's length, which a capture's 32-bit length bounds: never truncated.
    var payloadLength: UInt32
  }

  /// The update itself, on the sender's and the receiver's records.
  private static func take(
    _ segment: Segment, from side: Side, sender: inout EndpointRecord,
    receiver: inout EndpointRecord, history: inout TCPHistory
  ) {
    let flags = segment.flags
    let syn = flags.contains(.syn)
    let ack = flags.contains(.ack)
    let fin = flags.contains(.fin)
    let rst = flags.contains(.rst)

    if syn && (fin || rst) {
      history.record("q", side, once: true)
    } else if fin && rst {
      history.record("i", side, once: true)
    }
    if syn && !ack {
      if sender.synSequence == nil { sender.synSequence = segment.sequence }
      history.record("s", side, once: true)
    } else if syn {
      history.record("h", side, once: true)
    }
    if fin { history.record("f", side, once: true) }
    if rst { history.record("r", side, once: true) }
    if segment.payloadLength > 0 {
      history.record("d", side, once: true)
    } else if ack && !syn && !fin && !rst {
      history.record("a", side, once: true)
    }
    if segment.window == 0 && !syn && !rst && !fin {
      sender.zeroWindows &+= 1
      history.recordLogarithmic("w", side, count: sender.zeroWindows)
    }
    trackSequence(&sender, segment, side: side, history: &history)

    if rst {
      sender.state = .reset
    } else if syn && !ack {
      if sender.state == .inactive { sender.state = .synSent }
    } else if syn {
      if sender.state == .inactive || sender.state == .synSent { sender.state = .synAckSent }
      if receiver.state == .synSent {
        receiver.state = .established
        sender.state = .established
      }
    } else if fin {
      if sender.state != .reset { sender.state = .closed }
    } else {
      switch sender.state {
      case .inactive: sender.state = .partial
      case .synSent where receiver.state == .synAckSent:
        sender.state = .established
        receiver.state = .established
      default: break
      }
    }
  }

  /// Notes retransmitted data (`t`, logarithmic): payload that ends at or before data already sent.
  @inline(__always)
  private static func trackSequence(
    _ sender: inout EndpointRecord, _ segment: Segment, side: Side, history: inout TCPHistory
  ) {
    var length = segment.payloadLength
    if segment.flags.contains(.syn) { length &+= 1 }
    if segment.flags.contains(.fin) { length &+= 1 }
    guard length > 0 else { return }
    let end = segment.sequence &+ length
    if sender.sequenceKnown {
      // How far past the highest end so far this segment ends, in sequence space (wraps).
      let ahead = Int32(bitPattern: end &- sender.highestEnd)
      if ahead <= 0 && segment.payloadLength > 0 {
        sender.retransmissions &+= 1
        history.recordLogarithmic("t", side, count: sender.retransmissions)
      } else if ahead > 0 {
        sender.highestEnd = end
      }
    } else {
      sender.highestEnd = end
      sender.sequenceKnown = true
    }
  }

  /// Whether `side` did more than refuse or stay silent: it sent a SYN-ACK, an ACK, data or a FIN.
  func engaged(_ side: Side) -> Bool {
    history.saw("h", side) || history.saw("a", side) || history.saw("d", side)
      || history.saw("f", side)
  }

  /// Whether `initiator` went on after its SYN as only an accepted connection lets it: it sent
  /// a pure ACK or data. The responder's SYN-ACK was then sent, even if the capture (one
  /// direction of an asymmetric route, a mirror port) does not hold it.
  func completedOutOfView(initiator: Side) -> Bool {
    history.saw("s", initiator) && !history.saw("r", initiator)
      && (history.saw("a", initiator) || history.saw("d", initiator))
  }

  /// The Zeek `conn_state` with `originator` as the originating side.
  func state(originator: Side) -> FlowState {
    let orig = originator == .a ? a.state : b.state
    let resp = originator == .a ? b.state : a.state
    let origInactive = orig == .inactive || orig == .partial
    let respInactive = resp == .inactive || resp == .partial
    if resp == .reset {
      if orig == .synSent || orig == .synAckSent { return .REJ }
      if orig == .reset && !history.hasPayload { return .REJ }
      return origInactive ? .RSTRH : .RSTR
    }
    if orig == .reset {
      if respInactive {
        return history.synThenResetOnly(originator: originator) ? .RSTOS0 : .OTH
      }
      return .RSTO
    }
    if resp == .closed && orig == .closed { return .SF }
    if orig == .closed { return respInactive ? .SH : .S2 }
    if resp == .closed { return origInactive ? .SHR : .S3 }
    if orig == .synSent && resp == .inactive { return .S0 }
    if orig == .established && resp == .established { return .S1 }
    return .OTH
  }
}

/// Zeek's connection history: one letter per event, upper case for the originator.
///
/// s SYN, h SYN-ACK, a pure ACK, d data, f FIN, r RST, q SYN with FIN or RST, i FIN with RST,
/// t retransmitted data and w zero window (both logged at 1, 10, 100, … occurrences).
/// Letters are stored against the canonical sides and cased when rendered, because the
/// originator may only become known after some letters were recorded. Holds up to 24 letters.
struct TCPHistory: Sendable {
  private var letters: (UInt64, UInt64, UInt64) = (0, 0, 0)
  private var count: UInt8 = 0
  /// One bit per letter and side, for the letters recorded only once.
  private var seen: UInt32 = 0
  /// Whether any packet carried payload.
  private(set) var hasPayload = false

  static let capacity = 24

  // Inlined, like `bit` and `saw`: the letter is a constant at every call, so a letter seen
  // before costs one test of `seen` rather than a call and a switch (every packet records one).
  @inline(__always)
  mutating func record(_ letter: Unicode.Scalar, _ side: Side, once: Bool) {
    let bit = TCPHistory.bit(letter, side)
    if letter == "d" { hasPayload = true }
    if once {
      guard seen & bit == 0 else { return }
      seen |= bit
    }
    append(UInt8(letter.value) | (side == .b ? 0x80 : 0))
  }

  /// Whether `letter` (one of the letters recorded once) was recorded for `side`.
  @inline(__always)
  func saw(_ letter: Unicode.Scalar, _ side: Side) -> Bool {
    seen & TCPHistory.bit(letter, side) != 0
  }

  mutating func recordLogarithmic(_ letter: Unicode.Scalar, _ side: Side, count: UInt32) {
    var threshold: UInt32 = 1
    while threshold < count && threshold <= UInt32.max / 10 { threshold *= 10 }
    if threshold == count { append(UInt8(letter.value) | (side == .b ? 0x80 : 0)) }
  }

  private mutating func append(_ code: UInt8) {
    guard Int(count) < TCPHistory.capacity else { return }
    let word = Int(count) / 8
    let shift = UInt64(Int(count) % 8 * 8)
    switch word {
    case 0: letters.0 |= UInt64(code) << shift
    case 1: letters.1 |= UInt64(code) << shift
    default: letters.2 |= UInt64(code) << shift
    }
    count += 1
  }

  private func code(at index: Int) -> UInt8 {
    let word = index / 8 == 0 ? letters.0 : index / 8 == 1 ? letters.1 : letters.2
    return UInt8(truncatingIfNeeded: word >> UInt64(index % 8 * 8))
  }

  @inline(__always)
  private static func bit(_ letter: Unicode.Scalar, _ side: Side) -> UInt32 {
    let index: UInt32 =
      switch letter {
      case "s": 0
      case "h": 1
      case "a": 2
      case "d": 3
      case "f": 4
      case "r": 5
      case "q": 6
      case "i": 7
      default: 8
      }
    return 1 << (index * 2 + UInt32(side.rawValue))
  }

  /// The letters recorded, as many as `text(originator:)` has.
  var length: Int { Int(count) }

  /// The letters, upper case for `originator`'s packets.
  func text(originator: Side) -> String {
    // Every letter is lower-case ASCII, so upper case is 32 below it.
    String(unsafeUninitializedCapacity: Int(count)) { buffer in
      for index in 0..<Int(count) {
        let code = code(at: index)
        let side: Side = code & 0x80 != 0 ? .b : .a
        let letter = code & 0x7F
        buffer[index] = side == originator ? letter - 32 : letter
      }
      return Int(count)
    }
  }

  /// Zeek's RSTOS0 test: the originator's SYN, then its RST, with no SYN-ACK, ACK, FIN, data or
  /// multi-flag packet from it in between (`^?S[^HAFGIQ]*R`).
  func synThenResetOnly(originator: Side) -> Bool {
    var sawSyn = false
    for index in 0..<Int(count) {
      let code = code(at: index)
      guard (code & 0x80 != 0 ? Side.b : Side.a) == originator else { continue }
      let letter = Unicode.Scalar(code & 0x7F)
      if !sawSyn {
        guard letter == "s" else { return false }
        sawSyn = true
      } else if letter == "r" {
        return true
      } else if "hafgiq".unicodeScalars.contains(letter) {
        return false
      }
    }
    return false
  }
}
