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
    let significance = Dictionary(
      uniqueKeysWithValues: report.summary.hostOrder.enumerated().map { ($0.element, $0.offset) })
    var kept = Set(hosts)
    if hosts.count > Self.maximumHosts {
      kept = Set(
        hosts.sorted { significance[$0, default: 0] < significance[$1, default: 0] }
          .prefix(Self.keptHosts))
    }
    func group(_ roles: [String]) -> Int {
      if roles.contains("server") { return 0 }
      if roles.contains("peer") { return 1 }
      if roles.contains("client") { return 2 }
      return 3
    }
    var nodeOf: [String: Int] = [:]
    var gatheredBy: [Int: Int] = [:]
    let ordered = hosts.sorted {
      (group(report.hosts.roles(at: $0)), $0) < (group(report.hosts.roles(at: $1)), $1)
    }
    for index in ordered where kept.contains(index) {
      let address = report.hosts.address(at: index)
      nodeOf[address] = nodes.count
      nodes.append(
        Node(host: index, label: address, roles: report.hosts.roles(at: index), members: 1))
    }
    let names = ["server", "peer", "client", "host"]
    for index in ordered where !kept.contains(index) {
      let role = group(report.hosts.roles(at: index))
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
    var merged: [String: Int] = [:]
    for index in connections {
      let connection = report.connections[index]
      guard let from = nodeOf[connection.from], let to = nodeOf[connection.to], from != to
      else { continue }
      let key = "\(from) \(to) \(connection.verdict.rawValue)"
      if let existing = merged[key] {
        edges[existing].flows += connection.flows
        edges[existing].forward += connection.forward
        edges[existing].backward += connection.backward
        edges[existing].services.formUnion(connection.services)
      } else {
        merged[key] = edges.count
        edges.append(
          Edge(
            from: from, to: to, verdict: connection.verdict, flows: connection.flows,
            forward: connection.forward, backward: connection.backward,
            services: Set(connection.services)))
      }
    }
    // Two kinds of flow between one pair: bend them apart.
    var perPair: [String: [Int]] = [:]
    for (index, edge) in edges.enumerated() {
      perPair["\(min(edge.from, edge.to)) \(max(edge.from, edge.to))", default: []].append(index)
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
