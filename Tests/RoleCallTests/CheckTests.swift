import Foundation
import RoleCall
import Testing

/// `rolecall check`: lab files, grading of the lab samples (recorded by Samples/record.sh,
/// scenarios labs_web and labs_swarm), a folder of 30 captures, and malformed lab files.
@Suite struct CheckTests {
  static let labs = TestPaths.samples.appendingPathComponent("labs")

  static func lab(_ name: String) throws -> Lab {
    try LabReader.read(path: labs.appendingPathComponent(name).path)
  }

  static func grade(_ lab: Lab, _ capture: URL) throws -> CaptureGrade {
    let catalog = try LabCatalog(path: lab.file)
    let book = LabCheck.grade(
      captures: [capture.path], catalog: catalog, linker: LessonLinker(course: .bundled))
    return try #require(book.grades.first)
  }

  static func check(_ grade: CaptureGrade, _ expectation: String) throws -> CheckResult {
    try #require(grade.checks.first { $0.expectation == expectation }, "\(expectation)")
  }

  @Test func labFilesAreRead() throws {
    let web = try Self.lab("web.lab.yaml")
    #expect(web.title == "Web server and two clients")
    #expect(web.hosts.map(\.name) == ["web", "clients"])
    #expect(web.hosts[0].selector == .serves(ServiceLabel(transport: .tcp, port: 80)))
    #expect(web.hosts[0].roles.map(\.description) == ["server", "not client", "not peer"])
    #expect(web.hosts[0].services.map(\.minimumClients) == [2])
    #expect(web.hosts[1].selector == .uses(ServiceLabel(transport: .tcp, port: 80)))
    #expect(web.hosts[1].count == 2)
    #expect(web.flows.count == 1 && web.flows[0].points == 2 && web.flows[0].directed)
    let swarm = try Self.lab("swarm.lab.yaml")
    #expect(swarm.hosts.count == 5)
    #expect(swarm.hosts[4].selector == .address(IPAddress("10.99.12.24")!))
    #expect(swarm.flows.map(\.directed) == [true, false, true, true])
    #expect(swarm.flows[1].transport == .tcp && swarm.flows[3].service?.port == 6881)
  }

  @Test func webLabPassesOnEveryStudentsAddresses() throws {
    let lab = try Self.lab("web.lab.yaml")
    for (capture, server, clients, served) in [
      (Self.labs.appendingPathComponent("web-pass.pcap"), "10.99.11.80", 2, 5),
      (TestPaths.samples.appendingPathComponent("web.pcap"), "10.99.1.10", 3, 12),
    ] {
      let grade = try Self.grade(lab, capture)
      #expect(grade.passed && grade.earned == 13 && grade.points == 13, "\(capture.path)")
      #expect(grade.bindings[0].addresses == [server])
      #expect(grade.bindings[1].addresses.count == clients)
      #expect(
        try Self.check(grade, "web is a server").explanation
          == "\(server) answered \(served) connections from \(clients) clients on tcp/80")
      #expect(grade.checks.allSatisfy { $0.lesson == nil })
    }
  }

  @Test func webLabFailsWhenTheServerNeverAnswered() throws {
    let grade = try Self.grade(
      try Self.lab("web.lab.yaml"), Self.labs.appendingPathComponent("web-no-answer.pcap"))
    #expect(!grade.passed && grade.error == nil)
    #expect(grade.earned == 0 && grade.points == 13 && grade.checks.count == 8)
    #expect(grade.bindings.map(\.addresses) == [[], []])
    let server = try Self.check(grade, "web is a server")
    #expect(
      server.explanation
        == "no host served tcp/80: 5 attempts from 2 hosts to 10.99.11.80 on tcp/80 got no answer")
    #expect(server.lesson?.pageTitle == "Who Opened the Connection?")
    #expect(
      try Self.check(grade, "web is not a client").explanation
        == "no host is web (serves tcp/80), as said above")
  }

  @Test func swarmLabPassesAndFailsTheFirewalledPeer() throws {
    let lab = try Self.lab("swarm.lab.yaml")
    let pass = try Self.grade(lab, Self.labs.appendingPathComponent("swarm-pass.pcap"))
    #expect(pass.passed && pass.earned == 19 && pass.points == 19)
    #expect(
      try Self.check(pass, "peer4 is a peer").explanation
        == "10.99.12.24 accepted 3 peer connections and opened 3, with 3 peers")

    let leech = try Self.grade(lab, Self.labs.appendingPathComponent("swarm-leech.pcap"))
    #expect(!leech.passed && leech.earned == 17 && leech.points == 19)
    #expect(
      leech.checks.filter { !$0.met }.map(\.expectation) == [
        "peer4 is a peer", "peer2 opens a flow to peer4, peer-to-peer",
      ])
    let peer = try Self.check(leech, "peer4 is a peer")
    #expect(
      peer.explanation
        == "10.99.12.24 only opened connections (3 peer connections to 3 peers) and never accepted one"
    )
    #expect(peer.lesson?.text.contains("accepts theirs") == true)
    #expect(
      try Self.check(leech, "peer2 opens a flow to peer4, peer-to-peer").explanation
        == "the flow between 10.99.12.22 and 10.99.12.24 was opened by the other side, not by 10.99.12.22"
    )
  }

  @Test func missesCiteTheInstructorsPageWhenItIsTheCourse() throws {
    let lessons = TestPaths.shared.appendingPathComponent("lessons")
    guard FileManager.default.fileExists(atPath: lessons.path) else { return }
    let course = LessonCourse.load(replacingBundledWith: lessons.path, adding: [])
    let lab = try Self.lab("swarm.lab.yaml")
    let book = LabCheck.grade(
      captures: [Self.labs.appendingPathComponent("swarm-leech.pcap").path],
      catalog: try LabCatalog(path: lab.file), linker: LessonLinker(course: course))
    let missed = try #require(book.grades.first).checks.filter { !$0.met }
    #expect(missed.count == 2)
    // The page never says that peers both open and accept: the broader peer passage stands in.
    #expect(
      missed.map { $0.lesson?.text } == [
        "Model: Peer-to-Peer (P2P); How It Works: Hosts share resources directly between each "
          + "other with less centralization.",
        "Model: Peer-to-Peer (P2P); How It Works: Hosts share resources directly between each "
          + "other with less centralization.",
      ])
  }

  // MARK: The command

  static func run(_ arguments: [String]) throws -> ProcessResult {
    try ProcessResult.rolecall(
      ["check"] + arguments, environment: ["PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"])
  }

  @Test func exitStatusSaysPassMissOrError() throws {
    let pass = try Self.run(["Samples/labs/web.lab.yaml", "Samples/labs/web-pass.pcap"])
    #expect(pass.status == 0 && pass.standardError.isEmpty)
    #expect(
      pass.standardOutput.hasPrefix("Samples/labs/web-pass.pcap: PASS, 13/13 points (100%)\n"))
    let miss = try Self.run(["Samples/labs", "Samples/labs"])
    #expect(miss.status == 1 && miss.standardError.isEmpty)
    #expect(miss.standardOutput.contains("Summary: 4 captures: 2 passed, 2 failed\n"))
    let missing = try Self.run([
      "Samples/labs/web.lab.yaml", "Samples/labs/web-pass.pcap", "Samples/labs/absent.pcap",
    ])
    #expect(missing.status == 2)
    #expect(
      missing.standardError
        == "rolecall: Samples/labs/absent.pcap: cannot open: no such file or directory\n")
    #expect(missing.standardOutput.contains("Samples/labs/web-pass.pcap: PASS"))
  }

  @Test func everyFormatRendersTheSameGrades() throws {
    let json = try Self.run(["Samples/labs", "Samples/labs", "--format", "json"])
    #expect(json.status == 1)
    let book = try JSONDecoder().decode(GradeBook.self, from: Data(json.standardOutput.utf8))
    #expect(book.grades.map(\.earned) == [17, 19, 0, 13])
    #expect(book.passed == 2 && book.failed == 2 && book.errors == 0)
    let csv = try Self.run(["Samples/labs", "Samples/labs", "--format", "csv"])
    #expect(
      csv.standardOutput.split(separator: "\r\n").map(String.init) == [
        "capture,lab,result,earned,points,percent,missed,error",
        "Samples/labs/swarm-leech.pcap,Samples/labs/swarm.lab.yaml,FAIL,17,19,89.5,"
          + "\"peer4 is a peer; peer2 opens a flow to peer4, peer-to-peer\",",
        "Samples/labs/swarm-pass.pcap,Samples/labs/swarm.lab.yaml,PASS,19,19,100.0,,",
        "Samples/labs/web-no-answer.pcap,Samples/labs/web.lab.yaml,FAIL,0,13,0.0,"
          + "\"web is a server; web is not a client; web is not a peer; web offers tcp/80 to at "
          + "least 2 clients; at least 2 hosts are clients (uses tcp/80); each host of clients is "
          + "a client; each host of clients is not a server; each host of clients opens a flow to "
          + "web on tcp/80, client-server\",",
        "Samples/labs/web-pass.pcap,Samples/labs/web.lab.yaml,PASS,13,13,100.0,,",
      ])
    let markdown = try Self.run(["Samples/labs", "Samples/labs", "--format", "markdown"])
    #expect(
      markdown.standardOutput.contains("| Samples/labs/swarm-leech.pcap | FAIL | 17/19 | 89% |"))
    let html = try Self.run(["Samples/labs", "Samples/labs", "--format", "html"])
    #expect(html.standardOutput.hasPrefix("<!DOCTYPE html>"))
    #expect(html.standardOutput.components(separatedBy: "class=\"claim\"").count - 1 == 54)
    #expect(!html.standardOutput.contains("<script") && !html.standardOutput.contains("http://"))
  }
}
