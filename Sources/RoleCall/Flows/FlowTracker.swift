/// How long a flow may sit idle before its next packet starts a new flow (which keeps the old
/// flow's initiator). Defaults are Zeek's: 5 minutes for TCP, 1 minute for UDP and the rest.
public struct FlowTimeouts: Sendable, Equatable {
  /// TCP idle timeout in nanoseconds.
  public var tcp: Int64
  /// UDP idle timeout in nanoseconds.
  public var udp: Int64
  /// Idle timeout for ICMP and other transports, in nanoseconds.
  public var other: Int64

  /// Makes timeouts from seconds.
  public init(tcpSeconds: Double = 300, udpSeconds: Double = 60, otherSeconds: Double = 60) {
    tcp = Int64(tcpSeconds * 1e9)
    udp = Int64(udpSeconds * 1e9)
    other = Int64(otherSeconds * 1e9)
  }

  @inline(__always)
  func timeout(for transport: IPProtocol) -> Int64 {
    transport == .tcp ? tcp : transport == .udp ? udp : other
  }
}

/// Turns decoded packets into flows: finds each packet's flow, starts new ones, decides and
/// records initiators, and counts what does not belong to any flow.
public struct FlowTracker: Sendable {
  /// The flows and their index.
  public private(set) var table: FlowTable
  /// Packets that are not in any flow, by why.
  public private(set) var unflowed = UnflowedCounts()
  /// Idle timeouts in force.
  public let timeouts: FlowTimeouts
  private var fragments = FragmentPorts()
  /// Bounded trackers: the flows the table evicted or expired, folded per edge.
  public private(set) var retired = RetiredFlows(capacity: 0)

  /// Makes an empty tracker.
  public init(timeouts: FlowTimeouts = FlowTimeouts(), capacity: Int = 1 << 15) {
    self.timeouts = timeouts
    table = FlowTable(capacity: capacity)
  }

  /// Makes a bounded tracker: at most `maxFlows` flows in the table (least recently seen evicted
  /// first, idle ones expired), and at most `retiredEdges` edges in the ledger of retired flows.
  public init(timeouts: FlowTimeouts = FlowTimeouts(), maxFlows: Int, retiredEdges: Int? = nil) {
    self.timeouts = timeouts
    table = FlowTable(limit: maxFlows)
    retired = RetiredFlows(capacity: retiredEdges ?? max(maxFlows / 4, 1024))
  }

  /// The most bytes a bounded tracker's flow state holds: the table of `maxFlows` flows plus the
  /// ledger of retired edges (by default a quarter as many, at least 1,024).
  public static func bytes(maxFlows: Int, retiredEdges: Int? = nil) -> Int {
    FlowTable.bytes(limit: max(maxFlows, 1))
      + RetiredFlows.bytes(capacity: retiredEdges ?? max(maxFlows / 4, 1024))
  }

  /// Bounded trackers: retires every flow idle past its timeout at `now` (ns since the epoch).
  public mutating func expireIdle(now: Int64) {
    guard table.limit != nil else { return }
    table.expire(now: now, timeouts: timeouts, into: &retired)
  }

  /// Unbounded trackers: makes room for the flows a capture file of `bytes` bytes may hold
  /// before reading it (see `FlowTable.reserve(_:)`).
  mutating func reserve(flowsFor bytes: Int) {
    table.reserve(table.flows.count + min(bytes / FlowTable.bytesPerReservedFlow, 1 << 20))
  }

  /// Every flow so far, in order of first packet.
  public var flows: [Flow] { table.flows }

  /// Adds one decoded packet to its flow.
  public mutating func add(_ packet: borrowing CapturedPacket, _ decoded: DecodedPacket) {
    var decoded = decoded
    add(timestamp: packet.timestamp, wireLength: packet.originalLength, &decoded)
  }

  /// Adds one decoded packet, captured at `timestamp` (ns since the epoch) and `wireLength`
  /// bytes long on the wire, to its flow.
  ///
  /// `decoded` is only read. It is `inout` because a value parameter read from a batch entry is
  /// copied (184 bytes) at every call, since the compiler cannot tell that the table's writes
  /// leave the entry alone; `inout` hands over its address, and the code (with what it calls
  /// per packet, inlined) loads only the fields it reads.
  mutating func add(timestamp: Int64, wireLength: Int, _ decoded: inout DecodedPacket) {
    guard decoded.network == .ip else {
      unflowed.notIP += 1
      return
    }
    if let stop = decoded.stop, stop.layer <= .ipv6Extension {
      unflowed.undecoded += 1
      return
    }
    let transport = decoded.ipProtocol
    let portful = transport == .tcp || transport == .udp || transport == .sctp
    var sourcePort: UInt16 = 0
    var destinationPort: UInt16 = 0
    if portful {
      if decoded.hasPorts {
        (sourcePort, destinationPort) = (decoded.sourcePort, decoded.destinationPort)
        if decoded.isFragment { fragments.remember(decoded) }
      } else if decoded.isFragment && decoded.fragmentOffset > 0,
        let ports = fragments.ports(of: decoded)
      {
        (sourcePort, destinationPort) = ports
        unflowed.reassociatedFragments += 1
      } else if decoded.isFragment && decoded.fragmentOffset > 0 {
        unflowed.orphanFragments += 1
        return
      } else {
        unflowed.undecoded += 1
        return
      }
    }
    let (key, side) = FlowKey.make(
      source: decoded.source, sourcePort: sourcePort, destination: decoded.destination,
      destinationPort: destinationPort, ipProtocol: transport, hasPorts: portful)
    let hash = key.tableHash
    let time = timestamp
    let bounded = table.limit != nil
    if bounded { expireIdle(now: time) }
    var (slot, found) = table.probe(key, hash: hash)
    if bounded && !found && table.isFull, let evicted = table.evictOldest() {
      retired.add(evicted)
      (slot, found) = table.probe(key, hash: hash)
    }
    /// Counts the packet in its flow's record.
    @inline(__always) func account(_ flow: inout Flow) {
      flow.count(time: time, wireLength: wireLength, decoded, from: side)
      if transport == .tcp { flow.tcp.update(decoded, from: side) }
    }
    var index: Int
    if found {
      index = table.record(at: slot)
      // A packet of a flow that goes on, the usual case, changes the record in one access.
      let (idle, restarted) = table.update(index) { flow in
        // A gap, or a flow span, too large to represent (absurd timestamps in a file) counts as
        // idle, so every flow's `lastSeen - firstSeen` fits in an Int64.
        let (gap, overflow) = time.subtractingReportingOverflow(flow.lastSeen)
        let span = max(flow.lastSeen, time).subtractingReportingOverflow(min(flow.firstSeen, time))
        let idle = overflow || span.overflow || gap > timeouts.timeout(for: transport)
        let restarted =
          transport == .tcp && decoded.tcpFlags.contains(.syn) && !decoded.tcpFlags.contains(.ack)
          && flow.tcp.isNewConnection(synSequence: decoded.tcpSequence, from: side)
        if !idle && !restarted {
          FlowTracker.decideLater(&flow, decoded, from: side)
          account(&flow)
        }
        return (idle, restarted)
      }
      if idle || restarted {
        var next = Flow(key: key, firstSender: side)
        if !restarted {
          let previous = table.flows[index]
          if let initiator = previous.initiator {
            next.initiator = initiator
            next.initiatorBasis =
              previous.initiatorBasis == .handshake ? .inferred : previous.initiatorBasis
            next.initiatorRule = .continuation
          }
          next.isContinuation = true
        }
        if next.initiator == nil { FlowTracker.decideFirst(&next, decoded, from: side) }
        if bounded {
          retired.add(table.replace(index, with: next))
        } else {
          index = table.insert(next, at: slot, hash: hash)
        }
        table.update(index, account)
      } else {
        table.touch(index)
      }
    } else {
      var flow = Flow(key: key, firstSender: side)
      FlowTracker.decideFirst(&flow, decoded, from: side)
      account(&flow)
      index = table.insert(flow, at: slot, hash: hash)
    }
  }

  /// Decides the initiator from a flow's first packet, sent by `side`.
  static func decideFirst(_ flow: inout Flow, _ decoded: DecodedPacket, from side: Side) {
    switch decoded.ipProtocol {
    case .tcp:
      let flags = decoded.tcpFlags
      if flags.contains(.syn) && !flags.contains(.ack) {
        set(&flow, side, .handshake, .syn)
      } else if flags.contains(.syn) {
        set(&flow, side.opposite, .inferred, .synAck)
      } else {
        decideByPorts(&flow, decoded, from: side, synAck: false)
      }
    case .udp:
      switch decoded.hint {
      case .dnsResponse: set(&flow, side.opposite, .inferred, .dnsResponse)
      case .dnsQuery: set(&flow, side, .inferred, .dnsQuery)
      case .none: decideByPorts(&flow, decoded, from: side, synAck: false)
      }
    case .icmp, .icmpv6:
      decideByICMP(&flow, decoded, from: side)
    default:
      break
    }
  }

  /// Lets a later packet settle what the first one could not: a SYN beats everything, a SYN-ACK
  /// beats ports, and protocol hints fill in an unknown initiator.
  @inline(__always)
  static func decideLater(_ flow: inout Flow, _ decoded: DecodedPacket, from side: Side) {
    switch decoded.ipProtocol {
    case .tcp:
      let flags = decoded.tcpFlags
      guard flags.contains(.syn), flow.initiatorBasis != .handshake else { return }
      if !flags.contains(.ack) {
        set(&flow, side, .handshake, .syn)
      } else if flow.initiatorRule != .synAck {
        set(&flow, side.opposite, .inferred, .synAck)
      }
    case .udp where flow.initiatorBasis == .unknown:
      switch decoded.hint {
      case .dnsResponse: set(&flow, side.opposite, .inferred, .dnsResponse)
      case .dnsQuery: set(&flow, side, .inferred, .dnsQuery)
      case .none: break
      }
    case .icmp, .icmpv6:
      if flow.initiatorBasis == .unknown { decideByICMP(&flow, decoded, from: side) }
    default:
      break
    }
  }

  /// Zeek's rule: the side on a likely server port is the responder; when both are, the lower
  /// port is, unless the packet is a SYN-ACK. Neither: unknown.
  private static func decideByPorts(
    _ flow: inout Flow, _ decoded: DecodedPacket, from side: Side, synAck: Bool
  ) {
    let transport = decoded.ipProtocol
    let sourceLikely = LikelyServerPorts.contains(decoded.sourcePort, transport: transport)
    let destinationLikely = LikelyServerPorts.contains(
      decoded.destinationPort, transport: transport)
    switch (sourceLikely, destinationLikely) {
    case (true, false):
      set(&flow, side.opposite, .inferred, .likelyServerPort)
    case (false, true):
      set(&flow, side, .inferred, .likelyServerPort)
    case (true, true):
      let flip = !synAck && decoded.sourcePort < decoded.destinationPort
      set(&flow, flip ? side.opposite : side, .inferred, .likelyServerPort)
    case (false, false):
      break
    }
  }

  private static func decideByICMP(_ flow: inout Flow, _ decoded: DecodedPacket, from side: Side) {
    let v6 = decoded.ipProtocol == .icmpv6
    switch decoded.icmpType {
    case v6 ? 128 : 8, v6 ? 128 : 13, v6 ? 128 : 15: set(&flow, side, .inferred, .icmpRequest)
    case v6 ? 129 : 0, v6 ? 129 : 14, v6 ? 129 : 16:
      set(&flow, side.opposite, .inferred, .icmpReply)
    default: break
    }
  }

  @inline(__always)
  private static func set(
    _ flow: inout Flow, _ side: Side, _ basis: InitiatorBasis, _ rule: InitiatorRule
  ) {
    // A group or broadcast address never opens anything (Zeek does not flip toward one either).
    guard !flow.key.endpoint(side).address.isMulticastOrBroadcast else { return }
    flow.initiator = side
    flow.initiatorBasis = basis
    flow.initiatorRule = rule
  }
}

/// Packets that belong to no flow, by why.
public struct UnflowedCounts: Sendable, Equatable {
  /// Frames that are not IP (ARP, LLDP, 802.11 management, …).
  public var notIP = 0
  /// IP packets whose headers could not be decoded far enough to find their flow.
  public var undecoded = 0
  /// Later IP fragments whose first fragment (with the ports) was not seen.
  public var orphanFragments = 0
  /// Later IP fragments counted against the flow of their first fragment (these are in flows).
  public var reassociatedFragments = 0
}

/// Remembers the ports of recent first fragments so later fragments join the same flow.
///
/// A fixed ring of 64 entries: fragments are rare, and the bound keeps floods harmless.
struct FragmentPorts: Sendable {
  private struct Entry: Sendable {
    var source: IPAddress
    var destination: IPAddress
    var id: UInt32
    var transport: UInt8
    var sourcePort: UInt16
    var destinationPort: UInt16
  }

  private var entries: [Entry] = []
  private var next = 0
  static let capacity = 64

  mutating func remember(_ decoded: DecodedPacket) {
    let entry = Entry(
      source: decoded.source, destination: decoded.destination, id: decoded.fragmentID,
      transport: decoded.ipProtocol.rawValue, sourcePort: decoded.sourcePort,
      destinationPort: decoded.destinationPort)
    if entries.count < FragmentPorts.capacity {
      entries.append(entry)
    } else {
      entries[next] = entry
      next = (next + 1) % FragmentPorts.capacity
    }
  }

  func ports(of decoded: DecodedPacket) -> (UInt16, UInt16)? {
    for entry in entries.reversed()
    where entry.id == decoded.fragmentID && entry.source == decoded.source
      && entry.destination == decoded.destination && entry.transport == decoded.ipProtocol.rawValue
    {
      return (entry.sourcePort, entry.destinationPort)
    }
    return nil
  }
}
