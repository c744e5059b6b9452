import Foundation
import Testing

@testable import RoleCall

/// Findings link to the passages that teach them, chosen by meaning from the loaded course.
@Suite struct LessonLinkTests {
  static var instructorPages: String { TestPaths.shared.appendingPathComponent("lessons").path }
  static var instructorPresent: Bool {
    FileManager.default.fileExists(atPath: instructorPages)
  }

  func findings(_ sample: String, course: LessonCourse) -> [String: [AnalysisReport.FindingRow]] {
    var analysis = FlowAnalysis()
    analysis.read(path: TestPaths.samples.appendingPathComponent(sample).path)
    let report = AnalysisReport(
      analysis, roles: RoleInference.analyze(analysis.tracker.flows),
      linker: LessonLinker(course: course))
    return Dictionary(uniqueKeysWithValues: report.hosts.map { ($0.address, $0.findings) })
  }

  func finding(
    _ findings: [String: [AnalysisReport.FindingRow]], _ host: String, _ kind: FindingKind
  ) throws
    -> AnalysisReport.FindingRow
  {
    try #require(findings[host]?.first { $0.kind == kind }, "\(host) has no \(kind) finding")
  }

  static let webRow =
    "Scenario: Viewing a webpage; Typical Roles: A web browser acts as the client; a web server acts as the server."
  static let clientServerRow =
    "Model: Client/Server; How It Works: Clients request information/services; servers respond and provide them."
  static let emailRow =
    "Scenario: Using email; Typical Roles: A mail application acts as the client; a mail server provides the service."
  static let peerRow =
    "Model: Peer-to-Peer (P2P); How It Works: Hosts share resources directly between each other with less centralization."
  static let sharingRow =
    "Scenario: Direct file sharing; Typical Roles: Often feels P2P-like; roles can shift depending on who is sharing vs requesting."
  static let bothTakeaway =
    "A host can still act as a client, a server, or both depending on software and context."

  @Test(.enabled(if: instructorPresent)) func instructorsPageIsCitedByMeaning() throws {
    let course = LessonCourse.load(folder: Self.instructorPages)
    #expect(course.errors.isEmpty)
    let web = findings("web.pcap", course: course)
    #expect(try finding(web, "10.99.1.10", .webServer).lessons.first?.text == Self.webRow)
    #expect(try finding(web, "10.99.1.11", .webClient).lessons.first?.text == Self.clientServerRow)
    let mail = findings("email.pcap", course: course)
    let mailServer = try finding(mail, "10.99.2.30", .mailServer)
    #expect(mailServer.lessons.first?.text == Self.emailRow)
    #expect(mailServer.relatedPage?.title == "Next Topic: Email & Communication → SMTP")
    #expect(
      mailServer.relatedPage?.href
        == "/tcpip-model/layers/application/basics/email-and-communication/smtp")
    #expect(try finding(mail, "10.99.2.20", .relay).lessons.first?.text == Self.bothTakeaway)
    let swarm = findings("swarm.pcap", course: course)
    #expect(
      try finding(swarm, "10.99.4.21", .peer).lessons.map(\.text) == [
        Self.peerRow, Self.sharingRow,
      ])
    let local = findings("multi-interface.pcapng", course: course)
    #expect(
      try finding(local, "127.0.0.1", .clientAndServer).lessons.first?.text == Self.bothTakeaway)
    let resolver = findings("dns.pcap", course: course)
    #expect(try finding(resolver, "10.99.3.53", .relay).lessons.first?.text == Self.bothTakeaway)
  }

  @Test func everyFindingKindHasABundledPassage() {
    let linker = LessonLinker(course: .bundled)
    for kind in FindingKind.allCases {
      let links = linker.passages(for: kind)
      #expect(!links.isEmpty, "\(kind)")
      #expect(links.allSatisfy { $0.passage.contains("#") })
    }
    #expect(linker.passages(for: .peer).count == 2)
  }

  @Test func unrelatedPagesAreNotCited() throws {
    let folder = try TestPaths.temporaryFolder()
    let page = """
      # Kitchen

      ---
      ### Bread
      ---
      Knead the <span class="emphasis">dough</span> and let it rise overnight.

      <table class="notesTable">
        <thead><tr class="tableHeader"><th class="tableCellHeader">Step</th><th class="tableCellHeader">What</th></tr></thead>
        <tbody><tr class="tableRow"><td class="tableCell">Bake</td><td class="tableCell">Forty minutes, hot oven.</td></tr></tbody>
      </table>

      ---
      ### Key Takeaways
      ---
      - Patience makes good bread.
      """
    try Data(page.utf8).write(to: folder.appendingPathComponent("bread.md"))
    let course = LessonCourse.load(folder: folder.path)
    #expect(course.errors.isEmpty)
    let linker = LessonLinker(course: course)
    #expect(linker.passages(for: .webServer).isEmpty)
    #expect(linker.relatedPage(for: .mailServer) == nil)
  }

  @Test func badPageIsReportedAndTheRestIsUsed() throws {
    let folder = try TestPaths.temporaryFolder()
    try Data([0xFF, 0xFE, 0x00, 0x80, 0x81]).write(to: folder.appendingPathComponent("broken.md"))
    let sample = TestPaths.samples.appendingPathComponent("web.pcap").path
    let result = try ProcessResult.run(
      TestPaths.binary, ["analyze", "--lessons-add", folder.path, sample])
    #expect(result.status == 1)
    let lines = result.standardError.split(separator: "\n")
    #expect(lines.count == 1)
    #expect(lines.first?.hasPrefix("rolecall: \(folder.path)/broken.md:") == true)
    #expect(result.standardOutput.contains("lesson: \""))
  }
}
