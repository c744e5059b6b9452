extension RoleInference {
  /// Judged flows from which the host roles are built on two threads.
  static let parallelHostFlows = 16_384

  /// Host roles from the judged flows: a client opened an accepted client/server flow, a server
  /// answered one (and so offers a service), a peer took part in a peer-to-peer flow. Also the
  /// position of each host number's record in the sorted hosts (-1 for none).
  ///
  /// The work is filling each host's sets, which is about half of the roles stage. With
  /// `parallelHostFlows` flows or more (or `parts` 2), two threads each read every flow and
  /// fill the records of the hosts whose number has their parity (and the services of those
  /// hosts): each record gets the same updates in the same order as on one thread.
  static func hostRoles(
    _ flows: [Flow], _ facts: [FlowFacts], _ judgements: [FlowJudgement], hostCount: Int,
    weights: [Int] = [], parts: Int? = nil
  ) -> (hosts: [HostRoles], positions: [Int32]) {
    let parts = parts ?? (flows.count >= parallelHostFlows ? 2 : 1)
    let built: [HostPart]
    if parts == 1 {
      built = [
        HostPart(flows, facts, judgements, hostCount: hostCount, weights: weights, part: 0, of: 1)
      ]
    } else {
      built = Parallel.map(parts: parts) { part in
        HostPart(
          flows, facts, judgements, hostCount: hostCount, weights: weights, part: part, of: parts)
      }
    }
    // Records of all parts, one after another, then sorted by address.
    var hosts: [HostRoles] = []
    hosts.reserveCapacity(built.reduce(0) { $0 + $1.hosts.count })
    var offsets: [Int] = []
    for part in built {
      offsets.append(hosts.count)
      hosts += part.hosts
    }
    let order = hosts.indices.sorted { hosts[$0].address < hosts[$1].address }
    var rank = [Int32](repeating: -1, count: hosts.count)
    for (sorted, record) in order.enumerated() { rank[record] = Int32(sorted) }
    let positions = (0..<hostCount).map { host -> Int32 in
      let part = host % parts
      let local = built[part].position[host]
      return local < 0 ? -1 : rank[offsets[part] + local]
    }
    return (order.map { hosts[$0] }, positions)
  }

  /// The host records of the hosts whose number is `part` modulo `parts`, in order of first
  /// appearance, with their services sorted.
  private struct HostPart: Sendable {
    var hosts: [HostRoles] = []
    /// Each host number's record in `hosts`, or -1 (hosts of other parts, or in no flow).
    var position: [Int]

    init(
      _ flows: [Flow], _ facts: [FlowFacts], _ judgements: [FlowJudgement], hostCount: Int,
      weights: [Int], part: Int, of parts: Int
    ) {
      // Host records live in an array and are changed in place through their index, so a flow
      // never copies a host's sets.
      var hosts: [HostRoles] = []
      var position = [Int](repeating: -1, count: hostCount)
      func index(_ host: Int, _ address: IPAddress) -> Int? {
        guard host % parts == part else { return nil }
        if position[host] >= 0 { return position[host] }
        hosts.append(HostRoles(address: address))
        position[host] = hosts.count - 1
        return hosts.count - 1
      }
      var services: [ServiceAddress: Service] = [:]
      for (number, (flow, (fact, judgement))) in zip(flows, zip(facts, judgements)).enumerated() {
        guard fact.isTCPOrUDP, !fact.multicast else { continue }
        // A record of retired flows stands for `weight` flows (RetiredFlows).
        let weight = number < weights.count ? weights[number] : 1
        let a = index(fact.host(.a), flow.key.endpoint(.a).address)
        let b = index(fact.host(.b), flow.key.endpoint(.b).address)
        switch judgement.verdict {
        case .clientServer:
          guard let serverSide = judgement.server else { continue }
          let clientSide = serverSide.opposite
          let place = ServiceAddress(
            address: flow.key.endpoint(serverSide).address, transport: fact.transport,
            port: fact.port(serverSide))
          if let client = clientSide == .a ? a : b {
            hosts[client].roles.insert(.client)
            hosts[client].clientFlows += weight
            hosts[client].contactedServices.insert(place)
            hosts[client].contactedPorts.insert(place.port)
          }
          if let server = clientSide == .a ? b : a {
            hosts[server].roles.insert(.server)
            services[place, default: Service(place)].count(
              flow, client: flow.key.endpoint(clientSide).address, clientSide, weight: weight)
          }
        case .peerToPeer:
          for side in Side.both {
            guard let me = side == .a ? a : b else { continue }
            hosts[me].roles.insert(.peer)
            hosts[me].peers.insert(flow.key.endpoint(side.opposite).address)
            switch fact.initiator {
            case side:
              hosts[me].peerFlowsOpened += weight
              hosts[me].peerPortsContacted.insert(fact.port(side.opposite))
            case side.opposite:
              hosts[me].peerFlowsAccepted += weight
              hosts[me].peerPorts.insert(fact.port(side))
            default:
              hosts[me].peerFlowsUndirected += weight
            }
          }
        case .other, .unknown:
          break
        }
      }
      var positionOf: [IPAddress: Int] = [:]
      for (number, host) in hosts.enumerated() { positionOf[host.address] = number }
      for service in services.values {
        if let host = positionOf[service.address] { hosts[host].services.append(service) }
      }
      for host in hosts.indices { hosts[host].services.sort() }
      self.hosts = hosts
      self.position = position
    }
  }
}

extension Service {
  init(_ place: ServiceAddress) {
    self.init(
      address: place.address, transport: place.transport, port: place.port,
      name: RegisteredPorts.name(place.port, transport: place.transport))
  }

  /// Adds one answered client/server flow from `client`, whose side of the flow is `clientSide`.
  mutating func count(_ flow: Flow, client: IPAddress, _ clientSide: Side, weight: Int = 1) {
    clients.insert(client)
    flows += weight
    let inbound = flow.counters(from: clientSide)
    let outbound = flow.counters(from: clientSide.opposite)
    packetsIn += inbound.packets
    bytesIn += inbound.wireBytes
    packetsOut += outbound.packets
    bytesOut += outbound.wireBytes
  }
}
