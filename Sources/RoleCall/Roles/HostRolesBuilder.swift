extension RoleInference {
  /// Host roles from the judged flows: a client opened an accepted client/server flow, a server
  /// answered one (and so offers a service), a peer took part in a peer-to-peer flow.
  static func hostRoles(
    _ flows: [Flow], _ facts: [FlowFacts], _ judgements: [FlowJudgement]
  ) -> [HostRoles] {
    var hosts: [IPAddress: HostRoles] = [:]
    var services: [HostPatterns.ListenerKey: Service] = [:]
    func touch(_ address: IPAddress) {
      if hosts[address] == nil { hosts[address] = HostRoles(address: address) }
    }
    for index in flows.indices {
      let fact = facts[index]
      guard fact.isTCPOrUDP, !fact.multicast else { continue }
      touch(fact.a.address)
      touch(fact.b.address)
      let flow = flows[index]
      switch judgements[index].verdict {
      case .clientServer:
        guard let serverSide = judgements[index].server else { continue }
        let clientSide = serverSide.opposite
        let client = fact.endpoint(clientSide)
        let server = fact.endpoint(serverSide)
        let port = fact.port(serverSide)
        hosts[client.address]?.roles.insert(.client)
        hosts[client.address]?.clientFlows += 1
        hosts[client.address]?.contacted.insert("\(server.address) \(fact.transport.name)/\(port)")
        hosts[client.address]?.contactedPorts.insert(port)
        hosts[server.address]?.roles.insert(.server)
        let key = HostPatterns.ListenerKey(
          address: server.address, transport: fact.transport, port: port)
        var service =
          services[key]
          ?? Service(
            address: server.address, transport: fact.transport, port: port,
            name: RegisteredPorts.name(port, transport: fact.transport))
        service.clients.insert(client.address)
        service.flows += 1
        let inbound = flow.counters(from: clientSide)
        let outbound = flow.counters(from: serverSide)
        service.packetsIn += inbound.packets
        service.bytesIn += inbound.wireBytes
        service.packetsOut += outbound.packets
        service.bytesOut += outbound.wireBytes
        services[key] = service
      case .peerToPeer:
        for side in [Side.a, .b] {
          let me = fact.endpoint(side).address
          let them = fact.endpoint(side.opposite).address
          hosts[me]?.roles.insert(.peer)
          hosts[me]?.peers.insert(them)
          switch fact.initiator {
          case side:
            hosts[me]?.peerFlowsOpened += 1
            hosts[me]?.peerPortsContacted.insert(fact.port(side.opposite))
          case side.opposite:
            hosts[me]?.peerFlowsAccepted += 1
            hosts[me]?.peerPorts.insert(fact.port(side))
          default:
            hosts[me]?.peerFlowsUndirected += 1
          }
        }
      case .other, .unknown:
        break
      }
    }
    for service in services.values { hosts[service.address]?.services.append(service) }
    return hosts.values.map { host in
      var host = host
      host.services.sort()
      return host
    }.sorted { $0.address < $1.address }
  }
}
