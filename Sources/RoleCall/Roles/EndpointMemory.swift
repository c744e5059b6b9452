extension RoleInference {
  /// nDPI's and Karagiannis et al.'s memory, scoped to one capture: once an endpoint on an
  /// unregistered high port is in a peer-to-peer flow, its other flows are peer-to-peer too,
  /// unless a port (system or registered) decided them.
  static func spreadByEndpointMemory(_ facts: [FlowFacts], _ judgements: inout [FlowJudgement]) {
    var known: Set<HostPatterns.Key> = []
    func remember(_ index: Int) {
      for side in Side.both where facts[index].isHighUnregistered(side) {
        known.insert(.endpoint(facts[index].host(side), facts[index].port(side)))
      }
    }
    for index in judgements.indices where judgements[index].verdict == .peerToPeer {
      remember(index)
    }
    var changed = true
    var rounds = 0
    while changed && rounds < 4 {
      changed = false
      rounds += 1
      for index in judgements.indices {
        let judgement = judgements[index]
        let fact = facts[index]
        guard fact.isTCPOrUDP, !fact.multicast, !fact.sameHost, judgement.verdict != .peerToPeer,
          judgement.rule != .registeredService, judgement.rule != .registeredPort
        else { continue }
        let hit = Side.both.contains { side in
          fact.isHighUnregistered(side)
            && known.contains(.endpoint(fact.host(side), fact.port(side)))
        }
        if hit {
          judgements[index] = FlowJudgement(
            verdict: .peerToPeer, confidence: .pattern, rule: .endpointMemory)
          remember(index)
          changed = true
        }
      }
    }
  }
}
