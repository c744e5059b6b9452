import Foundation

/// The connection graph as SVG view values: coordinates from `ConnectionGraph`, styles by role
/// and by kind of flow. One graph per capture when captures were analysed apart.
extension HTMLReportRenderer {
  struct MarkerView {
    var id: String
    var kind: String
  }

  struct EdgeView {
    var kind: String
    var d: String
    var width: String
    var start: String?
    var end: String?
    var title: String
  }

  struct LabelView {
    var x: String
    var y: String
    var text: String
  }

  struct CircleView {
    var x: String
    var y: String
    var r: String
    var role: String
  }

  struct SliceView {
    var d: String
    var role: String
  }

  struct LineView {
    var x: String
    var y: String
    var anchor: String
    var rotate: String?
    var kind: String
    var text: String
  }

  struct NodeView {
    var anchor: String
    var host: String?
    var aggregate: String?
    var roles: String
    var title: String
    var circle: CircleView?
    var slices: [SliceView]
    var x: String
    var y: String
    var r: String
    var lines: [LineView]
  }

  struct GraphView {
    var anchor: String
    var capture: String?
    var width: String
    var height: String
    var caption: String
    var help: String
    /// Many edges: drawn lighter, so the nodes stay visible.
    var dense: Bool
    var markers: [MarkerView]
    var edges: [EdgeView]
    var labels: [LabelView]
    var nodes: [NodeView]
  }

  /// One graph per capture that has hosts (one in all unless captures were analysed apart).
  static func graphs(_ report: AnalysisReport, _ anchors: HostAnchors) -> [GraphView] {
    let (captures, hostsOf) = byCapture(report.hosts.count) { report.hosts.capture(at: $0) }
    let connections = report.connections
    let connectionsOf = byCapture(connections.count) { connections[$0].capture }.positions
    return captures.map { capture in
      let graph = ConnectionGraph(
        report: report, hosts: hostsOf[capture] ?? [], connections: connectionsOf[capture] ?? [])
      return view(graph, report: report, capture: capture, anchors: anchors)
    }
  }

  /// The positions `0..<count` by the capture of each (`capture(position)`), and the captures in
  /// the order they first come. Hosts and connections come in runs of one capture, so the
  /// dictionary is read once a run, not once a position (120,000 connections on big.pcap).
  private static func byCapture(
    _ count: Int, _ capture: (Int) -> String?
  ) -> (captures: [String?], positions: [String?: [Int]]) {
    var captures: [String?] = []
    var positions: [String?: [Int]] = [:]
    var start = 0
    while start < count {
      let name = capture(start)
      var end = start + 1
      while end < count, capture(end) == name { end += 1 }
      if positions[name] == nil { captures.append(name) }
      positions[name, default: []].append(contentsOf: start..<end)
      start = end
    }
    return (captures, positions)
  }

  private static func view(
    _ graph: ConnectionGraph, report: AnalysisReport, capture: String?, anchors: HostAnchors
  ) -> GraphView {
    let kinds = FlowVerdict.allCases.map(\.rawValue)
    var edges: [EdgeView] = []
    var labels: [LabelView] = []
    var placed: [LabelBox] = []
    let labelled = graph.roomy && graph.edges.count <= 30
    for edge in graph.edges {
      let from = graph.nodes[edge.from]
      let to = graph.nodes[edge.to]
      let (dx, dy) = (to.x - from.x, to.y - from.y)
      let length = max(hypot(dx, dy), 0.001)
      let (midX, midY) = ((from.x + to.x) / 2, (from.y + to.y) / 2)
      let (controlX, controlY) = (
        midX + dy / length * edge.bend * 2, midY - dx / length * edge.bend * 2
      )
      func unit(_ x: Double, _ y: Double) -> (Double, Double) {
        let size = max(hypot(x, y), 0.001)
        return (x / size, y / size)
      }
      func gap(_ node: ConnectionGraph.Node) -> Double {
        (node.host == nil ? graph.nodeRadius * 1.8 : graph.nodeRadius) + 3
      }
      let startDirection = unit(controlX - from.x, controlY - from.y)
      let endDirection = unit(to.x - controlX, to.y - controlY)
      let start = (from.x + startDirection.0 * gap(from), from.y + startDirection.1 * gap(from))
      let end = (to.x - endDirection.0 * gap(to), to.y - endDirection.1 * gap(to))
      let d =
        edge.bend == 0
        ? "M\(svgNumber(start.0)) \(svgNumber(start.1)) L\(svgNumber(end.0)) \(svgNumber(end.1))"
        : "M\(svgNumber(start.0)) \(svgNumber(start.1)) Q\(svgNumber(controlX)) "
          + "\(svgNumber(controlY)) \(svgNumber(end.0)) \(svgNumber(end.1))"
      let kind = edge.verdict.rawValue
      let services = edge.services.sorted(by: ReportBuilder.servicePrecedes)
      var shownServices = services.prefix(3).joined(separator: ", ")
      if services.count > 3 { shownServices += " and \(services.count - 3) more" }
      var title =
        "\(from.label) → \(to.label): \(ReportText.count(edge.flows, "\(kind) flow"))"
      if !shownServices.isEmpty { title += " on \(shownServices)" }
      if edge.backward > 0 { title += " (\(edge.backward) opened by \(to.label))" }
      edges.append(
        EdgeView(
          kind: kind, d: d,
          width: svgNumber(1.6 + min(4.4, log2(Double(max(edge.flows, 1))) * 0.9)),
          start: edge.backward > 0 ? "arrow-\(kind)" : nil,
          end: edge.forward > 0 ? "arrow-\(kind)" : nil, title: title))
      if labelled {
        let ports = services.prefix(2).joined(separator: ", ") + (services.count > 2 ? ", …" : "")
        let text = ports.isEmpty ? "\(edge.flows)×" : "\(edge.flows)× \(ports)"
        // Along the curve, nearer the opener, at the first place that covers no other label
        // and no host: labels of edges that cross near the centre then part.
        let halfWidth = Double(text.count) * 3.1 + 2
        var best: (x: Double, y: Double, overlap: Double)?
        for t in [0.4, 0.3, 0.5, 0.6, 0.25, 0.7, 0.2, 0.75] {
          let x = (1 - t) * (1 - t) * start.0 + 2 * (1 - t) * t * controlX + t * t * end.0
          let y = (1 - t) * (1 - t) * start.1 + 2 * (1 - t) * t * controlY + t * t * end.1
          let box = LabelBox(x: x, y: y, halfWidth: halfWidth, halfHeight: 7)
          let overlap =
            placed.reduce(0) { $0 + box.overlap($1) }
            + graph.nodes.reduce(0) { total, node in
              let size = (node.host == nil ? graph.nodeRadius * 1.8 : graph.nodeRadius) + 2
              return total
                + box.overlap(LabelBox(x: node.x, y: node.y, halfWidth: size, halfHeight: size))
            }
          if overlap < (best?.overlap ?? .infinity) { best = (x, y, overlap) }
          if overlap == 0 { break }
        }
        if let best {
          placed.append(LabelBox(x: best.x, y: best.y, halfWidth: halfWidth, halfHeight: 7))
          labels.append(LabelView(x: svgNumber(best.x), y: svgNumber(best.y + 4), text: text))
        }
      }
    }
    let nodes = graph.nodes.map { node in nodeView(node, graph: graph, report: report, anchors) }
    let hostCount = graph.nodes.reduce(0) { $0 + $1.members }
    var caption =
      "Connection graph: \(ReportText.count(hostCount, "host")), "
      + "\(ReportText.count(graph.edges.count, "connection"))"
    if let capture { caption += " in \(capture)" }
    var help =
      "Each circle is a host, coloured by its role; a host with several roles is split into "
      + "parts. A line joins two hosts that exchanged flows, and its arrow points from the host "
      + "that opened the connection (the client) to the one that answered (the server); a "
      + "thicker line means more flows. Click a host to read its findings; hover over a line "
      + "for its flows."
    if graph.gathered > 0 {
      help +=
        " The \(graph.gathered) hosts beyond the \(ConnectionGraph.keptHosts) most significant "
        + "are gathered into one node per role."
    }
    return GraphView(
      anchor: "graph" + (capture == nil ? "" : "-c\(anchors.number(capture))"), capture: capture,
      width: svgNumber(graph.width), height: svgNumber(graph.height), caption: caption,
      help: help, dense: graph.edges.count > 40,
      markers: kinds.map { MarkerView(id: "arrow-\($0)", kind: $0) }, edges: edges,
      labels: labels, nodes: nodes)
  }

  private static func nodeView(
    _ node: ConnectionGraph.Node, graph: ConnectionGraph, report: AnalysisReport,
    _ anchors: HostAnchors
  ) -> NodeView {
    let (x, y) = (node.x, node.y)
    let r = node.host == nil ? graph.nodeRadius * 1.8 : graph.nodeRadius
    let roles = node.roles.isEmpty ? ["none"] : node.roles
    var slices: [SliceView] = []
    if roles.count > 1 {
      for (index, role) in roles.enumerated() {
        let from = -Double.pi / 2 + 2 * Double.pi * Double(index) / Double(roles.count)
        let to = -Double.pi / 2 + 2 * Double.pi * Double(index + 1) / Double(roles.count)
        slices.append(
          SliceView(
            d: "M\(svgNumber(x)) \(svgNumber(y)) L\(svgNumber(x + r * cos(from))) "
              + "\(svgNumber(y + r * sin(from))) A\(svgNumber(r)) \(svgNumber(r)) 0 0 1 "
              + "\(svgNumber(x + r * cos(to))) \(svgNumber(y + r * sin(to))) Z", role: role))
      }
    }
    let host = node.host.map { report.hosts[$0] }
    let roleText = node.roles.isEmpty ? "no role" : node.roles.joined(separator: ", ")
    var title = host.map { "\($0.address): \(roleText)" } ?? node.label
    for finding in host?.findings ?? [] { title += "\n" + finding.text }
    var lines: [LineView] = []
    let angle = node.angle
    let (cosine, sine) = (cos(angle), sin(angle))
    if graph.roomy {
      let distance = graph.radius + r + 10
      let (lx, ly) = (graph.centerX + distance * cosine, graph.centerY + distance * sine)
      let anchor = cosine > 0.3 ? "start" : cosine < -0.3 ? "end" : "middle"
      let (first, second): (Double, Double) =
        anchor != "middle" ? (ly - 2, ly + 14) : sine < 0 ? (ly - 18, ly - 3) : (ly + 10, ly + 25)
      let count = graph.nodes.count
      let single = count == 1
      let top = single ? y - r - 24 : first
      let bottom = single ? y - r - 9 : second
      let textX = single ? x : lx
      let textAnchor = single ? "middle" : anchor
      lines.append(
        LineView(
          x: svgNumber(textX), y: svgNumber(top), anchor: textAnchor, rotate: nil, kind: "label",
          text: node.label))
      if host != nil {
        lines.append(
          LineView(
            x: svgNumber(textX), y: svgNumber(bottom), anchor: textAnchor, rotate: nil,
            kind: "roles", text: roleText))
      }
    } else {
      let distance = graph.radius + r + 5
      let (lx, ly) = (graph.centerX + distance * cosine, graph.centerY + distance * sine)
      let degrees = angle * 180 / Double.pi
      let right = cosine >= -0.0001
      lines.append(
        LineView(
          x: svgNumber(lx), y: svgNumber(ly + 4), anchor: right ? "start" : "end",
          rotate: "\(svgNumber(right ? degrees : degrees + 180)) \(svgNumber(lx)) \(svgNumber(ly))",
          kind: node.host == nil ? "label" : "small", text: node.label))
    }
    return NodeView(
      anchor: host.map { anchors.anchor($0) } ?? "hosts", host: host?.address,
      aggregate: node.host == nil ? String(node.members) : nil,
      roles: node.roles.joined(separator: " "), title: title,
      circle: roles.count == 1
        ? CircleView(x: svgNumber(x), y: svgNumber(y), r: svgNumber(r), role: roles[0]) : nil,
      slices: slices, x: svgNumber(x), y: svgNumber(y), r: svgNumber(r), lines: lines)
  }
}

/// The box an edge label covers, to keep labels off each other and off the hosts.
private struct LabelBox {
  var x: Double
  var y: Double
  var halfWidth: Double
  var halfHeight: Double

  /// The area both boxes cover.
  func overlap(_ other: LabelBox) -> Double {
    let width =
      min(x + halfWidth, other.x + other.halfWidth) - max(x - halfWidth, other.x - other.halfWidth)
    let height =
      min(y + halfHeight, other.y + other.halfHeight)
      - max(y - halfHeight, other.y - other.halfHeight)
    return width > 0 && height > 0 ? width * height : 0
  }
}
