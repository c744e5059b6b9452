import Foundation
import Testing

@testable import RoleCall

/// The annotated report: what the builder works out (connections, swarms, warnings, order),
/// how captures analysed apart are joined, and what the renderers promise (the JSON layout of
/// `JSONEncoder`, escaping, wrapping, colour, the graph's aggregation).
@Suite struct ReportTests {
  static func report(_ sample: String, capture: String? = nil) -> AnalysisReport {
    report(atPath: TestPaths.samples.appendingPathComponent(sample).path, capture: capture)
  }

  /// The report of the capture at `path`, with the bundled course's lessons.
  static func report(atPath path: String, capture: String? = nil) -> AnalysisReport {
    var analysis = FlowAnalysis()
    analysis.read(path: path)
    return AnalysisReport(
      analysis, roles: RoleInference.analyze(analysis.tracker.flows),
      linker: LessonLinker(course: .bundled), capture: capture)
  }

  /// The report of every capture, then the samples' analysed apart as a folder is (each row
  /// naming its capture).
  static func everyCaptureAndTheSamplesApart() -> [AnalysisReport] {
    TestPaths.allCaptures.map { report(atPath: $0) } + [
      AnalysisReport.merging(
        TestPaths.sampleCaptures.map {
          report(atPath: $0, capture: URL(fileURLWithPath: $0).lastPathComponent)
        })
    ]
  }

  /// The layout `JSONEncoder` gives the report's `Codable` form, which the writer copies.
  static func encoded(_ report: AnalysisReport) throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
    return String(decoding: try encoder.encode(report), as: UTF8.self) + "\n"
  }

  @Test(arguments: TestPaths.sampleCaptures.map { URL(fileURLWithPath: $0).lastPathComponent })
  func jsonWriterMatchesJSONEncoder(sample: String) throws {
    let report = Self.report(sample)
    #expect(AnalysisRenderer.json(report) == (try Self.encoded(report)))
  }

  @Test func jsonWriterEscapesAndPrintsNumbersLikeJSONEncoder() throws {
    var report = Self.report("midflow.pcap")
    report.files[0].path = "odd \"name\" \\ / \u{1}\u{1f}\t\n\r\u{8}\u{c} é 漢 😀 \u{7f}"
    report.flows[0].history = "<&>'"
    for (index, value) in [
      0, -0.0, 1e-7, 0.1, 3, 1e16, 1e21, 123_456_789.125, .leastNonzeroMagnitude,
    ].enumerated() {
      report.flows[index % report.flows.count].duration = value
      report.summary.duration = value
      #expect(AnalysisRenderer.json(report) == (try Self.encoded(report)))
    }
    let merged = AnalysisReport.merging([Self.report("web.pcap", capture: "a"), report])
    #expect(AnalysisRenderer.json(merged) == (try Self.encoded(merged)))
  }

  /// Doubles written through `_writeASCII`, against `description` without its `.0` (what
  /// `JSONEncoder` writes): seeded random bit patterns of every finite kind, times as the flows
  /// have them (nanoseconds over 1e9), and the edges; a sample of them against `JSONEncoder`.
  @Test func doublesAreWrittenInTheirShortestForm() throws {
    var state: UInt64 = 0x9E37_79B9_7F4A_7C15
    func next() -> UInt64 {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return state ^ (state >> 29)
    }
    var values: [Double] = [
      0.5, -0.5, 1e-7, 0.1, 1e15, 5e15, 0x1p52, 1e16, 1e21, -1e300, 123_456_789.125,
      1_700_000_000.123456,
      .leastNonzeroMagnitude, .leastNormalMagnitude, .greatestFiniteMagnitude, .pi, -.ulpOfOne,
    ]
    for _ in 0..<50_000 {
      let random = Double(bitPattern: next())
      if random.isFinite { values.append(random) }
      values.append(Double(next() % 2_000_000_000_000_000_000) / 1e9)
      values.append(Double(next() % 10_000_000_000_000) / 1e9)
    }
    let encoder = JSONEncoder()
    for (index, value) in values.enumerated() {
      let json = JSONWriter()
      json.number(value)
      var expected = value.description
      let integral = value == value.rounded(.towardZero) && abs(value) < 1e15
      if integral && !(value == 0 && value.sign == .minus) {
        expected = String(Int(value))
      } else if expected.hasSuffix(".0") {
        expected.removeLast(2)
      }
      #expect(json.takeText() == expected, "\(value.bitPattern)")
      if index % 50 == 0 {
        #expect(expected == String(decoding: try encoder.encode(value), as: UTF8.self))
      }
    }
  }

  /// The word-at-a-time test for bytes JSON escapes, against the byte-by-byte one, on every
  /// length up to 40 with each kind of byte at each position, and on seeded random texts.
  @Test func escapingIsFoundAtEveryPosition() {
    func naive(_ bytes: [UInt8]) -> Bool {
      bytes.contains { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C }
    }
    func fast(_ bytes: [UInt8]) -> Bool {
      bytes.withUnsafeBufferPointer { buffer in
        guard let base = buffer.baseAddress else { return false }
        return ByteBuffer.needsEscaping(base, buffer.count)
      }
    }
    var wrong = 0
    var checked = 0
    for length in 0...40 {
      let plain = [UInt8](repeating: UInt8(ascii: "a"), count: length)
      if fast(plain) != naive(plain) { wrong += 1 }
      for position in 0..<length {
        for byte: UInt8 in [
          0x00, 0x01, 0x1F, 0x20, 0x21, 0x22, 0x23, 0x5B, 0x5C, 0x5D, 0x7F, 0x80, 0xA2, 0xDC, 0xFF,
        ] {
          var text = plain
          text[position] = byte
          if fast(text) != naive(text) { wrong += 1 }
          checked += 1
        }
      }
    }
    var state: UInt64 = 0x1234_5678_9ABC_DEF1
    for _ in 0..<20_000 {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      let length = Int(state >> 58)
      let text = (0..<length).map { index in
        UInt8(truncatingIfNeeded: (state >> UInt64(index % 7 * 8)) &+ UInt64(index) &* 0x9D)
      }
      if fast(text) != naive(text) { wrong += 1 }
      checked += 1
    }
    #expect(wrong == 0)
    #expect(checked > 30_000)
  }

  /// A report of thousands of flows has its flows written on two threads, in chunks: the same
  /// bytes, in pieces of about 64 KiB.
  @Test func jsonOfManyFlowsMatchesJSONEncoder() throws {
    struct Pieces: TextOutputStream {
      var text = ""
      var largest = 0
      mutating func write(_ string: String) {
        text += string
        largest = max(largest, string.utf8.count)
      }
    }
    let one = Self.report("web-ipv6.pcap", capture: "part")
    let copies = JSONReportRenderer.parallelFlows / one.flows.count + 3
    let report = AnalysisReport.merging((0..<copies).map { _ in one })
    #expect(report.flows.count >= JSONReportRenderer.parallelFlows)
    #expect(report.flows.count % JSONReportRenderer.flowChunk != 0)
    var pieces = Pieces()
    AnalysisRenderer.render(report, as: .json, to: &pieces)
    #expect(pieces.text == (try Self.encoded(report)))
    #expect(pieces.largest < 140_000)
    // Hosts are written the same way.
    var hosts = one
    hosts.hosts = .init(
      (0..<(JSONReportRenderer.parallelFlows / one.hosts.count + 3)).flatMap { copy in
        one.hosts.map { host in
          var host = host
          host.capture = "copy \(copy)"
          return host
        }
      })
    #expect(hosts.hosts.count >= JSONReportRenderer.parallelFlows)
    #expect(hosts.hosts.count % JSONReportRenderer.flowChunk != 0)
    pieces = Pieces()
    AnalysisRenderer.render(hosts, as: .json, to: &pieces)
    #expect(pieces.text == (try Self.encoded(hosts)))
  }

  /// A large report leaves the writer in pieces of about 64 KiB, never as one string.
  @Test func jsonIsWrittenInPieces() {
    struct Pieces: TextOutputStream {
      var sizes: [Int] = []
      mutating func write(_ string: String) { sizes.append(string.utf8.count) }
    }
    let one = Self.report("swarm.pcap")
    let report = AnalysisReport.merging((0..<12).map { _ in one })
    var pieces = Pieces()
    AnalysisRenderer.render(report, as: .json, to: &pieces)
    #expect(pieces.sizes.count > 10)
    #expect((pieces.sizes.max() ?? 0) < 70_000)
  }

  @Test func connectionsPointFromClientToServer() {
    let report = Self.report("web.pcap")
    let arrows = report.connections.map {
      "\($0.from) -> \($0.to) \($0.verdict.rawValue) \($0.flows) \($0.forward)/\($0.backward) "
        + $0.services.joined(separator: ",")
    }
    #expect(
      arrows == [
        "10.99.1.11 -> 10.99.1.10 client-server 3 3/0 tcp/80",
        "10.99.1.12 -> 10.99.1.10 client-server 4 4/0 tcp/80",
        "10.99.1.13 -> 10.99.1.10 client-server 5 5/0 tcp/80",
      ])
    // The server dealt with three hosts, each client with one.
    #expect(report.summary.hostOrder.map { report.hosts[$0].address }.first == "10.99.1.10")
    #expect(report.swarms.isEmpty)
    #expect(report.warnings.isEmpty)
  }

  @Test func swarmIsAFullMeshAroundItsTracker() throws {
    let report = Self.report("swarm.pcap")
    let swarm = try #require(report.swarms.first)
    #expect(report.swarms.count == 1)
    #expect(swarm.members == ["10.99.4.21", "10.99.4.22", "10.99.4.23", "10.99.4.24"])
    #expect(swarm.pairs == 6 && swarm.possiblePairs == 6 && swarm.flows == 12)
    #expect(swarm.ports == ["tcp/6881"])
    #expect(swarm.sharedServices == ["10.99.4.2 tcp/6969"])
    #expect(swarm.text.contains("a full mesh"))
    #expect(swarm.text.contains("All 4 members also used the server 10.99.4.2 tcp/6969"))
    #expect(swarm.connections.allSatisfy { report.connections[$0].verdict == .peerToPeer })
    #expect(
      swarm.connections.allSatisfy {
        report.connections[$0].forward == 1 && report.connections[$0].backward == 1
      })
    #expect(!swarm.lessons.isEmpty)
    #expect(report.summary.hostOrder.map { report.hosts[$0].address }.first == "10.99.4.2")
  }

  @Test func midflowWarnsThatOneStartWasNotSeen() throws {
    let report = Self.report("midflow.pcap")
    let warning = try #require(report.warnings.first { $0.kind == .startNotSeen })
    #expect(warning.count == 1)
    let flow = report.flows[try #require(warning.flows.first)]
    #expect(flow.initiator.address == "10.99.6.11" && flow.initiatorKnown == .inferred)
    #expect(warning.text.hasPrefix("1 TCP flow was seen without the opening SYN"))
    #expect(!warning.lessons.isEmpty)
  }

  @Test func summaryCountsWhatWasRead() {
    let report = Self.report("multi-interface.pcapng")
    let summary = report.summary
    #expect(summary.files == 1 && summary.formats == ["pcapng"])
    #expect(summary.linkTypes == ["ethernet", "raw"])
    #expect(summary.packets == 100)
    #expect(summary.flows == report.flows.count)
    #expect(summary.hosts == report.hosts.count)
    #expect(Set(summary.hostOrder) == Set(report.hosts.indices))
    #expect(summary.duration > 0 && !summary.capturesApart)
  }

  /// Captures analysed apart keep their names on every row, and the indexes that point into
  /// flows and connections still point at rows of the same capture.
  @Test func mergingNamesTheCaptureOfEveryRow() throws {
    let midflow = Self.report("midflow.pcap", capture: "Samples/midflow.pcap")
    let swarm = Self.report("swarm.pcap", capture: "Samples/swarm.pcap")
    let report = AnalysisReport.merging([midflow, swarm])
    #expect(report.summary.capturesApart && report.summary.files == 2)
    #expect(report.flows.count == midflow.flows.count + swarm.flows.count)
    #expect(report.totals.capture.packets == 526 + 1104)
    #expect(report.totals.flowsByVerdict["client-server"] == 2 + 44)
    #expect(report.hosts.allSatisfy { $0.capture != nil })
    for host in report.hosts {
      #expect(host.findings.allSatisfy { $0.capture == host.capture })
    }
    let fromSwarm = Set(report.hosts.filter { $0.capture == "Samples/swarm.pcap" }.map(\.address))
    #expect(fromSwarm == Set(swarm.hosts.map(\.address)))
    let group = try #require(report.swarms.first)
    #expect(group.capture == "Samples/swarm.pcap")
    #expect(group.connections.allSatisfy { report.connections[$0].capture == group.capture })
    let warning = try #require(report.warnings.first { $0.kind == .startNotSeen })
    #expect(warning.capture == "Samples/midflow.pcap")
    #expect(warning.flows.allSatisfy { report.flows[$0].capture == "Samples/midflow.pcap" })
    // Hosts come capture by capture, most significant first within each.
    let order = report.summary.hostOrder.map { report.hosts[$0] }
    #expect(order.first?.address == "10.99.6.10")
    #expect(order.first { $0.capture == "Samples/swarm.pcap" }?.address == "10.99.4.2")
  }

  @Test func htmlEscapesEveryStringFromCapturesAndPages() throws {
    var report = Self.report("web.pcap")
    let hostile = "<script>alert('x')</script> & \"q\""
    report.files[0].path = hostile
    report.hosts[0].findings[0].text = hostile
    report.hosts[0].findings[0].lessons = [
      LessonLink(
        passage: "p", page: "x", pageTitle: "<b>Title</b>", section: "<i>S</i>",
        text: "<img src=x onerror=alert(1)>", score: 1, matched: [])
    ]
    report.hosts[0].address = "<svg onload=alert(1)>"
    let html = AnalysisRenderer.render(report, as: .html)
    #expect(!html.contains("<script"))
    #expect(!html.contains("<img"))
    #expect(!html.contains("<svg onload"))
    #expect(!html.contains("<b>Title"))
    #expect(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;"))
    #expect(html.contains("&lt;img src=x onerror=alert(1)&gt;"))
    // Self-contained: nothing is fetched.
    for marker in ["src=\"", "<link", "@import", "url(http", "<script", "<iframe"] {
      #expect(!html.contains(marker), "\(marker)")
    }
  }

  /// The byte paths for plain text give what the Character paths give: on every text of the
  /// samples' Markdown reports and on every short string of the marks that matter.
  @Test func markdownPlainEscapesEqualCharacterEscapes() {
    var texts = ["", "-", "1", "12", "12.", "3) x", "+=", "`", "``a``", "|", "a\nb", "x`"]
    for sample in TestPaths.sampleCaptures {
      let markdown = AnalysisRenderer.render(
        ReportTests.report(URL(fileURLWithPath: sample).lastPathComponent), as: .markdown)
      texts += markdown.split(separator: "\n").map(String.init)
    }
    // Every string of up to three characters drawn from the marks that matter.
    let alphabet = Array("ab1 9.)-+=\\`*_[]<>&~#|\n").map(String.init)
    var shorter = [""]
    for _ in 1...3 {
      shorter = shorter.flatMap { prefix in alphabet.map { prefix + $0 } }
      texts += shorter
    }
    #expect(texts.count > 12_000)
    for text in texts {
      #expect(
        MarkdownReportRenderer.escape(text) == MarkdownReportRenderer.characterEscape(text),
        "\(text)")
      #expect(
        MarkdownReportRenderer.code(text) == MarkdownReportRenderer.characterCode(text), "\(text)")
    }
  }

  @Test func markdownEscapesTextThatCouldBecomeMarkup() {
    #expect(
      MarkdownReportRenderer.escape("a|b *c* [d](e) <f> _g_ `h`")
        == #"a\|b \*c\* \[d\](e) \<f\> \_g\_ \`h\`"#)
    #expect(MarkdownReportRenderer.escape("- item") == #"\- item"#)
    #expect(MarkdownReportRenderer.escape("12. item") == #"12\. item"#)
    #expect(MarkdownReportRenderer.code("a`b|c") == "``a`b\\|c``")
    var report = Self.report("web.pcap")
    report.hosts[0].findings[0].text = "| ### *bold* <b>"
    let markdown = AnalysisRenderer.render(report, as: .markdown)
    #expect(markdown.contains(##"- \| \#\#\# \*bold\* \<b\>"##))
  }

  @Test func textWrapsToTheWidthAndColoursOnlyWhenAsked() {
    let report = Self.report("swarm.pcap")
    var plain = ""
    AnalysisRenderer.render(
      report, as: .text, options: AnalysisRenderer.Options(width: 60), to: &plain)
    // Prose before the flow tables, swarm pairs aside (tables are never wrapped).
    let top = plain.components(separatedBy: "\nFlows:").first ?? ""
    let prose = top.split(separator: "\n").filter { !$0.contains("<->") }
    #expect(prose.count > 40)
    #expect(prose.allSatisfy { $0.count <= 60 }, "\(prose.filter { $0.count > 60 })")
    #expect(!plain.contains("\u{1B}["))
    var colored = ""
    AnalysisRenderer.render(
      report, as: .text, options: AnalysisRenderer.Options(color: true), to: &colored)
    #expect(colored.contains("\u{1B}[1mSummary\u{1B}[0m"))
    #expect(colored.contains("\u{1B}[32mserver\u{1B}[0m"))
    #expect(
      ReportText.wrap("aa bb cc dd", width: 7, first: "- ", rest: "  ") == ["- aa bb", "  cc dd"])
  }

  @Test func longListsAreCutWithACountOfTheRest() {
    let report = Self.report("swarm.pcap")
    let text = AnalysisRenderer.render(report, as: .text, limit: 20)
    #expect(text.contains("… and 24 more (--all shows them)"))
    let all = AnalysisRenderer.render(report, as: .text, limit: nil)
    #expect(!all.contains("more (--all shows them)"))
    #expect(all.split(separator: "\n").filter { $0.contains(":6969  handshake") }.count == 44)
  }

  /// More than 200 hosts: the 150 most significant keep a node, the rest are gathered into one
  /// node per role, with their edges added up.
  @Test func graphGathersHostsBeyondTwoHundred() throws {
    var frames: [CaptureWriter.Packet] = []
    let server: UInt32 = 0x0A00_000A
    for client in 0..<260 {
      let address = 0x0A01_0000 + UInt32(client)
      let port = UInt16(40000 + client)
      for (forward, flags) in [(true, UInt8(0x02)), (false, 0x12), (true, 0x10)] {
        let segment =
          forward
          ? FrameBuilder.tcp(port, 80, flags: flags) : FrameBuilder.tcp(80, port, flags: flags)
        frames.append(
          CaptureWriter.Packet(
            seconds: 100, fraction: UInt32(frames.count),
            bytes: FrameBuilder.ethernet(
              FrameBuilder.ipv4(
                forward ? address : server, forward ? server : address, protocol: 6, segment))))
      }
    }
    let folder = try TestPaths.temporaryFolder()
    let path = try CaptureWriter.write(CaptureWriter.pcap(frames), named: "many.pcap", in: folder)
    var analysis = FlowAnalysis()
    analysis.read(path: path)
    let report = AnalysisReport(analysis, roles: RoleInference.analyze(analysis.tracker.flows))
    #expect(report.hosts.count == 261)
    let graph = ConnectionGraph(
      report: report, hosts: Array(report.hosts.indices),
      connections: Array(report.connections.indices))
    #expect(graph.nodes.count == 151)
    let gathered = try #require(graph.nodes.first { $0.host == nil })
    #expect(gathered.members == 111 && gathered.label == "111 more clients")
    #expect(graph.edges.count == 150)
    #expect(graph.edges.first { graph.nodes[$0.from].host == nil }?.flows == 111)
    let html = AnalysisRenderer.render(report, as: .html)
    #expect(html.components(separatedBy: "<g class=\"node\"").count - 1 == 150)
    #expect(html.components(separatedBy: "<g class=\"node aggregate\"").count - 1 == 1)
    #expect(html.contains("data-hosts=\"111\""))
    #expect(html.contains("The 111 hosts beyond the 150 most significant are gathered"))
  }
}

/// Host rows made when read (`AnalysisReport.HostRows`) equal rows made one by one from the
/// roles' hosts, in the fields and counts read without a row, in the JSON written from them on
/// two threads (a report of more than 4,096 hosts) and in the HTML page.
@Suite struct HostRowsTests {
  @Test func rowsMadeWhenReadEqualRowsMadeOneByOne() throws {
    var packets: [CaptureWriter.Packet] = []
    for client in UInt32(11)..<UInt32(11 + 4_096 + 100) {
      packets += BoundedFlowTableTests.connection(
        client: client, port: UInt16(20_000 + client % 30_000), time: 1 + client / 1000)
    }
    let analysis = try BoundedFlowTableTests.analysis(packets, maxFlows: 1 << 20)
    let roles = RoleInference.analyze(analysis.tracker.flows)
    let lessons = ReportBuilder.Lessons(LessonLinker(course: .bundled))
    let oneByOne = roles.hosts.map { AnalysisReport.HostRow($0, lessons: lessons, capture: "lab") }
    let report = AnalysisReport(
      analysis, roles: roles, linker: LessonLinker(course: .bundled), capture: "lab")
    #expect(report.hosts.count == 4_197)
    #expect(Array(report.hosts) == oneByOne)
    #expect(oneByOne.first { $0.roles == ["server"] }?.findings.first?.lessons.isEmpty == false)
    let made = AnalysisReport.HostRows(oneByOne)
    for hosts in [report.hosts, made] {
      #expect(hosts.indices.allSatisfy { hosts.roles(at: $0) == oneByOne[$0].roles })
      #expect(hosts.indices.allSatisfy { hosts.address(at: $0) == oneByOne[$0].address })
      #expect(hosts.indices.allSatisfy { hosts.capture(at: $0) == "lab" })
    }
    #expect(ReportBuilder.hostOrder(report.hosts) == ReportBuilder.hostOrder(made))
    #expect(report.summary.hostOrder.first.map { oneByOne[$0].roles } == ["server"])
    var fromRows = report
    fromRows.hosts = made
    #expect(
      AnalysisRenderer.render(report, as: .json) == AnalysisRenderer.render(fromRows, as: .json))
    // The page's anchors and graph (150 hosts kept, the rest gathered) read the hosts' fields.
    #expect(
      AnalysisRenderer.render(report, as: .html) == AnalysisRenderer.render(fromRows, as: .html))
  }
}

/// Connections added up in two or three parts (each a range of lower hosts, on its own thread)
/// equal those added up in one, in the same order: every sample and corpus capture, and the
/// bench's small.pcap (20,000 flows, past the threshold of two threads) when the bench is here.
@Suite struct ConnectionPartsTests {
  @Test func connectionsAddedUpInPartsEqualOnePart() throws {
    var captures = TestPaths.allCaptures
    if BenchContractTests.toolsPresent { captures.append(try BenchContractTests.prepare().capture) }
    var compared = 0
    var peerPairs = 0
    for path in captures {
      var analysis = FlowAnalysis()
      analysis.read(path: path)
      let roles = RoleInference.analyze(analysis.tracker.flows)
      func connections(parts: Int?, hostsKnown: Bool = true) -> [AnalysisReport.Connection] {
        ReportBuilder.connections(
          analysis.tracker.flows, roles.judgements, hosts: roles.hosts, capture: nil,
          flowHosts: hostsKnown ? roles.flowHosts : [], parts: parts)
      }
      let one = connections(parts: 1)
      for parts in [2, 3, nil] {
        #expect(connections(parts: parts) == one, "\(path) in \(parts ?? 0) parts")
      }
      // Without the roles stage's host positions the hosts are looked up: the same answer.
      #expect(connections(parts: 2, hostsKnown: false) == one, "\(path), hosts looked up")
      // The peer-to-peer scope keeps exactly the peer-to-peer pairs, in the same order.
      let peers = one.filter { $0.verdict == .peerToPeer }
      for parts in [1, 2] {
        let scoped = ReportBuilder.connections(
          analysis.tracker.flows, roles.judgements, hosts: roles.hosts, capture: nil,
          flowHosts: roles.flowHosts, scope: .peerToPeer, parts: parts)
        #expect(scoped == peers, "\(path), peer-to-peer scope in \(parts) parts")
      }
      compared += one.count
      peerPairs += peers.count
    }
    // The samples alone hold 41 connections, 10 of them peer-to-peer.
    #expect(compared > (TestPaths.corpusPresent ? 1000 : 40))
    #expect(peerPairs > (TestPaths.corpusPresent ? 20 : 9))
    if BenchContractTests.toolsPresent { #expect(compared > 10_000) }
  }

  /// A report that holds only the peer-to-peer connections (as `analyze` builds it for text
  /// and Markdown) renders as text and Markdown exactly as the whole report does, swarms
  /// included, lists cut or whole.
  @Test func peerToPeerScopeRendersTheSameTextAndMarkdown() throws {
    let captures = TestPaths.allCaptures
    var swarms = 0
    for path in captures {
      var analysis = FlowAnalysis()
      analysis.read(path: path)
      let roles = RoleInference.analyze(analysis.tracker.flows)
      let linker = LessonLinker(course: .bundled)
      let all = AnalysisReport(analysis, roles: roles, linker: linker)
      let scoped = AnalysisReport(analysis, roles: roles, linker: linker, connections: .peerToPeer)
      #expect(scoped.connections.allSatisfy { $0.verdict == .peerToPeer })
      for format in [AnalysisRenderer.Format.text, .markdown] {
        for limit in [20, nil] as [Int?] {
          #expect(
            AnalysisRenderer.render(scoped, as: format, limit: limit)
              == AnalysisRenderer.render(all, as: format, limit: limit),
            "\(path) as \(format), limit \(String(describing: limit))")
        }
      }
      swarms += all.swarms.count
    }
    // The samples alone hold 3 swarms.
    #expect(swarms > (TestPaths.corpusPresent ? 3 : 2))
  }
}
