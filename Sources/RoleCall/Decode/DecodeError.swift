/// The protocol layers rolecall decodes; a decode problem names the one where it stopped.
public enum Layer: UInt8, CaseIterable, Sendable, Codable, Comparable {
  case ethernet, vlan, linuxCooked, linuxCooked2, null, ppp, nflog, radiotap, ieee80211, llc
  case ipv4, ipv6, ipv6Extension, tcp, udp, icmp, icmpv6

  /// The lower-case name used in output.
  public var name: String {
    switch self {
    case .ethernet: "ethernet"
    case .vlan: "vlan"
    case .linuxCooked: "linux-sll"
    case .linuxCooked2: "linux-sll2"
    case .null: "null"
    case .ppp: "ppp"
    case .nflog: "nflog"
    case .radiotap: "radiotap"
    case .ieee80211: "802.11"
    case .llc: "llc"
    case .ipv4: "ipv4"
    case .ipv6: "ipv6"
    case .ipv6Extension: "ipv6-ext"
    case .tcp: "tcp"
    case .udp: "udp"
    case .icmp: "icmp"
    case .icmpv6: "icmpv6"
    }
  }

  public static func < (lhs: Layer, rhs: Layer) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// Why decoding of one packet stopped at a layer.
///
/// Two kinds, kept apart everywhere (tcpdump's `[|proto]` vs `(invalid)`, etherparse's
/// `LenError` vs `Content`): `truncated` means bytes are missing (a short snaplen or a cut file);
/// `malformed` means the bytes are present but say something impossible.
public enum DecodeError: Error, Equatable, Sendable {
  /// `needed` bytes were wanted at `offset`, only `available` were captured.
  case truncated(layer: Layer, needed: Int, available: Int, offset: Int)
  /// The field `field` at `offset` holds `value`, which cannot be right.
  case malformed(layer: Layer, field: StaticString, value: Int, offset: Int)

  /// The layer decoding stopped at.
  public var layer: Layer {
    switch self {
    case .truncated(let layer, _, _, _), .malformed(let layer, _, _, _): layer
    }
  }

  /// Whether this is a truncation (as opposed to malformed bytes).
  public var isTruncation: Bool {
    if case .truncated = self { return true }
    return false
  }

  public static func == (lhs: DecodeError, rhs: DecodeError) -> Bool {
    switch (lhs, rhs) {
    case (.truncated(let l1, let n1, let a1, let o1), .truncated(let l2, let n2, let a2, let o2)):
      l1 == l2 && n1 == n2 && a1 == a2 && o1 == o2
    case (.malformed(let l1, let f1, let v1, let o1), .malformed(let l2, let f2, let v2, let o2)):
      l1 == l2 && f1.description == f2.description && v1 == v2 && o1 == o2
    default: false
    }
  }
}

/// Counts of decode problems per layer and kind: Zeek's "weirds", surfaced in the output.
public struct DecodeStats: Sendable, Equatable {
  /// Packets whose decode stopped because bytes were missing, per layer.
  public private(set) var truncated = [Int](repeating: 0, count: Layer.allCases.count)
  /// Packets whose decode stopped on impossible bytes, per layer.
  public private(set) var malformed = [Int](repeating: 0, count: Layer.allCases.count)
  /// The field named by the first malformed packet seen at each layer, for the message.
  public private(set) var firstMalformedField: [String?] = Array(
    repeating: nil, count: Layer.allCases.count)

  /// Makes empty counters.
  public init() {}

  /// Counts one stopped decode.
  public mutating func record(_ error: DecodeError) {
    switch error {
    case .truncated(let layer, _, _, _):
      truncated[Int(layer.rawValue)] += 1
    case .malformed(let layer, let field, _, _):
      malformed[Int(layer.rawValue)] += 1
      if firstMalformedField[Int(layer.rawValue)] == nil {
        firstMalformedField[Int(layer.rawValue)] = field.description
      }
    }
  }

  /// Total truncated packets at all layers.
  public var totalTruncated: Int { truncated.reduce(0, +) }
  /// Total malformed packets at all layers.
  public var totalMalformed: Int { malformed.reduce(0, +) }

  /// Adds another set of counters to this one.
  public mutating func merge(_ other: DecodeStats) {
    for index in truncated.indices {
      truncated[index] += other.truncated[index]
      malformed[index] += other.malformed[index]
      if firstMalformedField[index] == nil {
        firstMalformedField[index] = other.firstMalformedField[index]
      }
    }
  }
}
