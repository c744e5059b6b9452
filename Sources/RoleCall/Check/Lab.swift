/// A class lab: the hosts a capture must show, the roles each must (or must not) have, the
/// services and flows that must appear, and the points each check is worth.
///
/// Read from YAML by `LabReader`; the format is documented in docs/lab-format.md.
public struct Lab: Sendable, Equatable {
  /// The lab's title.
  public var title: String
  /// A sentence or two for the student, shown above the grade.
  public var description: String?
  /// The hosts, in the order of the file.
  public var hosts: [LabHost]
  /// The flows that must appear, in the order of the file.
  public var flows: [FlowExpectation]
  /// The file the lab was read from.
  public var file: String
}

/// Where something was written in a lab file, for error messages and for the grade.
public struct LabLocation: Sendable, Equatable, Codable, CustomStringConvertible {
  public var line: Int
  public var column: Int
  /// `LINE:COLUMN`.
  public var description: String { "\(line):\(column)" }
}

/// A transport and a port: `tcp/80`.
public struct ServiceLabel: Sendable, Hashable, Comparable, CustomStringConvertible {
  public var transport: IPProtocol
  public var port: UInt16

  /// Reads `tcp/80` or `udp/53`; nil for anything else.
  public init?(_ text: String) {
    let parts = text.split(separator: "/", omittingEmptySubsequences: false)
    guard parts.count == 2, let port = UInt16(parts[1]), port > 0 else { return nil }
    switch parts[0].lowercased() {
    case "tcp": transport = .tcp
    case "udp": transport = .udp
    default: return nil
    }
    self.port = port
  }

  public init(transport: IPProtocol, port: UInt16) {
    self.transport = transport
    self.port = port
  }

  /// `tcp/80`.
  public var description: String { "\(transport.name)/\(port)" }

  public static func < (lhs: ServiceLabel, rhs: ServiceLabel) -> Bool {
    (lhs.transport, lhs.port) < (rhs.transport, rhs.port)
  }
}

/// How a lab names a host, so one lab fits every student's addresses.
public enum HostSelector: Sendable, Equatable, CustomStringConvertible {
  /// The host with this address.
  case address(IPAddress)
  /// The hosts that offer this service (accepted connections on it, or answered on it).
  case serves(ServiceLabel)
  /// The hosts that opened accepted connections to this service, on any host.
  case uses(ServiceLabel)

  /// `10.0.0.5`, `the host that serves tcp/80`, `the hosts that use tcp/80`.
  public var description: String {
    switch self {
    case .address(let address): "\(address)"
    case .serves(let service): "serves \(service)"
    case .uses(let service): "uses \(service)"
    }
  }
}

/// A role the lab asks about.
public enum LabRole: String, Sendable, CaseIterable, Codable {
  case client, server, peer
}

/// A role a host must have, or must not have (`not server`).
public struct RoleExpectation: Sendable, Equatable, CustomStringConvertible {
  public var role: LabRole
  /// False for a negative: the host must not have the role.
  public var present: Bool
  public var location: LabLocation

  /// `server` or `not server`.
  public var description: String { present ? role.rawValue : "not \(role.rawValue)" }
}

/// A service a host must offer.
public struct ServiceExpectation: Sendable, Equatable {
  public var service: ServiceLabel
  /// At least this many distinct clients must have used it.
  public var minimumClients: Int
  public var points: Int
  public var location: LabLocation
}

/// One named host (or group of hosts) of the lab and what it must show.
public struct LabHost: Sendable, Equatable {
  /// The name the lab gives it (`web`, `alice`, `peers`).
  public var name: String
  public var selector: HostSelector
  /// At least this many hosts must match the selector (for groups such as "the clients").
  public var count: Int
  public var roles: [RoleExpectation]
  public var services: [ServiceExpectation]
  /// Points for each of its checks.
  public var points: Int
  public var location: LabLocation
}

/// A flow that must appear between two named hosts.
public struct FlowExpectation: Sendable, Equatable {
  /// The opener (or one end, when the flow is undirected).
  public var from: String
  /// The side that accepted (or the other end).
  public var to: String
  /// True for `from`/`to`: `from` must have opened it. False for `between`.
  public var directed: Bool
  /// The responder's transport and port, when the lab names one.
  public var service: ServiceLabel?
  /// The transport, when the lab names one without a port.
  public var transport: IPProtocol?
  /// The verdict the flow must have, when the lab names one.
  public var verdict: FlowVerdict?
  public var points: Int
  public var location: LabLocation
}
