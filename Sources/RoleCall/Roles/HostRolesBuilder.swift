extension RoleInference {
  /// Host roles from the judged flows: a client opened an accepted client/server flow, a server
  /// answered one (and so offers a service), a peer took part in a peer-to-peer flow. Also the
  /// position of each host number's record in the sorted hosts (-1 for none).
  static func hostRoles(
    _ flows: [Flow], _ facts: [FlowFacts], _ judgements: [FlowJudgement], hostCount: Int,
    weights: [Int] = []
  ) -> (hosts: [HostRoles], positions: [Int32]) {
    // Host records live in an array and are changed in place through their index, so a flow
    // never copies a host's sets; `position` maps a host number to its record.
    var hosts: [HostRoles] = []
    var position = [Int](repeating: -1, count: hostCount)
    func index(_ host: Int, _ address: IPAddress) -> Int {
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
        let client = clientSide == .a ? a : b
        let server = clientSide == .a ? b : a
        let place = ServiceAddress(
          address: flow.key.endpoint(serverSide).address, transport: fact.transport,
          port: fact.port(serverSide))
        hosts[client].roles.insert(.client)
        hosts[client].clientFlows += weight
        hosts[client].contactedServices.insert(place)
        hosts[client].contactedPorts.insert(place.port)
        hosts[server].roles.insert(.server)
        services[place, default: Service(place)].count(
          flow, client: flow.key.endpoint(clientSide).address, clientSide, weight: weight)
      case .peerToPeer:
        for side in Side.both {
          let me = side == .a ? a : b
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
    let order = hosts.indices.sorted { hosts[$0].address < hosts[$1].address }
    var rank = [Int32](repeating: -1, count: hosts.count)
    for (sorted, record) in order.enumerated() { rank[record] = Int32(sorted) }
    return (order.map { hosts[$0] }, position.map { $0 < 0 ? -1 : rank[$0] })
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
