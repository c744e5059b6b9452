/// Decides from connection patterns alone what each flow is and what each host does.
///
/// The rules and their measured precision and recall are in roles.md §4 and §6. In short:
/// - who opened a flow comes from the flows stage;
/// - a connection accepted on a system port is client/server; on a registered high port it is
///   too, unless a strong peer pattern says otherwise (the service gate);
/// - on other high ports, peers show themselves by role symmetry, fan-out diversity, TCP and UDP
///   on one pair, same-port symmetry, fan-in and NAT traversal;
/// - a listener that clients keep coming back to, or that only ever answers, is a server (a
///   tracker, an app server on a high port), even when its clients are peers;
/// - endpoint memory spreads a peer-to-peer verdict to the other flows of the same endpoints.
///
/// Relays and recursive servers (a resolver, a mail relay) come out as servers that are also
/// clients; scanners, whose attempts nobody answered, get no role.
public enum RoleInference {
  /// Judges every flow and every host.
  public static func analyze(_ flows: [Flow]) -> RoleAnalysis {
    let (facts, addresses) = self.facts(flows)
    let judgements = self.judgements(facts, hostCount: addresses.count)
    let (hosts, positions) = hostRoles(flows, facts, judgements, addresses: addresses)
    return RoleAnalysis(
      judgements: judgements, hosts: hosts,
      flowHosts: facts.map { .init(a: positions[$0.host(.a)], b: positions[$0.host(.b)]) })
  }

  /// The facts of every flow, with its hosts numbered in order of first appearance, and the
  /// hosts' addresses by number. With `parallelHostFlows` flows or more, the hosts are numbered
  /// on one thread (a table lookup per side, most of the time) while the rest of the facts are
  /// read on another.
  static func facts(_ flows: [Flow]) -> (facts: [FlowFacts], addresses: [IPAddress]) {
    let number = { @Sendable in HostNumbers(flows) }
    let read = { @Sendable in flows.map(FlowFacts.init) }
    var (numbers, facts) =
      flows.count >= parallelHostFlows ? Parallel.both(number, read) : (number(), read())
    for index in facts.indices {
      facts[index].hostA = numbers.sides[2 * index]
      facts[index].hostB = numbers.sides[2 * index + 1]
    }
    return (facts, numbers.addresses)
  }

  /// The hosts of every flow's sides A and B, numbered in order of first appearance.
  struct HostNumbers: Sendable {
    /// Sides A and B of each flow in turn.
    let sides: [Int32]
    let addresses: [IPAddress]

    init(_ flows: [Flow]) {
      var numbers: [IPAddress: Int32] = [:]
      var addresses: [IPAddress] = []
      func number(_ address: IPAddress) -> Int32 {
        if let known = numbers[address] { return known }
        let next = Int32(addresses.count)
        numbers[address] = next
        addresses.append(address)
        return next
      }
      var sides: [Int32] = []
      sides.reserveCapacity(2 * flows.count)
      for flow in flows {
        sides.append(number(flow.key.endpoint(.a).address))
        sides.append(number(flow.key.endpoint(.b).address))
      }
      self.sides = sides
      self.addresses = addresses
    }
  }

  /// Judges the table's flows together with the flows a bounded table retired: `judgements` are
  /// the table's flows' only, while host roles and counts include the retired flows, each record
  /// counted `retired.weights[i]` times.
  public static func analyze(_ flows: [Flow], retired: RetiredFlows) -> RoleAnalysis {
    guard !retired.flows.isEmpty else { return analyze(flows) }
    let all = flows + retired.flows
    let (facts, addresses) = self.facts(all)
    let judgements = self.judgements(facts, hostCount: addresses.count)
    let weights = Array(repeating: 1, count: flows.count) + retired.weights
    let (hosts, positions) = hostRoles(
      all, facts, judgements, addresses: addresses, weights: weights)
    return RoleAnalysis(
      judgements: Array(judgements.prefix(flows.count)), hosts: hosts,
      flowHosts: facts.prefix(flows.count).map {
        .init(a: positions[$0.host(.a)], b: positions[$0.host(.b)])
      })
  }

  /// Every flow's judgement. The host patterns live only here, so their tables are freed
  /// before the host roles are built. With `parallelHostFlows` facts or more, the patterns
  /// are gathered on two threads and the facts judged in two halves, one to a thread (a
  /// judgement reads only its fact and the patterns); `parallelPatterns` forces both on or off
  /// (tests).
  static func judgements(
    _ facts: [FlowFacts], hostCount: Int, parallelPatterns: Bool? = nil
  ) -> [FlowJudgement] {
    let parallel = parallelPatterns ?? (facts.count >= parallelHostFlows)
    let patterns = HostPatterns(facts, hostCount: hostCount, parallel: parallel)
    var judgements = Parallel.array(count: facts.count, parts: parallel ? 2 : 1) {
      judge(facts[$0], patterns)
    }
    spreadByEndpointMemory(facts, &judgements)
    return judgements
  }

  static func judge(_ fact: FlowFacts, _ patterns: HostPatterns) -> FlowJudgement {
    guard fact.isTCPOrUDP else {
      return FlowJudgement(verdict: .other, confidence: .measured, rule: .controlProtocol)
    }
    if fact.multicast {
      return FlowJudgement(verdict: .other, confidence: .measured, rule: .multicastOrBroadcast)
    }
    if fact.sameHost {
      return service(fact, .sameHost, .inferred, answered: fact.initiator == nil || fact.accepted)
    }
    if let (rule, fileServer) = patterns.fileTransfer(fact) {
      // The answer to a TFTP request comes on another flow, so the request counts as answered.
      let judgement = service(fact, rule, .inferred, answered: true)
      // A host serves the connections it accepts: in active FTP the client listens and the
      // file server connects to it, so for that data connection the client is the server.
      // Without a handshake, the file server's side is the best guess.
      var server = fileServer
      if rule == .ftpData, fact.basis == .handshake, let initiator = fact.initiator {
        server = initiator.opposite
      }
      return FlowJudgement(
        verdict: judgement.verdict, confidence: .inferred, rule: rule, server: server)
    }
    guard let initiator = fact.initiator else { return judgeUndirected(fact, patterns) }
    let port = fact.port(initiator.opposite)
    let confidence: Confidence = fact.basis == .handshake ? .measured : .inferred
    if port < 1024 || (fact.transport == .udp && HostPatterns.isSTUNPort(port)) {
      // System ports are services; the same pattern between two of them is server to server
      // (DNS 53, SMTP 25), never peers. A STUN server answers peers but is not one of them.
      return service(fact, .registeredService, confidence, answered: fact.accepted)
    }
    if RegisteredPorts.isRegistered(port, transport: fact.transport) {
      let rules = peerEvidenceOnRegisteredPort(fact, initiator, patterns)
      if !rules.isEmpty {
        return FlowJudgement(verdict: .peerToPeer, confidence: .pattern, rules: rules)
      }
      return service(fact, .registeredService, confidence, answered: fact.accepted)
    }
    let client = fact.host(initiator)
    let server = fact.host(initiator.opposite)
    let listener = patterns.listener(server, fact.transport, port)
    var rules: [VerdictRule] = []
    if patterns.isSymmetric(server) { rules.append(.roleSymmetry) }
    if fact.port(initiator) == port || patterns.accepted[client].contains(.init(port)) {
      rules.append(.samePort)
    }
    if patterns.usesBothTransports(client, server) { rules.append(.tcpAndUDP) }
    if listener?.looksLikePeerListener == true { rules.append(.fanIn) }
    if rules.isEmpty && listener?.hasRepeatClients == true {
      return service(fact, .repeatListener, confidence, answered: fact.accepted)
    }
    if patterns.isSymmetric(client) && !rules.contains(.roleSymmetry) {
      rules.append(.roleSymmetry)
    }
    if patterns.fansOut(client) { rules.append(.fanOutDiversity) }
    if !rules.isEmpty {
      return FlowJudgement(verdict: .peerToPeer, confidence: .pattern, rules: rules)
    }
    return service(fact, .acceptedService, confidence, answered: fact.accepted)
  }

  /// A registered high port is a service unless a strong peer pattern says otherwise: peers
  /// listen on any port, and some of those are registered to something else (gnutella-svc 6346,
  /// openvpn 1194).
  private static func peerEvidenceOnRegisteredPort(
    _ fact: FlowFacts, _ initiator: Side, _ patterns: HostPatterns
  ) -> [VerdictRule] {
    let port = fact.port(initiator.opposite)
    let client = fact.host(initiator)
    let server = fact.host(initiator.opposite)
    var rules: [VerdictRule] = []
    let clientListensThere =
      fact.port(initiator) == port || patterns.accepted[client].contains(.init(port))
    if clientListensThere && patterns.accepted[server].contains(.init(port)) {
      rules.append(.samePort)
    }
    if patterns.isSymmetric(server) { rules.append(.roleSymmetry) }
    let listener = patterns.listener(server, fact.transport, port)
    if patterns.fansOutWidely(client) && listener?.hasRepeatClients != true {
      rules.append(.fanOutDiversity)
    }
    return rules
  }

  /// A flow whose initiator is unknown: ports first, then the shapes of listeners, then the
  /// patterns of both hosts.
  static func judgeUndirected(_ fact: FlowFacts, _ patterns: HostPatterns) -> FlowJudgement {
    // A system port, or a STUN server's, is the service side.
    let serviceSide = Side.both.first {
      !fact.isHigh($0) || (fact.transport == .udp && HostPatterns.isSTUNPort(fact.port($0)))
    }
    if let serviceSide {
      return FlowJudgement(
        verdict: .clientServer, confidence: .inferred, rule: .registeredPort,
        server: fact.isHigh(serviceSide.opposite)
          || fact.port(serviceSide.opposite) > fact.port(serviceSide)
          ? serviceSide : nil)
    }
    if let side = Side.both.first(where: {
      patterns.isCalledRepeatedly(
        host: fact.host($0), port: fact.port($0), transport: fact.transport)
    }) {
      return FlowJudgement(
        verdict: .clientServer, confidence: .pattern, rule: .repeatListener, server: side)
    }
    let listener = fact.firstSender.opposite
    if patterns.isSoleListener(host: fact.host(listener), port: fact.port(listener)) {
      return FlowJudgement(
        verdict: .clientServer, confidence: .pattern, rule: .soleListener, server: listener)
    }
    let one = fact.host(.a)
    let other = fact.host(.b)
    var rules: [VerdictRule] = []
    if fact.transport == .udp && patterns.traversesNAT(one, other) { rules.append(.natTraversal) }
    if patterns.isSymmetric(one) || patterns.isSymmetric(other) { rules.append(.roleSymmetry) }
    if fact.port(.a) == fact.port(.b) { rules.append(.samePort) }
    if patterns.usesBothTransports(one, other) { rules.append(.tcpAndUDP) }
    if patterns.fansOut(one) || patterns.fansOut(other) { rules.append(.fanOutDiversity) }
    if !rules.isEmpty {
      return FlowJudgement(verdict: .peerToPeer, confidence: .pattern, rules: rules)
    }
    if !fact.bothSpoke {
      return FlowJudgement(verdict: .other, confidence: .inferred, rule: .noAnswer)
    }
    let registered = Side.both.filter { !fact.isHighUnregistered($0) }
    guard !registered.isEmpty else {
      return FlowJudgement(verdict: .unknown, confidence: .inferred, rule: .insufficientEvidence)
    }
    return FlowJudgement(
      verdict: .clientServer, confidence: .inferred, rule: .registeredPort,
      server: registered.count == 1 ? registered.first : nil)
  }

  /// Client/server with the responder as the server when the connection was answered;
  /// otherwise an unanswered attempt.
  private static func service(
    _ fact: FlowFacts, _ rule: VerdictRule, _ confidence: Confidence, answered: Bool
  ) -> FlowJudgement {
    guard answered else {
      return FlowJudgement(verdict: .other, confidence: confidence, rule: .noAnswer)
    }
    return FlowJudgement(
      verdict: .clientServer, confidence: confidence, rule: rule,
      server: fact.initiator?.opposite)
  }
}
