import Foundation

/// Lays out the connection graph of one capture: hosts on a circle, grouped by role (servers
/// from the top, then peers, clients, hosts without a role), in address order within a group;
/// one edge per pair of hosts and kind of flow. Deterministic: no randomness, no iteration.
///
/// Up to `maximumHosts` hosts each get a node. Beyond that the `keptHosts` most significant
/// keep theirs and the rest are gathered into one node per role ("312 more clients"), with
/// their edges added up, so labels stay readable.
struct ConnectionGraph {
  static let maximumHosts = 200
  static let keptHosts = 150
  /// Up to this many hosts, labels are horizontal with the roles under the address; beyond,
  /// they run outwards along the radius.
  static let roomyHosts = 12

  struct Node {
    /// The host's index in the report, or nil for a node that gathers several hosts.
    var host: Int?
    var label: String
    var roles: [String]
    var members: Int
    var x = 0.0
    var y = 0.0
    var angle = 0.0
  }

  struct Edge {
    var from: Int
    var to: Int
    var verdict: FlowVerdict
    var flows: Int
    var forward: Int
    var backward: Int
    var services: Set<String>
    /// How far the middle of the edge sits from the straight line (to the left of `from` →
    /// `to`), for two kinds of flow between the same pair.
    var bend = 0.0
  }

  var nodes: [Node] = []
  var edges: [Edge] = []
  var radius = 0.0
  var nodeRadius = 0.0
  var width = 0.0
  var height = 0.0
  var centerX = 0.0
  var centerY = 0.0
  var roomy: Bool { nodes.count <= Self.roomyHosts }
  /// Hosts gathered into aggregate nodes.
  var gathered = 0

  /// The graph of the hosts `hosts` (indexes into `report.hosts`, one capture's) and of the
  /// connections `connections` between them.
  init(report: AnalysisReport, hosts: [Int], connections: [Int]) {
    // Whether each of `hosts` keeps a node of its own.
    var kept = [Bool](repeating: true, count: hosts.count)
    if hosts.count > Self.maximumHosts {
      // A host's place in the report's order; hosts outside it count as the most significant.
      var significance = [Int](repeating: 0, count: report.hosts.count)
      for (offset, host) in report.summary.hostOrder.enumerated()
      where significance.indices.contains(host) {
        significance[host] = offset
      }
      kept = [Bool](repeating: false, count: hosts.count)
      for position in hosts.indices.sorted(by: {
        significance[hosts[$0]] < significance[hosts[$1]]
      }).prefix(Self.keptHosts) {
        kept[position] = true
      }
    }
    func group(_ roles: [String]) -> Int {
      if roles.contains("server") { return 0 }
      if roles.contains("peer") { return 1 }
      if roles.contains("client") { return 2 }
      return 3
    }
    var nodeOf: [String: Int] = [:]
    nodeOf.reserveCapacity(hosts.count)
    var gatheredBy: [Int: Int] = [:]
    // Each host's group is read once: reading a host's roles makes their names.
    let ordered = hosts.indices.map { position in
      (
        group: group(report.hosts.roles(at: hosts[position])), index: hosts[position],
        kept: kept[position]
      )
    }.sorted { ($0.group, $0.index) < ($1.group, $1.index) }
    for (_, index, kept) in ordered where kept {
      let address = report.hosts.address(at: index)
      nodeOf[address] = nodes.count
      nodes.append(
        Node(host: index, label: address, roles: report.hosts.roles(at: index), members: 1))
    }
    let names = ["server", "peer", "client", "host"]
    for (role, index, kept) in ordered where !kept {
      if gatheredBy[role] == nil {
        gatheredBy[role] = nodes.count
        nodes.append(
          Node(host: nil, label: "", roles: role < 3 ? [names[role]] : [], members: 0))
      }
      if let node = gatheredBy[role] {
        nodes[node].members += 1
        nodeOf[report.hosts.address(at: index)] = node
      }
      gathered += 1
    }
    for (role, node) in gatheredBy {
      let noun = role == 3 ? "hosts without a role" : "\(names[role])s"
      nodes[node].label = "\(nodes[node].members) more \(noun)"
    }
    // Edges by their nodes and kind of flow, in a matrix: at most `maximumHosts` + 4 nodes.
    let verdicts = FlowVerdict.allCases
    var edgeAt = [Int](repeating: -1, count: nodes.count * nodes.count * verdicts.count)
    // The services each edge last took in, since neighbouring connections often name the same.
    var lastServices: [[String]] = []
    // Connections come sorted by a pair's lower host, so one end often repeats: a host's node
    // is looked up again only when the address changes.
    var lastFrom: (address: String, node: Int?)?
    var lastTo: (address: String, node: Int?)?
    func node(_ address: String, _ last: inout (address: String, node: Int?)?) -> Int? {
      if last?.address != address { last = (address, nodeOf[address]) }
      return last?.node
    }
    let all = report.connections
    for index in connections {
      guard let from = node(all[index].from, &lastFrom), let to = node(all[index].to, &lastTo),
        from != to,
        let verdict = verdicts.firstIndex(of: all[index].verdict)
      else { continue }
      let key = (from * nodes.count + to) * verdicts.count + verdict
      let existing = edgeAt[key]
      // The connection's parts are read one by one: copying the whole of it retains and
      // releases its strings.
      if existing >= 0 {
        edges[existing].flows += all[index].flows
        edges[existing].forward += all[index].forward
        edges[existing].backward += all[index].backward
        if all[index].services != lastServices[existing] {
          edges[existing].services.formUnion(all[index].services)
          lastServices[existing] = all[index].services
        }
      } else {
        let connection = all[index]
        edgeAt[key] = edges.count
        edges.append(
          Edge(
            from: from, to: to, verdict: connection.verdict, flows: connection.flows,
            forward: connection.forward, backward: connection.backward,
            services: Set(connection.services)))
        lastServices.append(connection.services)
      }
    }
    // Two kinds of flow between one pair: bend them apart.
    var perPair: [Int: [Int]] = [:]
    for (index, edge) in edges.enumerated() {
      perPair[min(edge.from, edge.to) * nodes.count + max(edge.from, edge.to), default: []]
        .append(index)
    }
    for group in perPair.values where group.count > 1 {
      for (position, index) in group.enumerated() {
        // The same side for both directions of the pair: measured from its lower node.
        let side: Double = edges[index].from < edges[index].to ? 1 : -1
        edges[index].bend = side * (Double(position) - Double(group.count - 1) / 2) * 44
      }
    }
    place()
  }

  /// Puts the nodes on the circle and sizes the canvas around them and their labels.
  private mutating func place() {
    let count = nodes.count
    let roomy = count <= Self.roomyHosts
    nodeRadius = roomy ? 18 : count <= 40 ? 10 : 6
    let spacing = roomy ? 100.0 : 17.0
    radius = max(roomy ? 190 : 170, Double(count) * spacing / (2 * .pi))
    let longest = nodes.map(\.label.count).max() ?? 0
    // Roomy labels sit beside the left and right nodes and above or below the top and bottom
    // ones; radial labels run outwards on every side.
    let labelRoom = roomy ? 190.0 : Double(longest) * 6.8 + 16
    width = (2 * (radius + nodeRadius + labelRoom)).rounded()
    height = (2 * (radius + nodeRadius + (roomy ? 50 : labelRoom))).rounded()
    centerX = width / 2
    centerY = height / 2
    for index in nodes.indices {
      let angle =
        count == 1 ? -Double.pi / 2 : -Double.pi / 2 + 2 * Double.pi * Double(index) / Double(count)
      nodes[index].angle = angle
      nodes[index].x = count == 1 ? centerX : centerX + radius * cos(angle)
      nodes[index].y = count == 1 ? centerY : centerY + radius * sin(angle)
    }
  }
}

/// Numbers for SVG attributes: one decimal, no trailing `.0`, never `-0`.
func svgNumber(_ value: Double) -> String {
  let tenths = Int((value * 10).rounded())
  if tenths % 10 == 0 { return String(tenths / 10) }
  let sign = tenths < 0 ? "-" : ""
  return "\(sign)\(abs(tenths) / 10).\(abs(tenths) % 10)"
}
