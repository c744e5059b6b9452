/// The verdict on one flow, with the rule that decided it.
public struct FlowJudgement: Sendable, Equatable {
  /// What kind of conversation it is.
  public var verdict: FlowVerdict
  /// How sure the verdict is.
  public var confidence: Confidence
  /// For a client/server verdict, the side that provides the service, when it is known.
  public var server: Side?
  /// The rules that fired, 5 bits each (a rule's position in `VerdictRule.allCases` plus one),
  /// the strongest in the lowest bits, 0 after the last: a judgement is kept for every flow
  /// until the report is rendered, and an array per flow cost 48 bytes of heap beside it.
  private var packedRules: UInt32

  /// How many rules a judgement holds: the judge fires at most five at once (the peer patterns
  /// of `RoleInference.judge(_:_:)`), and six fit the packing with the judgement in 8 bytes.
  public static let maximumRules = 6

  /// Makes a judgement; `rules` holds at most `maximumRules` rules, strongest first.
  public init(
    verdict: FlowVerdict, confidence: Confidence, rules: [VerdictRule], server: Side? = nil
  ) {
    self.verdict = verdict
    self.confidence = confidence
    self.server = server
    packedRules = Self.pack(rules)
  }

  /// Makes a judgement that one rule decided, without an array.
  init(verdict: FlowVerdict, confidence: Confidence, rule: VerdictRule, server: Side? = nil) {
    self.verdict = verdict
    self.confidence = confidence
    self.server = server
    packedRules = Self.code(rule)
  }

  /// The rules that fired, strongest first (at most `maximumRules`).
  public var rules: [VerdictRule] {
    get { Array(ruleSequence) }
    set { packedRules = Self.pack(newValue) }
  }

  /// The rules that fired, strongest first, read from the packed word without making an array
  /// (the JSON report writes them for every flow).
  var ruleSequence: RuleSequence { RuleSequence(packed: packedRules) }

  struct RuleSequence: Sequence, IteratorProtocol {
    var packed: UInt32

    mutating func next() -> VerdictRule? {
      guard packed != 0 else { return nil }
      defer { packed >>= 5 }
      return FlowJudgement.allRules[Int(packed & 0x1F) - 1]
    }
  }

  /// The rule that decided the verdict.
  public var rule: VerdictRule {
    packedRules == 0 ? .insufficientEvidence : Self.allRules[Int(packedRules & 0x1F) - 1]
  }

  private static let allRules = VerdictRule.allCases

  private static func code(_ rule: VerdictRule) -> UInt32 {
    UInt32(allRules.firstIndex(of: rule) ?? 0) + 1
  }

  private static func pack(_ rules: [VerdictRule]) -> UInt32 {
    precondition(
      rules.count <= maximumRules,
      "a flow judgement holds at most \(maximumRules) rules, not \(rules.count)")
    var packed: UInt32 = 0
    for rule in rules.reversed() { packed = packed << 5 | code(rule) }
    return packed
  }
}

/// A (host, transport, port) that accepted client/server connections, with its fan-in.
public struct Service: Sendable, Equatable, Comparable {
  public var address: IPAddress
  public var transport: IPProtocol
  public var port: UInt16
  /// The registered service name of the port, if any.
  public var name: String?
  /// Distinct client hosts, in address order.
  public var clients: [IPAddress] = []
  /// Client/server flows it answered.
  public var flows = 0
  /// Packets and wire bytes from its clients.
  public var packetsIn: UInt64 = 0
  public var bytesIn: UInt64 = 0
  /// Packets and wire bytes it sent back.
  public var packetsOut: UInt64 = 0
  public var bytesOut: UInt64 = 0

  /// `tcp/80`.
  public var label: String { "\(transport.name)/\(port)" }

  public static func < (lhs: Service, rhs: Service) -> Bool {
    (lhs.address, lhs.transport, lhs.port) < (rhs.address, rhs.transport, rhs.port)
  }
}

/// Where a service is: host, transport and port (a value, so hosts can collect many cheaply).
public struct ServiceAddress: Hashable, Comparable, Sendable, CustomStringConvertible {
  public var address: IPAddress
  public var transport: IPProtocol
  public var port: UInt16

  /// `ADDRESS tcp/PORT`, written into the string's own storage: host rows write one for every
  /// service a client used, and appending the five parts cost 2,700 instructions each.
  public var description: String {
    var name = transport.name
    return name.withUTF8 { name in
      String(unsafeUninitializedCapacity: IPAddress.longestText + name.count + 7) { buffer in
        guard let base = buffer.baseAddress else { return 0 }
        var count = address.write(to: buffer, at: 0)
        buffer[count] = UInt8(ascii: " ")
        count += 1
        for byte in name {
          buffer[count] = byte
          count += 1
        }
        buffer[count] = UInt8(ascii: "/")
        count += 1
        return count + ByteBuffer.writeDigits(UInt(port), at: base + count)
      }
    }
  }

  public static func < (lhs: ServiceAddress, rhs: ServiceAddress) -> Bool {
    (lhs.address, lhs.transport, lhs.port) < (rhs.address, rhs.transport, rhs.port)
  }
}

/// What one host did, and the roles that follow.
public struct HostRoles: Sendable, Equatable {
  public var address: IPAddress
  public var roles: Role = []
  /// The services it offers.
  public var services: [Service] = []
  /// Client/server flows it opened that were accepted.
  public var clientFlows = 0
  /// The distinct services it contacted as a client, in order of address, transport and port.
  public var contactedServices: [ServiceAddress] = []
  /// The distinct ports of the services it contacted as a client, in order.
  public var contactedPorts: [UInt16] = []
  /// Peer-to-peer flows it opened, accepted, or took part in without a known initiator.
  public var peerFlowsOpened = 0
  public var peerFlowsAccepted = 0
  public var peerFlowsUndirected = 0
  /// The distinct hosts it exchanged peer-to-peer flows with, in address order.
  public var peers: [IPAddress] = []
  /// The distinct ports it accepted peer-to-peer connections on, in order.
  public var peerPorts: [UInt16] = []
  /// The distinct ports it opened peer-to-peer connections to, in order.
  public var peerPortsContacted: [UInt16] = []
}

/// The roles stage's answer for a whole capture.
public struct RoleAnalysis: Sendable {
  /// One judgement per flow, in the order of the flow table.
  public var judgements: [FlowJudgement]
  /// Every host seen in a TCP or UDP flow, sorted by address.
  public var hosts: [HostRoles]
  /// For each judged flow, the positions in `hosts` of the hosts of its sides A and B (-1 for
  /// an address that is not in `hosts`): the report finds each flow's hosts without hashing.
  /// Empty when unknown; it describes the flows `judgements` were made for.
  var flowHosts: [FlowHosts] = []

  /// The positions in `hosts` of one flow's two hosts.
  struct FlowHosts: Sendable {
    var a: Int32
    var b: Int32
  }
}

extension ServiceAddress {
  /// `Dictionary` and `Set` buckets without SipHash (see `TableHash`; kept here so that the
  /// Decode folder stays free of later stages, as the fuzz targets build it alone).
  public func _rawHashValue(seed: Int) -> Int {
    TableHash.mix(
      seed, address.high, address.low,
      UInt64(address.version) << 32 | UInt64(transport.rawValue) << 16 | UInt64(port))
  }
}
