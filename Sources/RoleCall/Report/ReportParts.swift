extension AnalysisReport {
  /// The report's opening counts: what was read, and what was found in it.
  public struct Summary: Sendable, Codable, Equatable {
    /// Capture files read.
    public var files: Int
    /// Their container formats (`pcap`, `pcapng`), each once, in order of first appearance.
    public var formats: [String]
    /// Link types of their packets, each once, in order of first appearance.
    public var linkTypes: [String]
    /// Time of the first and the last packet over every file (ns since the epoch, UTC).
    public var firstTimestamp: Int64?
    public var lastTimestamp: Int64?
    /// Seconds from the first to the last packet.
    public var duration: Double
    /// Packets read (before any filter), and bytes on the wire of those that passed it.
    public var packets: Int
    public var wireBytes: UInt64
    public var flows: Int
    public var flowsByTransport: [String: Int]
    public var flowsByVerdict: [String: Int]
    /// Hosts seen in TCP or UDP flows, and how many hold each role.
    public var hosts: Int
    public var hostsByRole: [String: Int]
    /// Packets whose decoding stopped early: cut short, or with an impossible header.
    public var truncatedPackets: Int
    public var malformedPackets: Int
    /// Files that could not be read to their end.
    public var unreadableFiles: Int
    /// Whether each capture was analysed on its own (a folder): rows then name their capture.
    public var capturesApart: Bool
    /// Indexes into `hosts`, most significant first (capture by capture when analysed apart):
    /// hosts with a role before those without, then by how many other hosts they dealt with,
    /// then by flows, then by address.
    public var hostOrder: [Int]
  }

  /// The flows of one kind between two hosts: one edge of the connection graph.
  public struct Connection: Sendable, Codable, Equatable {
    /// The capture, when several captures were analysed apart.
    public var capture: String?
    /// The host the arrow starts at: the client of client/server flows, otherwise the host that
    /// opened more of them (the lower address on a tie).
    public var from: String
    /// The other host: the server, or the one that answered.
    public var to: String
    public var verdict: FlowVerdict
    public var flows: Int
    /// Flows `from` opened (as the client, for client/server flows).
    public var forward: Int
    /// Flows `to` opened.
    public var backward: Int
    /// Flows whose opener is not known.
    public var undirected: Int
    /// The answering side's `transport/port`s, sorted (`tcp/80`, `udp/6881`).
    public var services: [String]
    /// Packets and wire bytes both ways.
    public var packets: UInt64
    public var bytes: UInt64
  }

  /// A group of hosts joined, directly or through each other, by peer-to-peer flows.
  public struct Swarm: Sendable, Codable, Equatable {
    /// The capture, when several captures were analysed apart.
    public var capture: String?
    /// The members' addresses, sorted.
    public var members: [String]
    /// Indexes into `connections`: the peer-to-peer connections between members.
    public var connections: [Int]
    /// Pairs of members with a peer-to-peer flow, out of every possible pair.
    public var pairs: Int
    public var possiblePairs: Int
    public var flows: Int
    /// Where members accepted peer connections (`tcp/6881`), sorted.
    public var ports: [String]
    /// Client/server services (`ADDRESS tcp/PORT`) that at least two members used, sorted:
    /// often the tracker or directory that introduced the peers.
    public var sharedServices: [String]
    /// How the members are connected, in a sentence.
    public var text: String
    /// The passages that teach peer-to-peer flows.
    public var lessons: [LessonLink]
  }

  /// Something a learner should know before trusting the rest of the report.
  public struct Warning: Sendable, Codable, Equatable {
    /// The kinds of warning.
    public enum Kind: String, Sendable, Codable, CaseIterable {
      /// TCP flows whose opening SYN is not in the capture: their initiator was inferred.
      case startNotSeen = "start-not-seen"
      /// TCP and UDP flows whose initiator nothing shows.
      case initiatorUnknown = "initiator-unknown"
      /// TCP and UDP flows with packets in one direction only (multicast and broadcast aside).
      case oneDirection = "one-direction"
      /// Packets cut short by the capture (a small snap length).
      case truncatedPackets = "truncated-packets"
      /// Packets with impossible header values.
      case malformedPackets = "malformed-packets"
      /// Packets of link types rolecall does not decode.
      case unsupportedLinkType = "unsupported-link-type"
      /// A file that could not be read to its end.
      case unreadableFile = "unreadable-file"
      /// A file that holds no packets.
      case noPackets = "no-packets"
    }

    /// The capture, when several captures were analysed apart.
    public var capture: String?
    public var kind: Kind
    /// What happened and what it means, in a sentence or two.
    public var text: String
    /// How many flows, packets or files it concerns.
    public var count: Int
    /// Indexes into `flows` of the flows concerned (empty for packet and file warnings).
    public var flows: [Int]
    /// The passages that explain it, best first.
    public var lessons: [LessonLink]
  }
}
