import Foundation
import Testing

#if canImport(FoundationXML)
  import FoundationXML
#endif

/// `rolecall analyze` through the built binary: folders, output files, colour, and the HTML page
/// rendered by a real browser.
@Suite struct ReportCommandTests {
  static func run(
    _ arguments: [String], environment: [String: String] = [:]
  ) throws
    -> ProcessResult
  {
    try ProcessResult.rolecall(
      arguments,
      environment: [
        "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin", "TZ": "UTC",
      ].merging(environment) { $1 })
  }

  static func object(_ json: String) throws -> [String: Any] {
    try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
  }

  /// A folder of captures: each analysed on its own, the report joins them and names the
  /// capture of every host, finding, flow and warning.
  @Test func folderReportNamesTheCaptureOfEachFinding() throws {
    let folder = try TestPaths.temporaryFolder()
    for name in ["web.pcap", "midflow.pcap", "dns.pcap"] {
      try FileManager.default.copyItem(
        at: TestPaths.samples.appendingPathComponent(name),
        to: folder.appendingPathComponent(name))
    }
    try Data("not a capture".utf8).write(to: folder.appendingPathComponent("notes.txt"))
    let result = try Self.run(["analyze", "--format", "json", folder.path + "/"])
    #expect(result.status == 0, "\(result.standardError)")
    let report = try Self.object(result.standardOutput)
    let files = try #require(report["files"] as? [[String: Any]])
    let paths = ["dns.pcap", "midflow.pcap", "web.pcap"].map { folder.path + "/" + $0 }
    #expect(files.compactMap { $0["path"] as? String } == paths)
    let summary = try #require(report["summary"] as? [String: Any])
    #expect(summary["capturesApart"] as? Bool == true)
    #expect(summary["files"] as? Int == 3)
    let hosts = try #require(report["hosts"] as? [[String: Any]])
    var findings = 0
    for host in hosts {
      let capture = try #require(host["capture"] as? String)
      #expect(paths.contains(capture))
      for finding in host["findings"] as? [[String: Any]] ?? [] {
        #expect(finding["capture"] as? String == capture)
        findings += 1
      }
    }
    #expect(findings >= 10)
    let server = hosts.first { $0["address"] as? String == "10.99.1.10" }
    #expect(server?["capture"] as? String == folder.path + "/web.pcap")
    let flows = try #require(report["flows"] as? [[String: Any]])
    #expect(flows.allSatisfy { paths.contains($0["capture"] as? String ?? "") })
    let warnings = try #require(report["warnings"] as? [[String: Any]])
    #expect(
      warnings.first { $0["kind"] as? String == "start-not-seen" }?["capture"] as? String
        == folder.path + "/midflow.pcap")
    // The same folder in text: one hosts section per capture.
    let text = try Self.run(["analyze", folder.path])
    #expect(
      text.standardOutput.contains("Hosts in \(folder.path)/web.pcap, most significant first"))
    #expect(text.standardOutput.contains("3 files, each analysed on its own"))
  }

  @Test func folderWithoutCapturesIsAnError() throws {
    let folder = try TestPaths.temporaryFolder()
    let result = try Self.run(["analyze", folder.path])
    #expect(result.status == 1)
    #expect(
      result.standardError
        == "rolecall: \(folder.path): no capture files (*.pcap, *.pcapng, *.cap) in this folder\n")
  }

  @Test func outputFileAndColour() throws {
    let folder = try TestPaths.temporaryFolder()
    let file = folder.appendingPathComponent("report.md").path
    let written = try Self.run(["analyze", "--format", "markdown", "-o", file, "Samples/web.pcap"])
    #expect(written.status == 0 && written.standardOutput.isEmpty && written.standardError.isEmpty)
    let markdown = try String(contentsOfFile: file, encoding: .utf8)
    #expect(markdown.hasPrefix("# rolecall report: Samples/web.pcap\n"))
    let plain = try Self.run(["analyze", "Samples/web.pcap"])
    #expect(!plain.standardOutput.contains("\u{1B}["))
    let always = try Self.run(["analyze", "--color", "always", "Samples/web.pcap"])
    #expect(always.standardOutput.contains("\u{1B}[1m"))
    let never = try Self.run(
      ["analyze", "--color", "auto", "Samples/web.pcap"], environment: ["NO_COLOR": "1"])
    #expect(never.standardOutput == plain.standardOutput)
    // Not a terminal: no progress bar, even without --quiet.
    #expect(plain.standardError.isEmpty)
    let unwritable = try Self.run(["analyze", "-o", "/nonexistent/dir/x.txt", "Samples/web.pcap"])
    #expect(unwritable.status == 1)
    #expect(unwritable.standardError.hasPrefix("rolecall: /nonexistent/dir/x.txt: cannot write:"))
  }

  static var chromium: URL? {
    ProcessResult.which("chromium") ?? ProcessResult.which("chromium-browser")
  }

  /// The HTML page in headless Chromium: it loads without a console error or a request, the
  /// graph has one node per host, and a screenshot is made (left in the temporary folder).
  @Test(
    .enabled(if: chromium != nil, "chromium is not installed"),
    arguments: TestPaths.sampleCaptures.map { URL(fileURLWithPath: $0).lastPathComponent })
  func htmlLoadsInChromiumWithOneNodePerHost(sample: String) throws {
    let chromium = try #require(Self.chromium)
    let folder = try TestPaths.temporaryFolder()
    let page = folder.appendingPathComponent("report.html")
    let json = try Self.run(["analyze", "--format", "json", "Samples/\(sample)"])
    let hosts = try #require(try Self.object(json.standardOutput)["hosts"] as? [[String: Any]])
    let written = try Self.run(
      ["analyze", "--format", "html", "-o", page.path, "Samples/\(sample)"])
    #expect(written.status == 0)
    let flags = [
      "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-extensions",
      "--user-data-dir=\(folder.appendingPathComponent("profile").path)",
      "--enable-logging=stderr", "--v=0",
    ]
    let dom = try Self.run([page.absoluteString], chromium: chromium, flags + ["--dump-dom"])
    #expect(dom.status == 0)
    for line in dom.standardError.split(separator: "\n") {
      #expect(!line.contains("CONSOLE") && !line.contains("Uncaught"), "\(line)")
      #expect(!line.contains("net::ERR"), "\(line)")
    }
    let nodes = dom.standardOutput.components(separatedBy: "<g class=\"node\"").count - 1
    #expect(nodes == hosts.count)
    for host in hosts {
      let address = try #require(host["address"] as? String)
      #expect(dom.standardOutput.contains("data-host=\"\(address)\""))
    }
    #expect(dom.standardOutput.contains("</svg>") && dom.standardOutput.contains("</html>"))
    // The SVG is well-formed XML, so it also opens on its own.
    let html = try String(contentsOf: page, encoding: .utf8)
    let start = try #require(html.range(of: "<svg xmlns"))
    let end = try #require(html.range(of: "</svg>", range: start.upperBound..<html.endIndex))
    let parser = XMLParser(data: Data(html[start.lowerBound..<end.upperBound].utf8))
    #expect(parser.parse(), "\(String(describing: parser.parserError))")
    let png = folder.appendingPathComponent("report.png")
    let shot = try Self.run(
      [page.absoluteString], chromium: chromium,
      flags + ["--screenshot=\(png.path)", "--window-size=1400,2000", "--hide-scrollbars"])
    #expect(shot.status == 0)
    let bytes = try Data(contentsOf: png)
    #expect(bytes.starts(with: [0x89, 0x50, 0x4E, 0x47]))
    #expect(bytes.count > 20_000)
  }

  /// Runs Chromium with its output in files, so a chatty standard error cannot block it.
  static func run(_ arguments: [String], chromium: URL, _ flags: [String]) throws -> ProcessResult {
    let folder = try TestPaths.temporaryFolder()
    let out = folder.appendingPathComponent("stdout")
    let err = folder.appendingPathComponent("stderr")
    _ = FileManager.default.createFile(atPath: out.path, contents: nil)
    _ = FileManager.default.createFile(atPath: err.path, contents: nil)
    let process = Process()
    process.executableURL = chromium
    process.arguments = flags + arguments
    process.environment = [
      "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin",
      "HOME": folder.path,
    ]
    process.standardOutput = try FileHandle(forWritingTo: out)
    process.standardError = try FileHandle(forWritingTo: err)
    process.standardInput = FileHandle.nullDevice
    try process.run()
    process.waitUntilExit()
    return ProcessResult(
      status: process.terminationStatus,
      standardOutput: try String(contentsOf: out, encoding: .utf8),
      standardError: try String(contentsOf: err, encoding: .utf8))
  }
}
