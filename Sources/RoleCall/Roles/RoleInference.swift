/// Decides from connection patterns alone what each flow is and what each host does.
///
/// The rules and their measured precision and recall are in roles.md §4 and §6. In short:
/// - who opened a flow comes from the flows stage;
/// - a connection accepted on a registered or system port is client/server (the service gate);
/// - on unregistered high ports, peers show themselves by role symmetry, fan-out diversity,
///   TCP and UDP on one pair, same-port symmetry and fan-in;
/// - a listener that clients keep coming back to, and that never opens connections itself, is a
///   server (a tracker, an app server on a high port);
/// - endpoint memory spreads a peer-to-peer verdict to the other flows of the same endpoints.
///
/// Relays and recursive servers (a resolver, a mail relay) come out as servers that are also
/// clients; scanners, whose attempts nobody answered, get no role.
public enum RoleInference {
  /// Judges every flow and every host.
  public static func analyze(_ flows: [Flow]) -> RoleAnalysis {
    let facts = flows.map(FlowFacts.init)
    let patterns = HostPatterns(facts)
    var judgements = facts.map { judge($0, patterns) }
    spreadByEndpointMemory(facts, &judgements)
    return RoleAnalysis(judgements: judgements, hosts: hostRoles(flows, facts, judgements))
  }

  static func judge(_ fact: FlowFacts, _ patterns: HostPatterns) -> FlowJudgement {
    guard fact.isTCPOrUDP else {
      return FlowJudgement(verdict: .other, confidence: .measured, rules: [.controlProtocol])
    }
    if fact.multicast {
      return FlowJudgement(verdict: .other, confidence: .measured, rules: [.multicastOrBroadcast])
    }
    if fact.sameHost || patterns.isFTPPair(fact.a.address, fact.b.address) {
      let rule: VerdictRule = fact.sameHost ? .sameHost : .ftpData
      let answered = fact.initiator == nil || fact.accepted
      return answered
        ? FlowJudgement(verdict: .clientServer, confidence: .inferred, rules: [rule])
        : FlowJudgement(verdict: .other, confidence: .inferred, rules: [.noAnswer])
    }
    guard let initiator = fact.initiator else { return judgeUndirected(fact, patterns) }
    let responder = initiator.opposite
    let client = fact.endpoint(initiator).address
    let server = fact.endpoint(responder).address
    let port = fact.port(responder)
    let confidence: Confidence = fact.basis == .handshake ? .measured : .inferred
    var rules: [VerdictRule] = []
    let sameListeningPort =
      fact.port(initiator) == port || patterns.accepted[client]?.contains(port) == true
    if port < 1024 {
      // System ports are services; the same pattern between two of them is server to server
      // (DNS 53, SMTP 25), never peers.
      return fact.accepted
        ? FlowJudgement(verdict: .clientServer, confidence: confidence, rules: [.registeredService])
        : FlowJudgement(verdict: .other, confidence: confidence, rules: [.noAnswer])
    }
    let listener = patterns.listener(server, fact.transport, port)
    if RegisteredPorts.name(port, transport: fact.transport) != nil {
      // A registered high port is a service unless a strong peer pattern says otherwise: peers
      // listen on any port, and some of those are registered to something else (gnutella-svc
      // 6346, openvpn 1194).
      if sameListeningPort && patterns.accepted[server]?.contains(port) == true {
        rules.append(.samePort)
      }
      if patterns.isSymmetric(server) { rules.append(.roleSymmetry) }
      if patterns.fansOutWidely(client) && listener?.hasRepeatClients != true {
        rules.append(.fanOutDiversity)
      }
      if !rules.isEmpty {
        return FlowJudgement(verdict: .peerToPeer, confidence: .pattern, rules: rules)
      }
      return fact.accepted
        ? FlowJudgement(verdict: .clientServer, confidence: confidence, rules: [.registeredService])
        : FlowJudgement(verdict: .other, confidence: confidence, rules: [.noAnswer])
    }
    if patterns.isSymmetric(server) { rules.append(.roleSymmetry) }
    if sameListeningPort { rules.append(.samePort) }
    if patterns.usesBothTransports(client, server) { rules.append(.tcpAndUDP) }
    if listener?.looksLikePeerListener == true { rules.append(.fanIn) }
    if rules.isEmpty && listener?.hasRepeatClients == true {
      return FlowJudgement(verdict: .clientServer, confidence: confidence, rules: [.repeatListener])
    }
    if patterns.isSymmetric(client) && !rules.contains(.roleSymmetry) {
      rules.append(.roleSymmetry)
    }
    if patterns.fansOut(client) { rules.append(.fanOutDiversity) }
    if !rules.isEmpty {
      return FlowJudgement(verdict: .peerToPeer, confidence: .pattern, rules: rules)
    }
    return fact.accepted
      ? FlowJudgement(verdict: .clientServer, confidence: confidence, rules: [.acceptedService])
      : FlowJudgement(verdict: .other, confidence: confidence, rules: [.noAnswer])
  }

  /// A flow whose initiator is unknown: ports first, then patterns of both hosts.
  static func judgeUndirected(_ fact: FlowFacts, _ patterns: HostPatterns) -> FlowJudgement {
    if !fact.isHigh(.a) || !fact.isHigh(.b) {
      return FlowJudgement(verdict: .clientServer, confidence: .inferred, rules: [.registeredPort])
    }
    if patterns.isCalledRepeatedly(fact.a, transport: fact.transport)
      || patterns.isCalledRepeatedly(fact.b, transport: fact.transport)
    {
      return FlowJudgement(verdict: .clientServer, confidence: .pattern, rules: [.repeatListener])
    }
    if patterns.isSoleListener(fact.endpoint(fact.firstSender.opposite)) {
      return FlowJudgement(verdict: .clientServer, confidence: .pattern, rules: [.soleListener])
    }
    let one = fact.a.address
    let other = fact.b.address
    var rules: [VerdictRule] = []
    if fact.transport == .udp && patterns.traversesNAT(one, other) { rules.append(.natTraversal) }
    if patterns.isSymmetric(one) || patterns.isSymmetric(other) { rules.append(.roleSymmetry) }
    if fact.port(.a) == fact.port(.b) { rules.append(.samePort) }
    if patterns.usesBothTransports(one, other) { rules.append(.tcpAndUDP) }
    if patterns.fansOut(one) || patterns.fansOut(other) { rules.append(.fanOutDiversity) }
    if rules.isEmpty {
      let registered =
        !fact.isHighUnregistered(.a) || !fact.isHighUnregistered(.b)
      return registered
        ? FlowJudgement(verdict: .clientServer, confidence: .inferred, rules: [.registeredPort])
        : FlowJudgement(verdict: .unknown, confidence: .inferred, rules: [.insufficientEvidence])
    }
    return FlowJudgement(verdict: .peerToPeer, confidence: .pattern, rules: rules)
  }

  /// nDPI's and Karagiannis et al.'s memory, scoped to one capture: once an endpoint on an
  /// unregistered high port is in a peer-to-peer flow, its other flows are peer-to-peer too,
  /// unless a registered service decided them.
  static func spreadByEndpointMemory(_ facts: [FlowFacts], _ judgements: inout [FlowJudgement]) {
    struct Place: Hashable {
      var address: IPAddress
      var port: UInt16
    }
    var known: Set<Place> = []
    func remember(_ index: Int) {
      for side in [Side.a, .b] where facts[index].isHighUnregistered(side) {
        known.insert(
          Place(address: facts[index].endpoint(side).address, port: facts[index].port(side)))
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
        guard fact.isTCPOrUDP, !fact.multicast, judgement.verdict != .peerToPeer,
          judgement.rule != .registeredService, judgement.rule != .registeredPort
        else { continue }
        let hit = [Side.a, .b].contains { side in
          fact.isHighUnregistered(side)
            && known.contains(Place(address: fact.endpoint(side).address, port: fact.port(side)))
        }
        if hit {
          judgements[index] = FlowJudgement(
            verdict: .peerToPeer, confidence: .pattern, rules: [.endpointMemory])
          remember(index)
          changed = true
        }
      }
    }
  }
}
