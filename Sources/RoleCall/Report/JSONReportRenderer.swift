/// `rolecall analyze --format json`: the report as the documented JSON (docs/analyze-json.md),
/// written as it goes. Every object's keys are written here in sorted order.
enum JSONReportRenderer {
  static func render(_ report: AnalysisReport, to output: inout some TextOutputStream) {
    var json = JSONWriter()
    json.beginObject()
    json.key("connections")
    json.beginArray()
    for connection in report.connections {
      json.element()
      write(connection, &json)
      json.drain(into: &output)
    }
    json.endArray()
    json.key("files")
    json.beginArray()
    for file in report.files {
      json.element()
      write(file, &json)
      json.drain(into: &output)
    }
    json.endArray()
    json.key("flowLessons")
    json.beginObject()
    for (verdict, lessons) in report.flowLessons.sorted(by: { $0.key < $1.key }) {
      json.key(dynamic: verdict)
      write(lessons, &json)
    }
    json.endObject()
    json.key("flows")
    json.beginArray()
    writeFlows(report.flows, &json, to: &output)
    json.endArray()
    json.key("hosts")
    json.beginArray()
    writeHosts(report.hosts, &json, to: &output)
    json.endArray()
    if let live = report.live {
      json.key("live")
      write(live, &json)
    }
    json.key("summary")
    write(report.summary, &json)
    json.key("swarms")
    json.beginArray()
    for swarm in report.swarms {
      json.element()
      write(swarm, &json)
      json.drain(into: &output)
    }
    json.endArray()
    json.key("totals")
    write(report.totals, &json)
    json.key("warnings")
    json.beginArray()
    for warning in report.warnings {
      json.element()
      write(warning, &json)
      json.drain(into: &output)
    }
    json.endArray()
    json.endObject()
    json.drain(into: &output, everything: true)
    output.write("\n")
  }

  private static func write(_ connection: AnalysisReport.Connection, _ json: inout JSONWriter) {
    json.beginObject()
    json.field("backward", connection.backward)
    json.field("bytes", connection.bytes)
    if let capture = connection.capture { json.field("capture", capture) }
    json.field("flows", connection.flows)
    json.field("forward", connection.forward)
    json.field("from", connection.from)
    json.field("packets", connection.packets)
    json.field("services", connection.services)
    json.field("to", connection.to)
    json.field("undirected", connection.undirected)
    json.field("verdict", connection.verdict.rawValue)
    json.endObject()
  }

  private static func write(_ live: LiveCaptureSummary, _ json: inout JSONWriter) {
    json.beginObject()
    if let error = live.error { json.field("error", error) }
    json.key("flowTable")
    json.beginObject()
    json.field("boundBytes", live.flowTable.boundBytes)
    json.field("evictions", live.flowTable.evictions)
    json.field("expirations", live.flowTable.expirations)
    json.field("flowsHeld", live.flowTable.flowsHeld)
    json.field("maxFlows", live.flowTable.maxFlows)
    json.field("retiredDropped", live.flowTable.retiredDropped)
    json.field("retiredEdges", live.flowTable.retiredEdges)
    json.field("retiredFlows", live.flowTable.retiredFlows)
    json.endObject()
    json.field("interface", live.interface)
    if let libpcap = live.libpcap {
      json.key("libpcap")
      json.beginObject()
      json.field("dropped", libpcap.dropped)
      json.field("interfaceDropped", libpcap.interfaceDropped)
      json.field("received", libpcap.received)
      json.endObject()
    }
    json.field("packets", live.packets)
    json.field("stoppedBy", live.stoppedBy)
    if let written = live.written {
      json.key("written")
      json.beginObject()
      json.field("packets", written.packets)
      json.field("path", written.path)
      json.endObject()
    }
    json.endObject()
  }

  static func write(_ file: CaptureFileSummary, _ json: inout JSONWriter) {
    json.beginObject()
    if let error = file.error { json.field("error", error) }
    if let first = file.firstTimestamp { json.field("firstTimestamp", Int(first)) }
    if let format = file.format { json.field("format", format.rawValue) }
    if let last = file.lastTimestamp { json.field("lastTimestamp", Int(last)) }
    json.field("linkTypes", file.linkTypes)
    json.field("packets", file.packets)
    json.field("path", file.path)
    json.endObject()
  }

  static func write(_ flow: AnalysisReport.FlowRow, _ json: inout JSONWriter) {
    json.beginObject()
    if let capture = flow.capture { json.field("capture", capture) }
    json.field("confidence", flow.confidence.rawValue)
    json.field("duration", flow.duration)
    json.key("fromInitiator")
    write(flow.fromInitiator, &json)
    json.key("fromResponder")
    write(flow.fromResponder, &json)
    json.field("history", flow.history)
    json.key("initiator")
    write(flow.initiator, &json)
    json.field("initiatorKnown", flow.initiatorKnown.rawValue)
    json.field("initiatorRule", flow.initiatorRule.rawValue)
    json.key("responder")
    write(flow.responder, &json)
    json.field("rule", flow.rule.rawValue)
    json.field("rules", flow.rules.map(\.rawValue))
    json.field("start", flow.start)
    json.field("state", flow.state.rawValue)
    json.field("transport", flow.transport)
    json.field("verdict", flow.verdict.rawValue)
    json.endObject()
  }

  static func write(_ endpoint: FlowsReport.EndpointRow, _ json: inout JSONWriter) {
    json.beginObject()
    json.field("address", endpoint.address)
    if let port = endpoint.port { json.field("port", Int(port)) }
    json.endObject()
  }

  static func write(_ direction: FlowsReport.DirectionRow, _ json: inout JSONWriter) {
    json.beginObject()
    json.field("bytes", direction.bytes)
    json.field("ipBytes", direction.ipBytes)
    json.field("packets", direction.packets)
    json.field("payloadBytes", direction.payloadBytes)
    json.endObject()
  }

  static func write(_ host: AnalysisReport.HostRow, _ json: inout JSONWriter) {
    json.beginObject()
    json.field("address", host.address)
    if let capture = host.capture { json.field("capture", capture) }
    json.key("evidence")
    let evidence = host.evidence
    json.beginObject()
    json.field("clientFlows", evidence.clientFlows)
    json.field("peerFlowsAccepted", evidence.peerFlowsAccepted)
    json.field("peerFlowsOpened", evidence.peerFlowsOpened)
    json.field("peerFlowsUndirected", evidence.peerFlowsUndirected)
    json.field("peerPortsAccepted", evidence.peerPortsAccepted)
    json.field("peerPortsContacted", evidence.peerPortsContacted)
    json.field("peers", evidence.peers)
    json.field("serverFlows", evidence.serverFlows)
    json.field("serversContacted", evidence.serversContacted)
    json.endObject()
    json.key("findings")
    json.beginArray()
    for finding in host.findings {
      json.element()
      json.beginObject()
      if let capture = finding.capture { json.field("capture", capture) }
      json.field("kind", finding.kind.rawValue)
      json.key("lessons")
      write(finding.lessons, &json)
      if let related = finding.relatedPage {
        json.key("relatedPage")
        json.beginObject()
        json.field("href", related.href)
        json.field("title", related.title)
        json.endObject()
      }
      json.field("text", finding.text)
      json.endObject()
    }
    json.endArray()
    json.field("roles", host.roles)
    json.key("services")
    json.beginArray()
    for service in host.services {
      json.element()
      json.beginObject()
      json.field("bytesIn", service.bytesIn)
      json.field("bytesOut", service.bytesOut)
      json.field("clients", service.clients)
      json.field("flows", service.flows)
      if let name = service.name { json.field("name", name) }
      json.field("packetsIn", service.packetsIn)
      json.field("packetsOut", service.packetsOut)
      json.field("port", Int(service.port))
      json.field("transport", service.transport)
      json.endObject()
    }
    json.endArray()
    json.endObject()
  }

  private static func write(_ lessons: [LessonLink], _ json: inout JSONWriter) {
    json.beginArray()
    for lesson in lessons {
      json.element()
      json.beginObject()
      json.field("matched", lesson.matched)
      json.field("page", lesson.page)
      json.field("pageTitle", lesson.pageTitle)
      json.field("passage", lesson.passage)
      json.field("score", lesson.score)
      json.field("section", lesson.section)
      json.field("text", lesson.text)
      json.endObject()
    }
    json.endArray()
  }

  private static func write(_ summary: AnalysisReport.Summary, _ json: inout JSONWriter) {
    json.beginObject()
    json.key("capturesApart")
    json.bool(summary.capturesApart)
    json.field("duration", summary.duration)
    json.field("files", summary.files)
    if let first = summary.firstTimestamp { json.field("firstTimestamp", Int(first)) }
    json.field("flows", summary.flows)
    json.field("flowsByTransport", summary.flowsByTransport)
    json.field("flowsByVerdict", summary.flowsByVerdict)
    json.field("formats", summary.formats)
    json.field("hostOrder", summary.hostOrder)
    json.field("hosts", summary.hosts)
    json.field("hostsByRole", summary.hostsByRole)
    if let last = summary.lastTimestamp { json.field("lastTimestamp", Int(last)) }
    json.field("linkTypes", summary.linkTypes)
    json.field("malformedPackets", summary.malformedPackets)
    json.field("packets", summary.packets)
    json.field("truncatedPackets", summary.truncatedPackets)
    json.field("unreadableFiles", summary.unreadableFiles)
    json.field("wireBytes", summary.wireBytes)
    json.endObject()
  }

  private static func write(_ swarm: AnalysisReport.Swarm, _ json: inout JSONWriter) {
    json.beginObject()
    if let capture = swarm.capture { json.field("capture", capture) }
    json.field("connections", swarm.connections)
    json.field("flows", swarm.flows)
    json.key("lessons")
    write(swarm.lessons, &json)
    json.field("members", swarm.members)
    json.field("pairs", swarm.pairs)
    json.field("ports", swarm.ports)
    json.field("possiblePairs", swarm.possiblePairs)
    json.field("sharedServices", swarm.sharedServices)
    json.field("text", swarm.text)
    json.endObject()
  }

  private static func write(_ totals: AnalysisReport.Totals, _ json: inout JSONWriter) {
    json.beginObject()
    json.key("capture")
    write(totals.capture, &json)
    json.field("flowsByVerdict", totals.flowsByVerdict)
    json.field("hostsByRole", totals.hostsByRole)
    json.endObject()
  }

  /// The capture's totals: the `totals.capture` object here, and `totals` of `rolecall flows`.
  static func write(_ capture: FlowsReport.Totals, _ json: inout JSONWriter) {
    json.beginObject()
    json.key("decodeProblems")
    json.beginObject()
    for (kind, layers) in capture.decodeProblems.sorted(by: { $0.key < $1.key }) {
      json.key(dynamic: kind)
      json.beginObject()
      for (layer, count) in layers.sorted(by: { $0.key < $1.key }) {
        json.key(dynamic: layer)
        json.number(count)
      }
      json.endObject()
    }
    json.endObject()
    json.field("filteredOut", capture.filteredOut)
    json.field("flows", capture.flows)
    json.field("flowsByInitiatorKnown", capture.flowsByInitiatorKnown)
    json.field("flowsByTransport", capture.flowsByTransport)
    json.field("linkTypes", capture.linkTypes)
    json.field("notInFlows", capture.notInFlows)
    json.key("originatorToResponder")
    write(capture.originatorToResponder, &json)
    json.field("packets", capture.packets)
    json.key("responderToOriginator")
    write(capture.responderToOriginator, &json)
    json.field("unsupportedLinkTypes", capture.unsupportedLinkTypes)
    json.field("wireBytes", capture.wireBytes)
    json.endObject()
  }

  private static func write(_ warning: AnalysisReport.Warning, _ json: inout JSONWriter) {
    json.beginObject()
    if let capture = warning.capture { json.field("capture", capture) }
    json.field("count", warning.count)
    json.field("flows", warning.flows)
    json.field("kind", warning.kind.rawValue)
    json.key("lessons")
    write(warning.lessons, &json)
    json.field("text", warning.text)
    json.endObject()
  }
}
