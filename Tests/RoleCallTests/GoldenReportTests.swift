import Foundation
import Testing

/// Golden files: `rolecall analyze` in every format on every sample, byte for byte.
///
/// The binary runs in the repository root on `Samples/NAME`, so the paths in the reports are
/// relative and the files are the same on every machine. A normal run only compares; when a
/// report changes on purpose, regenerate with
///
///     UPDATE_GOLDEN=1 swift test --filter GoldenReportTests
///
/// and review the diff of `Tests/RoleCallTests/Golden` before committing it.
@Suite struct GoldenReportTests {
  static let folder = TestPaths.repository.appendingPathComponent("Tests/RoleCallTests/Golden")
  static let updating = ProcessInfo.processInfo.environment["UPDATE_GOLDEN"] == "1"

  struct Case: Sendable, CustomTestStringConvertible {
    /// The capture or folder, relative to the repository.
    var input: String
    var format: String
    var golden: String
    var testDescription: String { golden }
  }

  static let extensions = ["text": "txt", "json": "json", "markdown": "md", "html": "html"]

  /// Every sample in every format, and the Samples folder (every capture analysed on its own)
  /// in text and Markdown.
  static let cases: [Case] = {
    var cases: [Case] = []
    for path in TestPaths.sampleCaptures {
      let name = URL(fileURLWithPath: path).lastPathComponent
      let stem = URL(fileURLWithPath: name).deletingPathExtension().lastPathComponent
      for format in ["text", "json", "markdown", "html"] {
        cases.append(
          Case(
            input: "Samples/\(name)", format: format,
            golden: "\(stem).\(extensions[format] ?? format)"))
      }
    }
    for format in ["text", "markdown"] {
      cases.append(
        Case(
          input: "Samples", format: format, golden: "Samples-folder.\(extensions[format] ?? "")"))
    }
    return cases
  }()

  /// Runs the built binary in the repository root with a plain environment (no terminal, no
  /// COLUMNS, no NO_COLOR), so the output depends on nothing but the input.
  static func analyze(_ arguments: [String], timeZone: String = "UTC") throws -> ProcessResult {
    try ProcessResult.rolecall(
      ["analyze"] + arguments,
      environment: [
        "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin", "TZ": timeZone,
        "LANG": "C.UTF-8",
      ])
  }

  @Test(arguments: cases)
  func reportMatchesItsGoldenFile(_ test: Case) throws {
    let result = try Self.analyze(["--format", test.format, test.input])
    #expect(result.status == 0, "\(result.standardError)")
    #expect(result.standardError.isEmpty)
    let golden = Self.folder.appendingPathComponent(test.golden)
    if Self.updating {
      try FileManager.default.createDirectory(at: Self.folder, withIntermediateDirectories: true)
      try Data(result.standardOutput.utf8).write(to: golden)
      return
    }
    let expected = try String(contentsOf: golden, encoding: .utf8)
    if result.standardOutput != expected {
      let actual = FileManager.default.temporaryDirectory
        .appendingPathComponent("rolecall-golden-\(test.golden)")
      try Data(result.standardOutput.utf8).write(to: actual)
      let expectedLines = expected.split(separator: "\n", omittingEmptySubsequences: false)
      let actualLines = result.standardOutput.split(
        separator: "\n", omittingEmptySubsequences: false)
      let first =
        zip(expectedLines, actualLines).enumerated().first { $0.element.0 != $0.element.1 }?.offset
        ?? min(expectedLines.count, actualLines.count)
      Issue.record(
        """
        \(test.golden) differs from `rolecall analyze --format \(test.format) \(test.input)` \
        from line \(first + 1):
          golden: \(first < expectedLines.count ? String(expectedLines[first]) : "<end>")
          actual: \(first < actualLines.count ? String(actualLines[first]) : "<end>")
        See the whole change with: diff -u \(golden.path) \(actual.path)
        If the change is intended: UPDATE_GOLDEN=1 swift test --filter GoldenReportTests, \
        then review the diff of Tests/RoleCallTests/Golden.
        """)
    }
  }

  /// Every golden file belongs to a case, so a removed sample or format leaves nothing behind.
  @Test func noStrayGoldenFiles() throws {
    let names = try FileManager.default.contentsOfDirectory(atPath: Self.folder.path)
    #expect(Set(names).subtracting(Self.cases.map(\.golden)).sorted() == [])
  }

  /// Twice the same input, twice the same bytes, whatever the time zone.
  @Test func reportsAreDeterministic() throws {
    let first = try Self.analyze(["--format", "html", "Samples/mixed.pcap"])
    let second = try Self.analyze(
      ["--format", "html", "Samples/mixed.pcap"], timeZone: "America/Los_Angeles")
    #expect(first.standardOutput == second.standardOutput)
    #expect(first.standardOutput.contains("2026-11-25T"))
  }
}
