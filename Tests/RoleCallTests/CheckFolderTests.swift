import Foundation
import Testing

/// `rolecall check` on many captures at once, and on lab files that are wrong.
@Suite struct CheckFolderTests {
  /// The records of a little-endian pcap file: its global header and each record's bytes.
  static func records(_ data: Data) -> (header: Data, records: [Data]) {
    let bytes = [UInt8](data)
    var records: [Data] = []
    var offset = 24
    while offset + 16 <= bytes.count {
      let length = bytes[offset + 8..<offset + 12].reversed().reduce(0) { $0 << 8 | Int($1) }
      records.append(Data(bytes[offset..<offset + 16 + length]))
      offset += 16 + length
    }
    return (Data(bytes[0..<24]), records)
  }

  /// 30 captures made from the lab samples, graded in one command against the folder of labs
  /// (matched by name): copies, other students' addresses, captures cut after N packets, a
  /// capture cut inside a record, a file that is not a capture, and captures no lab matches.
  @Test func gradesAFolderOfThirtyCaptures() throws {
    let folder = try TestPaths.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let labs = CheckTests.labs
    func source(_ name: String) throws -> Data {
      try Data(contentsOf: URL(fileURLWithPath: name, relativeTo: TestPaths.repository))
    }
    var expected: [String: String] = [:]
    func add(_ name: String, _ data: Data, _ row: String) throws {
      try data.write(to: folder.appendingPathComponent(name))
      expected[name] = row
    }
    let webPass = try source("Samples/labs/web-pass.pcap")
    for number in 1...6 { try add("web-pass-\(number).pcap", webPass, "PASS,13,13") }
    for number in 1...4 {
      try add("web-down-\(number).pcap", try source("Samples/labs/web-no-answer.pcap"), "FAIL,0,13")
      try add("web-other-\(number).pcap", try source("Samples/web.pcap"), "PASS,13,13")
      try add("swarm-pass-\(number).pcap", try source("Samples/labs/swarm-pass.pcap"), "PASS,19,19")
      try add(
        "swarm-leech-\(number).pcap", try source("Samples/labs/swarm-leech.pcap"), "FAIL,17,19")
    }
    let (header, records) = Self.records(webPass)
    #expect(records.count == 74)
    for (count, row) in [
      (3, "FAIL,0,13"), (12, "FAIL,10,13"), (30, "FAIL,10,13"), (74, "PASS,13,13"),
    ] {
      try add("web-first-\(count).pcap", header + records.prefix(count).reduce(Data(), +), row)
    }
    try add("web-cut.pcap", webPass.prefix(2000), "ERROR,10,13")
    try add("web-garbage.pcap", Data("this is not a capture\n".utf8), "ERROR,0,13")
    try add("dns-1.pcap", try source("Samples/dns.pcap"), "ERROR,0,0")
    try add("mail.pcap", try source("Samples/email.pcap"), "ERROR,0,0")
    #expect(expected.count == 30)

    let clock = ContinuousClock()
    let start = clock.now
    let result = try CheckTests.run([labs.path, folder.path, "--format", "csv"])
    let elapsed = clock.now - start
    #expect(result.status == 2)
    var rows: [String: String] = [:]
    for line in result.standardOutput.split(separator: "\r\n").dropFirst() {
      let fields = line.split(separator: ",", omittingEmptySubsequences: false)
      let name = URL(fileURLWithPath: String(fields[0])).lastPathComponent
      rows[name] = fields[2...4].joined(separator: ",")
    }
    #expect(rows == expected)
    let errors = result.standardError.split(separator: "\n").map(String.init)
    #expect(errors.count == 4)
    #expect(
      errors.contains {
        $0.hasSuffix("dns-1.pcap: no lab matches this capture's name (labs: swarm, web)")
      })
    #expect(
      errors.contains {
        $0.hasSuffix(
          "web-garbage.pcap: not a pcap or pcapng file (unknown magic 0x74686973) (byte 0)")
      })
    print("graded 30 captures in \(elapsed)")
  }

  struct BadLab: Sendable, CustomTestStringConvertible {
    var name: String
    var text: String
    /// The one line on standard error, after `rolecall: FILE:`.
    var message: String
    var testDescription: String { name }
  }

  static let badLabs: [BadLab] = [
    BadLab(
      name: "bad-yaml", text: "lab: x\nhosts:\n  web: {address: 10.0.0.1, roles: [server\n",
      message:
        "4:1: not valid YAML: while parsing a flow sequence, did not find expected ',' or ']'"),
    BadLab(
      name: "unknown-role",
      text: "lab: x\nhosts:\n  web:\n    address: 10.0.0.1\n    roles: [server, seerver]\n",
      message:
        "5:21: unknown role 'seerver' (roles are client, server, peer, each may follow 'not ')"),
    BadLab(
      name: "missing-host",
      text: "lab: x\nhosts:\n  web: {address: 10.0.0.1}\nflows:\n  - {from: web, to: carol}\n",
      message: "5:5: the flow names host 'carol', which is not under 'hosts' (web)"),
    BadLab(
      name: "wrong-type", text: "lab: x\nhosts:\n  web:\n    address: 10.0.0.1\n    count: two\n",
      message: "5:12: 'count' must be a whole number from 1 up, not 'two'"),
    BadLab(
      name: "wrong-type-list", text: "lab: x\nhosts:\n  web:\n    address: [10.0.0.1]\n",
      message: "4:14: 'address' must be a single value"),
    BadLab(
      name: "unknown-key", text: "lab: x\nhosts:\n  web:\n    adress: 10.0.0.1\n",
      message:
        "4:5: unknown key 'adress' in host 'web' (expected address, count, points, roles, serves, services, uses)"
    ),
    BadLab(
      name: "no-selector", text: "lab: x\nhosts:\n  web:\n    roles: server\n",
      message: "3:3: host 'web' needs an address, or 'serves: tcp/PORT', or 'uses: tcp/PORT'"),
    BadLab(
      name: "bad-service", text: "lab: x\nhosts:\n  web: {serves: http}\n",
      message: "3:17: 'http' is not a service such as tcp/80 or udp/53"),
    BadLab(
      name: "bad-verdict",
      text:
        "lab: x\nhosts:\n  a: {address: 10.0.0.1}\nflows:\n  - {between: [a, a], verdict: p2p}\n",
      message: "5:32: unknown verdict 'p2p' (client-server, peer-to-peer, other, unknown)"),
    BadLab(
      name: "no-title", text: "hosts:\n  a: {address: 10.0.0.1}\n",
      message: "1:1: the lab has no title: add 'lab: <title>'"),
    BadLab(
      name: "not-a-mapping", text: "- just\n- a list\n",
      message: "1:1: the lab must be a mapping of 'key: value' lines"),
    BadLab(
      name: "binary", text: "lab: x\u{1}\n",
      message: "1:7: not valid YAML: control characters are not allowed"),
  ]

  @Test(arguments: badLabs) func malformedLabGivesOneLineWithItsPosition(_ bad: BadLab) throws {
    let folder = try TestPaths.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let path = folder.appendingPathComponent("\(bad.name).yaml").path
    try Data(bad.text.utf8).write(to: URL(fileURLWithPath: path))
    let result = try CheckTests.run([path, "Samples/web.pcap"])
    #expect(result.status == 2)
    #expect(result.standardError == "rolecall: \(path):\(bad.message)\n")
    #expect(result.standardOutput.isEmpty)
  }
}
