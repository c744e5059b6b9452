extension ReportBuilder {
  // MARK: Swarms

  /// The groups of hosts that peer-to-peer connections join, largest first. `names` are the
  /// hosts' addresses as the connections write them.
  static func swarms(
    _ connections: [AnalysisReport.Connection], hosts: [HostRoles], names: [String],
    lessons: Lessons, capture: String?
  ) -> [AnalysisReport.Swarm] {
    var index: [String: Int] = [:]
    for (number, name) in names.enumerated() { index[name] = number }
    // Each peer-to-peer connection with its two hosts, looked up once.
    let peerLinks = connections.indices.compactMap { link -> (link: Int, from: Int, to: Int)? in
      guard connections[link].verdict == .peerToPeer,
        let from = index[connections[link].from], let to = index[connections[link].to]
      else { return nil }
      return (link, from, to)
    }
    var parent = Array(hosts.indices)
    func root(_ node: Int) -> Int {
      var node = node
      while parent[node] != node {
        parent[node] = parent[parent[node]]
        node = parent[node]
      }
      return node
    }
    for link in peerLinks {
      let (left, right) = (root(link.from), root(link.to))
      if left != right { parent[max(left, right)] = min(left, right) }
    }
    var groups: [Int: [(link: Int, from: Int, to: Int)]] = [:]
    for link in peerLinks { groups[root(link.from), default: []].append(link) }
    let passages = groups.isEmpty ? [] : lessons.passages(for: .peerToPeerFlow)
    let swarms = groups.map { _, links -> (Int, AnalysisReport.Swarm) in
      var members = Set<Int>()
      var degree: [Int: Int] = [:]
      var ports = Set<String>()
      var flows = 0
      for link in links {
        let connection = connections[link.link]
        for member in [link.from, link.to] {
          members.insert(member)
          degree[member, default: 0] += 1
        }
        ports.formUnion(connection.services)
        flows += connection.flows
      }
      let sorted = members.sorted()
      var users: [ServiceAddress: Int] = [:]
      for member in sorted {
        for service in hosts[member].contactedServices { users[service, default: 0] += 1 }
      }
      let shared = users.filter { $0.value >= 2 }.sorted { left, right in
        if left.value != right.value { return left.value > right.value }
        return (left.key.address, left.key.transport.rawValue, left.key.port)
          < (right.key.address, right.key.transport.rawValue, right.key.port)
      }
      let hub = sorted.max { (degree[$0] ?? 0, -$0) < (degree[$1] ?? 0, -$1) } ?? 0
      let text = swarmText(
        members: sorted.map { names[$0] }, pairs: links.count, flows: flows,
        ports: ports.sorted(by: servicePrecedes),
        hub: (names[hub], degree[hub] ?? 0),
        shared: shared.first.map { ($0.key.description, $0.value) },
        moreShared: max(0, shared.count - 1))
      return (
        sorted.first ?? 0,
        AnalysisReport.Swarm(
          capture: capture, members: sorted.map { names[$0] },
          connections: links.map(\.link).sorted(), pairs: links.count,
          possiblePairs: sorted.count * (sorted.count - 1) / 2, flows: flows,
          ports: ports.sorted(by: servicePrecedes), sharedServices: shared.map(\.key.description),
          text: text, lessons: passages)
      )
    }
    return swarms.sorted { left, right in
      left.1.members.count != right.1.members.count
        ? left.1.members.count > right.1.members.count : left.0 < right.0
    }.map(\.1)
  }

  static func swarmText(
    members: [String], pairs: Int, flows: Int, ports: [String], hub: (String, Int),
    shared: (String, Int)?, moreShared: Int
  ) -> String {
    let n = members.count
    let possible = n * (n - 1) / 2
    var shownPorts = ports.prefix(3).joined(separator: ", ")
    if ports.count > 3 { shownPorts += " and \(ports.count - 3) more ports" }
    var sentences = [
      "\(n) peers, joined by \(count(flows, "peer-to-peer flow")) on \(shownPorts)."
    ]
    if n == 2 {
      sentences.append("The two talk to each other directly.")
    } else if pairs == possible {
      sentences.append(
        "Every member talks directly to every other (\(pairs) of \(possible) pairs): a full mesh.")
    } else if hub.1 == n - 1 && pairs == n - 1 {
      sentences.append(
        "Every connection goes through \(hub.0), which talks to all \(n - 1) others; they do not "
          + "talk to each other (a star).")
    } else {
      sentences.append(
        "\(pairs) of the \(possible) possible pairs talk directly; the best connected member, "
          + "\(hub.0), talks to \(hub.1) of the \(n - 1) others.")
    }
    if let (service, users) = shared {
      let who = users == n ? "All \(n) members" : "\(users) of the \(n) members"
      var sentence = "\(who) also used the server \(service)"
      if moreShared > 0 { sentence += " (and \(count(moreShared, "other shared service")))" }
      sentence +=
        ": a server that peers share is often the tracker or directory that introduced them."
      sentences.append(sentence)
    }
    return sentences.joined(separator: " ")
  }
}
