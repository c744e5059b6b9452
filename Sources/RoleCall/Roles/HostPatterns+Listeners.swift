extension HostPatterns {
  /// Who reached one listening endpoint: how many client hosts, in how many accepted
  /// connections, and from how many source ports. Counts only: the rules ask for nothing else.
  struct Listener: Sendable, Equatable {
    var clients = 0
    var flows = 0
    /// Counted only where the peer-listener rule reads it (`mayBePeerListener`); nil elsewhere.
    var sourcePorts: Int?

    /// Three or more clients, about one connection each: the source ports decide the rest.
    var mayBePeerListener: Bool { clients >= 3 && flows <= clients + 1 }
  }

  /// The tables of what each host accepted: who reached each of its listening endpoints, and
  /// on which ports (all of them, and the high ones).
  ///
  /// Worked out host by host: the accepted connections are put in order of their responder's
  /// host (a counting sort, reading the facts in order), then each host's are sorted by
  /// endpoint and client, and by endpoint and source port, and the runs counted. A dictionary
  /// of two sets per endpoint, filled connection by connection, took twice as long (it missed
  /// the cache at nearly every insert) and held every client of every endpoint.
  struct AcceptedByHost: Sendable {
    var listeners: [Key: Listener] = [:]
    var accepted: [Set<Key>]
    var acceptedHigh: [Set<Key>]

    init(_ facts: [FlowFacts], hostCount: Int) {
      accepted = Array(repeating: [], count: hostCount)
      acceptedHigh = Array(repeating: [], count: hostCount)
      // Each accepted connection twice, under its responder's host: its endpoint (transport
      // and port, 24 bits) above the client's host number, and above the client's port.
      var starts = [Int](repeating: 0, count: hostCount + 1)
      for fact in facts where HostPatterns.counts(fact) && fact.accepted {
        guard let initiator = fact.initiator else { continue }
        starts[fact.host(initiator.opposite) + 1] += 1
      }
      for host in 0..<hostCount { starts[host + 1] += starts[host] }
      var byClient = [UInt64](repeating: 0, count: starts[hostCount])
      var byPort = byClient
      var next = starts
      for fact in facts where HostPatterns.counts(fact) && fact.accepted {
        guard let initiator = fact.initiator else { continue }
        let server = fact.host(initiator.opposite)
        let endpoint =
          UInt64(fact.transport.rawValue) << 16 | UInt64(fact.port(initiator.opposite))
        byClient[next[server]] = endpoint << 32 | UInt64(fact.host(initiator))
        byPort[next[server]] = endpoint << 16 | UInt64(fact.port(initiator))
        next[server] += 1
      }
      for host in 0..<hostCount where starts[host] < starts[host + 1] {
        let range = starts[host]..<starts[host + 1]
        byClient[range].sort()
        var askPorts = false
        Self.runs(byClient[range], shift: 32) { endpoint, connections, clients in
          let listener = Listener(clients: clients, flows: connections)
          listeners[Key(bits: UInt64(host) << 24 | endpoint)] = listener
          askPorts = askPorts || listener.mayBePeerListener
          let port = UInt16(truncatingIfNeeded: endpoint)
          accepted[host].insert(Key(port))
          if port >= 1024 { acceptedHigh[host].insert(Key(port)) }
        }
        // Most listeners are servers whose clients come back (or have one or two clients):
        // their source ports are never asked for, and sorting them was half of this table.
        guard askPorts else { continue }
        byPort[range].sort()
        Self.runs(byPort[range], shift: 16) { endpoint, _, ports in
          let key = Key(bits: UInt64(host) << 24 | endpoint)
          if listeners[key]?.mayBePeerListener == true { listeners[key]?.sourcePorts = ports }
        }
      }
    }

    /// Calls `body` for each run of one endpoint in `keys` (sorted; the endpoint is above
    /// `shift` bits of a client or a port) with the endpoint, the run's length and how many
    /// distinct keys it holds.
    private static func runs(
      _ keys: ArraySlice<UInt64>, shift: UInt64, _ body: (UInt64, Int, Int) -> Void
    ) {
      var index = keys.startIndex
      while index < keys.endIndex {
        let endpoint = keys[index] >> shift
        var length = 0
        var distinct = 0
        var previous: UInt64?
        while index < keys.endIndex && keys[index] >> shift == endpoint {
          if keys[index] != previous { distinct += 1 }
          previous = keys[index]
          length += 1
          index += 1
        }
        body(endpoint, length, distinct)
      }
    }
  }
}

extension HostPatterns.Listener {
  /// Karagiannis et al.'s {IP, port} rule: three or more hosts each connecting about once, as
  /// peers do, rather than many times, as browsers do to a web server.
  var looksLikePeerListener: Bool {
    guard mayBePeerListener, let sourcePorts else { return false }
    return abs(sourcePorts - clients) <= 1
  }

  /// Clients come back again and again (three or more connections, at least two per client).
  var hasRepeatClients: Bool { flows >= 3 && flows >= 2 * clients }
}
