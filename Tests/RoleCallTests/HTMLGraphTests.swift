import Foundation
import Testing

@testable import RoleCall

/// The HTML connection graphs written into bytes, against the same graphs rendered from the
/// `graph` template by Mustache.
@Suite struct HTMLGraphTests {
  typealias Renderer = HTMLReportRenderer

  static func same(_ graph: Renderer.GraphView) -> Bool {
    HTMLBytes.byBytes { Renderer.graph(graph, to: $0) } == HTMLBytes.byTemplate(graph, "graph")
  }

  /// Every capture's graph, and the samples' graphs analysed apart, as a folder is (one graph
  /// per capture, each naming it).
  @Test func everyGraphWritesTheTemplatesGraph() {
    let reports = ReportTests.everyCaptureAndTheSamplesApart()
    var graphs = 0
    var nodes = 0
    var edges = 0
    var gathered = 0
    for report in reports {
      for graph in Renderer.graphs(report, Renderer.HostAnchors(report)) {
        guard Self.same(graph) else {
          Issue.record("\(graph.anchor) in \(report.files.map(\.path))")
          return
        }
        graphs += 1
        nodes += graph.nodes.count
        edges += graph.edges.count
        gathered += graph.nodes.filter { $0.aggregate != nil }.count
      }
    }
    // The samples' graphs twice (alone, then apart), and one for each corpus capture with
    // hosts.
    #expect(graphs == (TestPaths.corpusPresent ? 92 : 20))
    #expect(nodes == (TestPaths.corpusPresent ? 855 : 80))
    #expect(edges == (TestPaths.corpusPresent ? 807 : 82))
    #expect(gathered == (TestPaths.corpusPresent ? 1 : 0))
  }

  /// Every value with every mark Mustache escapes, several bytes a scalar, a combining mark,
  /// CR LF; every optional part present and absent; nodes with one role, with slices, gathered.
  @Test func escapesAndLeavesOutAsMustacheDoes() {
    let hostile = [
      "<script>alert('x')</script> & \"q\"", "é/dns.pcap", "<\u{338}&\u{301}x'\u{301}", "a\r\nb<",
      "",
    ]
    for text in hostile {
      for optional in [nil, text] {
        let edge = Renderer.EdgeView(
          kind: text, d: text, width: text, start: optional, end: optional, title: text)
        let circle = Renderer.CircleView(x: text, y: text, r: text, role: text)
        let line = Renderer.LineView(
          x: text, y: text, anchor: text, rotate: optional, kind: text, text: text)
        var nodes: [Renderer.NodeView] = []
        for (circle, slices) in [
          (circle, []), (nil, [Renderer.SliceView(d: text, role: text)]),
          (nil, [Renderer.SliceView(d: "M0 0", role: "client"), .init(d: text, role: text)]),
        ] {
          for lines in [[], [line], [line, line]] {
            nodes.append(
              Renderer.NodeView(
                anchor: text, host: optional, aggregate: optional == nil ? text : nil,
                roles: text, title: text, circle: circle, slices: slices, x: text, y: text, r: text,
                lines: lines))
          }
        }
        for dense in [false, true] {
          for (edges, labels, nodes) in [
            ([], [], []), ([edge], [Renderer.LabelView(x: text, y: text, text: text)], nodes),
            ([edge, edge], [], nodes),
          ] {
            let graph = Renderer.GraphView(
              anchor: text, capture: optional, width: text, height: text, caption: text,
              help: text, dense: dense,
              markers: [Renderer.MarkerView(id: text, kind: text)], edges: edges, labels: labels,
              nodes: nodes)
            #expect(Self.same(graph), "\(text.debugDescription)")
          }
        }
      }
    }
  }
}
