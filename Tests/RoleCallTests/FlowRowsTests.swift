import Foundation
import Testing

@testable import RoleCall

/// The report's flows made on demand (`AnalysisReport.FlowRows`) and the packed rules of a
/// judgement: they must read exactly as the rows and arrays they replace.
@Suite struct FlowRowsTests {
  static func encoded(_ report: AnalysisReport) throws -> String {
    try ReportTests.encoded(report)
  }

  @Test func rowsOfASampleAreMadeFromTheRecords() throws {
    let report = ReportTests.report("swarm.pcap")
    #expect(report.flows.count == 56)
    #expect(report.flows.filter { $0.verdict == .peerToPeer }.count == 12)
    let first = report.flows[0]
    #expect(first.transport == "tcp" && first.verdict == .clientServer)
    #expect(first.rules == [.repeatListener] && first.capture == nil)
    let peer = report.flows[5]
    #expect(peer.initiator == FlowsReport.EndpointRow(address: "10.99.4.21", port: 40743))
    #expect(peer.responder == FlowsReport.EndpointRow(address: "10.99.4.22", port: 6881))
    #expect(
      peer.verdict == .peerToPeer && peer.confidence == .pattern && peer.rule == .roleSymmetry)
    #expect(peer.rules == [.roleSymmetry, .samePort, .fanIn, .fanOutDiversity])
    #expect(peer.history == "ShADadfF" && peer.state == .SF && peer.initiatorKnown == .handshake)
    #expect(peer.start == 1_795_575_066.500876 && peer.duration == 0.009266)
    #expect(
      peer.fromInitiator
        == FlowsReport.DirectionRow(
          packets: 17, bytes: 1507, ipBytes: 1269, payloadBytes: 377))
    #expect(
      peer.fromResponder
        == FlowsReport.DirectionRow(
          packets: 37, bytes: 42828, ipBytes: 42310, payloadBytes: 40378))
    let peers = report.flows.indices.filter { report.flows.verdict(at: $0) == .peerToPeer }
    #expect(peers == [5, 9, 13, 17, 21, 25, 29, 33, 37, 41, 45, 49])
  }

  /// Every accessor reads what the row says, for made rows, kept rows and joined captures.
  @Test func accessorsAgreeWithTheRows() throws {
    let made = ReportTests.report("swarm.pcap", capture: "s")
    let kept = AnalysisReport.FlowRows(
      Array(ReportTests.report("midflow.pcap", capture: "m").flows))
    var flows = made.flows
    flows.append(contentsOf: kept)
    flows.append(contentsOf: made.flows)
    #expect(flows.count == 56 + 2 + 56)
    for (number, row) in flows.enumerated() {
      #expect(flows.verdict(at: number) == row.verdict)
      #expect(flows.rule(at: number) == row.rule)
      #expect(flows.start(at: number) == row.start)
      #expect(flows.capture(at: number) == row.capture)
    }
    #expect(flows.map { $0.capture ?? "" }.split(separator: "m").map(\.count) == [56, 56])
  }

  /// The cells the flow tables read without making rows are the rows' own, from records (every
  /// capture) and from rows held (a merged report).
  @Test func tableCellsAgreeWithTheRows() throws {
    var reports = TestPaths.allCaptures.map { ReportTests.report(atPath: $0) }
    var mixed = ReportTests.report("swarm.pcap", capture: "s").flows
    mixed.append(
      contentsOf: AnalysisReport.FlowRows(
        Array(ReportTests.report("web-ipv6.pcap", capture: "w").flows)))
    reports.append(ReportTests.report("dns.pcap"))
    reports[reports.count - 1].flows = mixed
    var compared = 0
    for report in reports {
      for (number, row) in report.flows.enumerated() {
        let cells = report.flows.tableCells(at: number)
        #expect(
          cells.transport == row.transport && cells.initiator == row.initiator
            && cells.responder == row.responder && cells.initiatorKnown == row.initiatorKnown
            && cells.state == row.state && cells.fromInitiator == row.fromInitiator
            && cells.fromResponder == row.fromResponder && cells.rule == row.rule
            && cells.confidence == row.confidence && cells.capture == row.capture,
          "flow \(number) of \(report.files.map(\.path))")
        compared += 1
      }
    }
    // 157 flows in the samples, 2,106 in the corpus, and the 56 + 19 of the mixed report.
    #expect(compared == (TestPaths.corpusPresent ? 2_338 : 232))
  }

  /// The widths `rolecall flows` sizes its text table by, read without making rows, are those
  /// of the rows' own cells: from records (every capture) and from rows held.
  @Test func cellWidthsAgreeWithTheRows() {
    var compared = 0
    for path in TestPaths.allCaptures {
      var analysis = FlowAnalysis()
      analysis.read(path: path)
      let made = FlowsReport(analysis).flows
      for flows in [made, FlowsReport.FlowRows(Array(made))] {
        for (number, row) in flows.enumerated() {
          let widths = flows.cellWidths(at: number)
          #expect(
            widths.transport == row.transport
              && widths.initiator == ReportText.scalarCount(row.initiator.text)
              && widths.responder == ReportText.scalarCount(row.responder.text)
              && widths.initiatorKnown == row.initiatorKnown && widths.state == row.state
              && widths.history == ReportText.scalarCount(row.history)
              && widths.fromInitiator == row.fromInitiator
              && widths.fromResponder == row.fromResponder && widths.start == row.start
              && widths.duration == row.duration,
            "flow \(number) of \(path)")
          compared += 1
        }
      }
    }
    // 157 flows in the samples and 2,106 in the corpus, each from records and from rows.
    #expect(compared == (TestPaths.corpusPresent ? 4_526 : 314))
  }

  /// The report encodes, renders and compares the same whether its rows are made on demand
  /// or held, and decodes back to an equal report.
  @Test(arguments: ["web.pcap", "swarm.pcap", "dns.pcap", "multi-interface.pcapng"])
  func madeRowsEncodeAsHeldRows(sample: String) throws {
    let report = ReportTests.report(sample)
    var held = report
    held.flows = AnalysisReport.FlowRows(Array(report.flows))
    #expect(held == report)
    #expect(try Self.encoded(held) == Self.encoded(report))
    for format in AnalysisRenderer.Format.allCases {
      #expect(
        AnalysisRenderer.render(report, as: format) == AnalysisRenderer.render(held, as: format))
    }
    let decoded = try JSONDecoder().decode(
      AnalysisReport.self, from: Data(try Self.encoded(report).utf8))
    #expect(decoded == report)
    #expect(decoded.flows.count == report.flows.count)
  }

  /// Captures analysed apart keep their own names on their rows, segment by segment.
  @Test func mergingKeepsEachCapturesName() throws {
    let web = ReportTests.report("web.pcap", capture: "Samples/web.pcap")
    let swarm = ReportTests.report("swarm.pcap", capture: "Samples/swarm.pcap")
    let report = AnalysisReport.merging([web, swarm, web])
    #expect(report.flows.count == 12 + 56 + 12)
    let names = report.flows.map { $0.capture ?? "" }
    #expect(names.prefix(12).allSatisfy { $0 == "Samples/web.pcap" })
    #expect(names.dropFirst(12).prefix(56).allSatisfy { $0 == "Samples/swarm.pcap" })
    #expect(names.suffix(12).allSatisfy { $0 == "Samples/web.pcap" })
    #expect(report.flows[12].initiator == swarm.flows[0].initiator)
    #expect(report.flows[79] == web.flows[11])
    #expect(report.flows.capture(at: 11) == "Samples/web.pcap")
    #expect(report.flows.capture(at: 12) == "Samples/swarm.pcap")
  }

  /// Writing a row keeps it, and only it, changed.
  @Test func writingARowChangesThatRow() {
    var report = ReportTests.report("web.pcap")
    let before = Array(report.flows)
    report.flows[3].history = "<&>"
    #expect(report.flows[3].history == "<&>")
    #expect(Array(report.flows.prefix(3)) == Array(before.prefix(3)))
    #expect(Array(report.flows.dropFirst(4)) == Array(before.dropFirst(4)))
    #expect(report.flows != AnalysisReport.FlowRows(before))
  }

  /// What is kept per flow after the flow stage stays this small (200,000 flows: 1.6 MB for
  /// the judgements, 1.6 MB for the hosts, 4 MB for the facts while the roles are worked out).
  @Test func perFlowRecordsOfTheRolesStage() {
    #expect(MemoryLayout<FlowJudgement>.stride == 8)
    #expect(MemoryLayout<RoleAnalysis.FlowHosts>.stride == 8)
    #expect(MemoryLayout<FlowFacts>.stride == 20)
  }

  // MARK: Packed rules

  /// Every rule alone, every ordered pair and triple (repeats included), and every ordered
  /// list of up to six of the rules that can fire together (the peer patterns and endpoint
  /// memory: the judge fires at most five at once).
  @Test func packedRulesKeepTheirOrder() {
    let all = VerdictRule.allCases
    #expect(all.count == 19)
    #expect(FlowJudgement.maximumRules == 6)
    var checked = 0
    // `rules` reads back as set, through the initializer and through the setter.
    func check(_ rules: [VerdictRule]) {
      checked += 1
      var judgement = FlowJudgement(verdict: .peerToPeer, confidence: .pattern, rules: rules)
      let first = judgement.rules
      let rule = judgement.rule
      judgement.rules = rules.reversed()
      if first != rules || rule != rules.first ?? .insufficientEvidence
        || judgement.rules != rules.reversed() || judgement.verdict != .peerToPeer
      {
        Issue.record("\(rules) did not round-trip")
      }
    }
    check([])
    for one in all {
      check([one])
      for two in all {
        check([one, two])
        for three in all { check([one, two, three]) }
      }
    }
    #expect(checked == 1 + 19 + 19 * 19 + 19 * 19 * 19)
    let together: [VerdictRule] = [
      .natTraversal, .roleSymmetry, .samePort, .tcpAndUDP, .fanIn, .fanOutDiversity,
      .endpointMemory,
    ]
    checked = 0
    func extend(_ prefix: [VerdictRule]) {
      check(prefix)
      guard prefix.count < FlowJudgement.maximumRules else { return }
      for rule in together where !prefix.contains(rule) { extend(prefix + [rule]) }
    }
    extend([])
    // Ordered lists of 0 to 6 of 7 rules: 1 + 7 + 42 + 210 + 840 + 2520 + 5040.
    #expect(checked == 8660)
  }
}

/// `rolecall flows` makes its rows from the flow records as it writes them
/// (`FlowsReport.FlowRows`): every format must read exactly as from rows made beforehand, and
/// its JSON exactly as `JSONEncoder` writes the report.
@Suite struct FlowsReportRowsTests {
  static var captures: [String] {
    TestPaths.allCaptures
  }

  @Test func rowsFromRecordsWriteWhatRowsMadeBeforehandWrite() throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
    var compared = 0
    for path in Self.captures {
      var analysis = FlowAnalysis()
      analysis.read(path: path)
      let report = FlowsReport(analysis)
      #expect(report.flows.count == analysis.tracker.flows.count)
      var made = report
      made.flows = FlowsReport.FlowRows(Array(report.flows))
      #expect(made == report)
      for format in FlowsRenderer.Format.allCases {
        let text = FlowsRenderer.render(report, as: format)
        #expect(text == FlowsRenderer.render(made, as: format), "\(path) \(format)")
      }
      let json = FlowsRenderer.render(report, as: .json)
      #expect(json == String(decoding: try encoder.encode(report), as: UTF8.self) + "\n", "\(path)")
      let decoded = try JSONDecoder().decode(FlowsReport.self, from: Data(json.utf8))
      #expect(decoded == report, "\(path)")
      compared += 1
    }
    #expect(compared >= TestPaths.sampleCaptures.count)
  }
}

/// `rolecall flows`' table, written straight into bytes, against the same table made as one
/// string per cell and laid out by `ReportText.line`.
@Suite struct FlowsTableTests {
  /// The table as strings: the renderer before it wrote bytes.
  static func tableByCells(_ report: FlowsReport) -> String {
    let flows = report.flows
    let origin = flows.map(\.start).min() ?? 0
    let header = [
      "proto", "initiator", "", "responder", "known", "state", "history", "pkts>", "bytes>",
      "pkts<", "bytes<", "start", "duration",
    ]
    let rows =
      [header]
      + flows.map { flow in
        [
          flow.transport, flow.initiator.text, flow.initiatorKnown == .unknown ? "<->" : "->",
          flow.responder.text, flow.initiatorKnown.rawValue, flow.state.rawValue,
          flow.history.isEmpty ? "-" : flow.history, String(flow.fromInitiator.packets),
          String(flow.fromInitiator.bytes), String(flow.fromResponder.packets),
          String(flow.fromResponder.bytes), String(format: "%.3f", flow.start - origin),
          String(format: "%.3f", flow.duration),
        ]
      }
    let widths = header.indices.map { column in
      rows.map { ReportText.scalarCount($0[column]) }.max() ?? 0
    }
    let lines = rows.map {
      ReportText.line(
        $0, lengths: $0.map { ReportText.scalarCount($0) }, widths: widths,
        rightAligned: [7, 8, 9, 10, 11, 12])
    }
    return lines.joined(separator: "\n") + "\n\n" + FlowsRenderer.totalsText(report)
  }

  @Test func everyCaptureLaysOutAsByCells() throws {
    var compared = 0
    for path in TestPaths.allCaptures {
      var analysis = FlowAnalysis()
      analysis.read(path: path)
      let report = FlowsReport(analysis)
      #expect(
        FlowsRenderer.render(report, as: .text) == FlowsTableTests.tableByCells(report), "\(path)")
      compared += 1
    }
    #expect(compared >= TestPaths.sampleCaptures.count)
  }

  @Test func padsByScalarsAndAlignsCountsRight() throws {
    var analysis = FlowAnalysis()
    analysis.read(path: TestPaths.samples.appendingPathComponent("web-ipv6.pcap").path)
    var report = FlowsReport(analysis)
    var rows = Array(report.flows)
    #expect(rows.count == 19)
    // Cells of several bytes a scalar, and a port-less IPv6 endpoint beside bracketed ones.
    rows[0].initiator = FlowsReport.EndpointRow(address: "fe80::1%é", port: 8080)
    rows[1].responder = FlowsReport.EndpointRow(address: "2001:db8::53", port: nil)
    rows[2].history = "ShADé"
    rows[3].fromInitiator.bytes = 12_345_678_901
    report.flows = FlowsReport.FlowRows(rows)
    let table = FlowsRenderer.render(report, as: .text)
    #expect(table == FlowsTableTests.tableByCells(report))
    let lines = table.split(separator: "\n", omittingEmptySubsequences: false)
    #expect(lines[1].hasPrefix("icmp6  [fe80::1%é]:8080  <->  ff02::16 "))
    #expect(lines[4].contains("  12345678901  "))
    #expect(!lines.contains { $0.hasSuffix(" ") })
  }
}
