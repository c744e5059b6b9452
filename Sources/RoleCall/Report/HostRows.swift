extension AnalysisReport {
  /// The report's hosts, one `HostRow` each, made when read.
  ///
  /// A host's row sorts and writes out every client, service and peer the host dealt with and
  /// words its findings: 17 ms for the 6,400 hosts of the bench's big.pcap, of which the text
  /// report shows twenty. This collection refers to the roles stage's hosts instead and makes
  /// a row at each `subscript`, as `FlowRows` does for flows; rows that exist already (decoded
  /// from JSON, made by a test) are held as they are. Scans over every host use the accessors
  /// (`address(at:)`, `roles(at:)`, `capture(at:)`, `significance(at:)`), which read the host
  /// without making the row: the HTML page made every row three times for its anchors and
  /// graph, a quarter of its time on big.pcap.
  public struct HostRows: RandomAccessCollection, MutableCollection, Sendable {
    /// The hosts of one analysis, with what their rows cite.
    final class Source: RowSource {
      let hosts: [HostRoles]
      let lessons: ReportBuilder.Lessons
      let capture: String?

      init(hosts: [HostRoles], lessons: ReportBuilder.Lessons, capture: String?) {
        self.hosts = hosts
        self.lessons = lessons
        self.capture = capture
        // Rows may be made on several threads at once (the JSON writer's): from here on the
        // lessons are only read.
        if !hosts.isEmpty { lessons.prepareAll() }
      }

      var count: Int { hosts.count }

      func row(_ number: Int) -> HostRow {
        HostRow(hosts[number], lessons: lessons, capture: capture)
      }
    }

    private var storage = RowSegments<Source>()

    /// No hosts.
    public init() {}

    /// The hosts of rows already made.
    public init(_ rows: [HostRow]) {
      storage = RowSegments(.rows(rows))
    }

    /// The hosts of one analysis, made into rows when read.
    init(source: Source) {
      storage = RowSegments(.source(source))
    }

    /// These hosts followed by `other`'s, each keeping the capture it came from.
    mutating func append(contentsOf other: HostRows) {
      storage.append(contentsOf: other.storage)
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { storage.count }

    public subscript(position: Int) -> HostRow {
      get { storage[position] }
      set { storage[position] = newValue }
    }

    /// The roles of the host at `position` (a sorted subset of `client`, `peer`, `server`).
    public func roles(at position: Int) -> [String] {
      storage.read(position, record: { $0.hosts[$1].roles.names }, row: \.roles)
    }

    /// The address of the host at `position`, as its row writes it.
    public func address(at position: Int) -> String {
      storage.read(position, record: { $0.hosts[$1].address.description }, row: \.address)
    }

    /// The capture the host at `position` was seen in, when captures were analysed apart.
    public func capture(at position: Int) -> String? {
      storage.read(position, record: { source, _ in source.capture }, row: \.capture)
    }

    /// What the hosts' order reads of a host: whether it has a role, how many other hosts it
    /// dealt with (its services' clients, the services it used and its peers, as its row lists
    /// them) and in how many flows.
    struct Significance {
      var hasRole: Bool
      var partners: Int
      var flows: Int
    }

    func significance(at position: Int) -> Significance {
      storage.read(
        position,
        record: { source, number in
          let host = source.hosts[number]
          return Significance(
            hasRole: !host.roles.isEmpty,
            partners: host.services.reduce(0) { $0 + $1.clients.count }
              + host.contactedServices.count + host.peers.count,
            flows: host.services.reduce(0) { $0 + $1.flows } + host.clientFlows
              + host.peerFlowsOpened + host.peerFlowsAccepted + host.peerFlowsUndirected)
        },
        row: { row in
          let evidence = row.evidence
          return Significance(
            hasRole: !row.roles.isEmpty,
            partners: row.services.reduce(0) { $0 + $1.clients.count }
              + evidence.serversContacted.count + evidence.peers.count,
            flows: evidence.serverFlows + evidence.clientFlows + evidence.peerFlowsOpened
              + evidence.peerFlowsAccepted + evidence.peerFlowsUndirected)
        })
    }
  }
}

extension AnalysisReport.HostRows: ExpressibleByArrayLiteral {
  public init(arrayLiteral rows: AnalysisReport.HostRow...) {
    self.init(rows)
  }
}

extension AnalysisReport.HostRows: Equatable {
  /// Host by host, however the rows are stored.
  public static func == (lhs: Self, rhs: Self) -> Bool {
    lhs.count == rhs.count && lhs.elementsEqual(rhs)
  }
}

extension AnalysisReport.HostRows: Codable {
  /// A JSON array of rows, as `[HostRow]` is.
  public init(from decoder: any Decoder) throws {
    self.init(try [AnalysisReport.HostRow](from: decoder))
  }

  public func encode(to encoder: any Encoder) throws {
    var container = encoder.unkeyedContainer()
    for row in self { try container.encode(row) }
  }
}
