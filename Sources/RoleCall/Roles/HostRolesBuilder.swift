extension RoleInference {
  /// Judged flows from which the host roles are built on two threads.
  static let parallelHostFlows = 16_384

  /// Host roles from the judged flows: a client opened an accepted client/server flow, a server
  /// answered one (and so offers a service), a peer took part in a peer-to-peer flow. Also the
  /// position of each host number's record in the sorted hosts (-1 for none). `addresses` are
  /// the hosts' addresses by host number.
  ///
  /// The flows' sides are first put in order of their host (a counting sort), so each host's
  /// record and sets are filled in one go while they are in the cache, rather than one flow at a
  /// time across all hosts, which missed the cache at nearly every set. With `parallelHostFlows`
  /// flows or more (or `parts` given), the hosts are cut into ranges of about as many sides
  /// each, one thread to a range.
  static func hostRoles(
    _ flows: [Flow], _ facts: [FlowFacts], _ judgements: [FlowJudgement],
    addresses: [IPAddress], weights: [Int] = [], parts: Int? = nil
  ) -> (hosts: [HostRoles], positions: [Int32]) {
    let sides = SidesByHost(facts, hostCount: addresses.count)
    let parts = max(1, parts ?? (flows.count >= parallelHostFlows ? 2 : 1))
    let ranges = sides.ranges(parts)
    let input = HostInput(
      flows: flows, facts: facts, judgements: judgements, addresses: addresses,
      weights: weights, sides: sides)
    let built =
      parts == 1
      ? [HostPart(input, hosts: ranges[0])]
      : Parallel.map(parts: parts) { HostPart(input, hosts: ranges[$0]) }
    // Records of all parts, one after another, then sorted by address.
    var hosts: [HostRoles] = []
    var numbers: [Int32] = []
    hosts.reserveCapacity(built.reduce(0) { $0 + $1.hosts.count })
    for part in built {
      hosts += part.hosts
      numbers += part.numbers
    }
    let order = hosts.indices.sorted { hosts[$0].address < hosts[$1].address }
    var positions = [Int32](repeating: -1, count: addresses.count)
    for (sorted, record) in order.enumerated() { positions[Int(numbers[record])] = Int32(sorted) }
    return (order.map { hosts[$0] }, positions)
  }

  /// The sides of the counted flows (TCP and UDP, not multicast) grouped by host: host `h`'s
  /// are `entries[starts[h]..<starts[h + 1]]`, in flow order, each a flow number times two
  /// plus the side (0 for A, 1 for B).
  struct SidesByHost: Sendable {
    var starts: [Int]
    var entries: [UInt32]

    init(_ facts: [FlowFacts], hostCount: Int) {
      starts = [Int](repeating: 0, count: hostCount + 1)
      for fact in facts where fact.isTCPOrUDP && !fact.multicast {
        starts[fact.host(.a) + 1] += 1
        starts[fact.host(.b) + 1] += 1
      }
      for host in 0..<hostCount { starts[host + 1] += starts[host] }
      entries = [UInt32](repeating: 0, count: starts[hostCount])
      var next = starts
      for (number, fact) in facts.enumerated() where fact.isTCPOrUDP && !fact.multicast {
        entries[next[fact.host(.a)]] = UInt32(number) << 1
        next[fact.host(.a)] += 1
        entries[next[fact.host(.b)]] = UInt32(number) << 1 | 1
        next[fact.host(.b)] += 1
      }
    }

    /// `parts` consecutive ranges of host numbers, with about as many sides each.
    func ranges(_ parts: Int) -> [Range<Int>] {
      let hostCount = starts.count - 1
      var bounds = [0]
      var host = 0
      for part in 1..<max(parts, 1) {
        let wanted = entries.count * part / parts
        while host < hostCount && starts[host] < wanted { host += 1 }
        bounds.append(max(host, bounds[bounds.count - 1]))
      }
      bounds.append(hostCount)
      return (0..<bounds.count - 1).map { bounds[$0]..<bounds[$0 + 1] }
    }
  }

  /// What the parts read, shared by reference.
  private struct HostInput: Sendable {
    let flows: [Flow]
    let facts: [FlowFacts]
    let judgements: [FlowJudgement]
    let addresses: [IPAddress]
    /// A record of retired flows stands for `weights[i]` flows (RetiredFlows); empty: one each.
    let weights: [Int]
    let sides: SidesByHost
  }

  /// The records of the hosts of one range that took part in a counted flow, in host order,
  /// with their host numbers and their services sorted.
  private struct HostPart: Sendable {
    /// How many sides ahead the loads start.
    static let lookahead = 8

    var hosts: [HostRoles] = []
    var numbers: [Int32] = []

    init(_ input: HostInput, hosts range: Range<Int>) {
      // One host's services, by transport and port, while its sides are read.
      var serviceIndex: [HostPatterns.Key: Int] = [:]
      let entries = input.sides.entries
      for number in range {
        let sides = input.sides.starts[number]..<input.sides.starts[number + 1]
        guard !sides.isEmpty else { continue }
        var host = HostRoles(address: input.addresses[number])
        serviceIndex.removeAll(keepingCapacity: true)
        for position in sides {
          // The flows come in host order, not in the order of the arrays: start loading the
          // facts, judgement and counters of a side a few places ahead, so the misses overlap.
          if position + Self.lookahead < entries.count {
            let ahead = Int(entries[position + Self.lookahead] >> 1)
            input.facts.prefetch(ahead, bytes: 1)
            input.judgements.prefetch(ahead, bytes: 1)
            input.flows.prefetch(ahead, bytes: 128)
          }
          let entry = entries[position]
          Self.add(
            Int(entry >> 1), side: entry & 1 == 0 ? .a : .b, to: &host, input,
            serviceIndex: &serviceIndex)
        }
        host.keepDistinct()
        hosts.append(host)
        numbers.append(Int32(number))
      }
    }

    /// Adds what side `side` of flow `number` says about its host.
    private static func add(
      _ number: Int, side: Side, to host: inout HostRoles, _ input: HostInput,
      serviceIndex: inout [HostPatterns.Key: Int]
    ) {
      let fact = input.facts[number]
      let judgement = input.judgements[number]
      let weight = number < input.weights.count ? input.weights[number] : 1
      switch judgement.verdict {
      case .clientServer:
        guard let serverSide = judgement.server else { return }
        let place = ServiceAddress(
          address: input.addresses[fact.host(serverSide)], transport: fact.transport,
          port: fact.port(serverSide))
        if side != serverSide {
          host.roles.insert(.client)
          host.clientFlows += weight
          host.contactedServices.append(place)
          host.contactedPorts.append(place.port)
        } else {
          host.roles.insert(.server)
          let key = HostPatterns.Key(
            bits: UInt64(place.transport.rawValue) << 16 | UInt64(place.port))
          let index: Int
          if let known = serviceIndex[key] {
            index = known
          } else {
            index = host.services.count
            host.services.append(Service(place))
            serviceIndex[key] = index
          }
          host.services[index].count(
            input.flows[number], client: input.addresses[fact.host(side.opposite)],
            side.opposite, weight: weight)
        }
      case .peerToPeer:
        host.roles.insert(.peer)
        host.peers.append(input.addresses[fact.host(side.opposite)])
        switch fact.initiator {
        case side:
          host.peerFlowsOpened += weight
          host.peerPortsContacted.append(fact.port(side.opposite))
        case side.opposite:
          host.peerFlowsAccepted += weight
          host.peerPorts.append(fact.port(side))
        default:
          host.peerFlowsUndirected += weight
        }
      case .other, .unknown:
        break
      }
    }
  }
}

extension Service {
  init(_ place: ServiceAddress) {
    self.init(
      address: place.address, transport: place.transport, port: place.port,
      name: RegisteredPorts.name(place.port, transport: place.transport))
  }

  /// Adds one answered client/server flow from `client`, whose side of the flow is `clientSide`
  /// (`clients` holds each client once after `HostRoles.keepDistinct()`).
  mutating func count(_ flow: Flow, client: IPAddress, _ clientSide: Side, weight: Int = 1) {
    clients.append(client)
    flows += weight
    let inbound = flow.counters(from: clientSide)
    let outbound = flow.counters(from: clientSide.opposite)
    packetsIn += inbound.packets
    bytesIn += inbound.wireBytes
    packetsOut += outbound.packets
    bytesOut += outbound.wireBytes
  }
}

extension HostRoles {
  /// Sorts the services and each list the host's flows filled (an element per flow, appended
  /// while the host's flows are read in one go), keeping one of each element. Sets hashed every
  /// flow's element instead, held more memory for the same elements, and the report lists them
  /// in order anyway.
  mutating func keepDistinct() {
    services.sort()
    for index in services.indices { services[index].clients.keepDistinctSorted() }
    contactedServices.keepDistinctSorted()
    contactedPorts.keepDistinctSorted()
    peers.keepDistinctSorted()
    peerPorts.keepDistinctSorted()
    peerPortsContacted.keepDistinctSorted()
  }
}

extension Array where Element: Comparable {
  /// Sorts the elements and keeps one of each, in storage of the size they need (the list held
  /// an element per flow before).
  mutating func keepDistinctSorted() {
    guard count > 1 else { return }
    sort()
    var kept = 1
    for index in 1..<count where self[index] != self[kept - 1] {
      self[kept] = self[index]
      kept += 1
    }
    if kept < count { self = Array(self[..<kept]) }
  }
}
