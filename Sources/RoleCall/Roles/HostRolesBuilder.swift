extension RoleInference {
  /// Host roles from the judged flows: a client opened an accepted client/server flow, a server
  /// answered one (and so offers a service), a peer took part in a peer-to-peer flow.
  static func hostRoles(
    _ flows: [Flow], _ facts: [FlowFacts], _ judgements: [FlowJudgement], weights: [Int] = []
  ) -> [HostRoles] {
    // Host records live in an array and are changed in place through their index, so a flow
    // never copies a host's sets.
    var hosts: [HostRoles] = []
    var position: [IPAddress: Int] = [:]
    func index(_ address: IPAddress) -> Int {
      if let known = position[address] { return known }
      hosts.append(HostRoles(address: address))
      position[address] = hosts.count - 1
      return hosts.count - 1
    }
    var services: [ServiceAddress: Service] = [:]
    for (number, (flow, (fact, judgement))) in zip(flows, zip(facts, judgements)).enumerated() {
      guard fact.isTCPOrUDP, !fact.multicast else { continue }
      // A record of retired flows stands for `weight` flows (RetiredFlows).
      let weight = number < weights.count ? weights[number] : 1
      let a = index(fact.a.address)
      let b = index(fact.b.address)
      switch judgement.verdict {
      case .clientServer:
        guard let serverSide = judgement.server else { continue }
        let clientSide = serverSide.opposite
        let client = clientSide == .a ? a : b
        let server = clientSide == .a ? b : a
        let place = ServiceAddress(
          address: fact.endpoint(serverSide).address, transport: fact.transport,
          port: fact.port(serverSide))
        hosts[client].roles.insert(.client)
        hosts[client].clientFlows += weight
        hosts[client].contactedServices.insert(place)
        hosts[client].contactedPorts.insert(place.port)
        hosts[server].roles.insert(.server)
        services[place, default: Service(place)].count(
          flow, client: fact.endpoint(clientSide).address, clientSide, weight: weight)
      case .peerToPeer:
        for side in [Side.a, .b] {
          let me = side == .a ? a : b
          hosts[me].roles.insert(.peer)
          hosts[me].peers.insert(fact.endpoint(side.opposite).address)
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
    for service in services.values {
      if let host = position[service.address] { hosts[host].services.append(service) }
    }
    for host in hosts.indices { hosts[host].services.sort() }
    return hosts.sorted { $0.address < $1.address }
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
