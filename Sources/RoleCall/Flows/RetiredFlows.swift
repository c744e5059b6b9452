/// What a bounded flow table forgot: every flow it evicted or expired, folded into one record per
/// conversation edge, so host summaries keep counting flows that are no longer in the table.
///
/// An edge is (initiator address, responder address, transport, responder port) when the
/// initiator is known, and (lower address, higher address, transport, lower port) when it is not:
/// the client's ephemeral port is dropped, so a client's thousand connections to one service
/// fold into one record. Each record is the edge's latest flow with the packet and byte counters
/// of all its flows added up (`firstSeen` the earliest, `lastSeen` the latest) and a weight, the
/// number of flows folded in. Role inference reads the records with their weights
/// (`RoleInference.analyze(_:retired:)`), so a server keeps its role and its counts of flows,
/// clients, packets and bytes after its flows leave the table.
///
/// The ledger holds at most `capacity` edges; flows retired when it is full are counted in
/// `dropped` and nowhere else. Memory: about `MemoryLayout<Flow>.stride + 100` bytes per edge.
public struct RetiredFlows: Sendable {
  struct Edge: Hashable, Sendable {
    var one: IPAddress
    var other: IPAddress
    var transport: UInt8
    var port: UInt16
    var directed: Bool
  }

  /// One record per edge: the latest flow with the counters of every flow folded in.
  public private(set) var flows: [Flow] = []
  /// How many retired flows each record of `flows` stands for.
  public private(set) var weights: [Int] = []
  /// The most edges kept.
  public let capacity: Int
  /// Retired flows not kept because the ledger was full.
  public private(set) var dropped = 0
  /// Retired flows folded in (not counting `dropped`).
  public private(set) var count = 0
  private var index: [Edge: Int] = [:]

  /// The most bytes a ledger of `capacity` edges holds: the records and weights, and the
  /// dictionary's buckets (a power of two at a load of at most 3/4) of edge and index.
  public static func bytes(capacity: Int) -> Int {
    var buckets = 1
    while buckets * 3 < capacity * 4 { buckets <<= 1 }
    return capacity * (MemoryLayout<Flow>.stride + MemoryLayout<Int>.stride)
      + buckets * (MemoryLayout<Edge>.stride + MemoryLayout<Int>.stride + 1)
  }

  /// Makes an empty ledger of at most `capacity` edges.
  public init(capacity: Int) {
    self.capacity = max(capacity, 0)
  }

  static func edge(_ flow: Flow) -> Edge {
    let transport = flow.key.ipProtocol.rawValue
    if let initiator = flow.initiator {
      let responder = flow.key.endpoint(initiator.opposite)
      return Edge(
        one: flow.key.endpoint(initiator).address, other: responder.address,
        transport: transport, port: responder.port ?? 0, directed: true)
    }
    let a = flow.key.endpoint(.a)
    let b = flow.key.endpoint(.b)
    return Edge(
      one: a.address, other: b.address, transport: transport,
      port: min(a.port ?? 0, b.port ?? 0), directed: false)
  }

  /// Folds one flow that left the table into its edge's record.
  public mutating func add(_ flow: Flow) {
    let edge = RetiredFlows.edge(flow)
    if let known = index[edge] {
      var merged = flow
      merged.fold(flows[known])
      flows[known] = merged
      weights[known] += 1
      count += 1
      return
    }
    guard flows.count < capacity else {
      dropped += 1
      return
    }
    index[edge] = flows.count
    flows.append(flow)
    weights.append(1)
    count += 1
  }
}

extension Flow {
  /// Adds `older`'s counters to this flow's, side by side as each was oriented.
  ///
  /// The packet and byte counters always add up (wrapping, like the table's). The times widen to
  /// the earliest first and the latest last packet only while the record's span
  /// (`lastSeen - firstSeen`) still fits in an `Int64`: a flow with absurd timestamps (a file's
  /// garbage, a clock jump of centuries) leaves the record's times as they were, so whoever
  /// subtracts them, as the table's flows allow, cannot overflow.
  mutating func fold(_ older: Flow) {
    let mine = orientation
    let theirs = older.orientation
    let forward = older.counters(from: theirs)
    let backward = older.counters(from: theirs.opposite)
    if mine == .a {
      fromA.fold(forward)
      fromB.fold(backward)
    } else {
      fromB.fold(forward)
      fromA.fold(backward)
    }
    let first = min(firstSeen, older.firstSeen)
    let last = max(lastSeen, older.lastSeen)
    if !last.subtractingReportingOverflow(first).overflow {
      firstSeen = first
      lastSeen = last
    }
  }
}

extension DirectionCounters {
  mutating func fold(_ other: DirectionCounters) {
    packets &+= other.packets
    wireBytes &+= other.wireBytes
    ipBytes &+= other.ipBytes
    payloadBytes &+= other.payloadBytes
  }
}
