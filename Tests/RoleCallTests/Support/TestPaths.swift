import Foundation
import Testing

/// Where the tests find the repository, its Samples, the shared folder and the built binary.
enum TestPaths {
  /// The repository root (three levels above this file).
  static let repository = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

  static let samples = repository.appendingPathComponent("Samples")
  static let shared = repository.deletingLastPathComponent().appendingPathComponent("shared")
  static let corpus = shared.appendingPathComponent("corpus")
  static let bench = shared.appendingPathComponent("bench")

  static var corpusPresent: Bool {
    FileManager.default.fileExists(atPath: corpus.appendingPathComponent("MANIFEST.tsv").path)
  }

  /// One row of the corpus MANIFEST: the file (relative to the corpus folder) and its packets.
  struct CorpusEntry: Sendable, CustomTestStringConvertible {
    var file: String
    var packets: Int

    var testDescription: String { file }
  }

  /// The corpus MANIFEST's rows, found by column name (empty when the corpus is absent).
  static let corpusManifest: [CorpusEntry] = {
    let url = corpus.appendingPathComponent("MANIFEST.tsv")
    guard let text = try? String(contentsOf: url, encoding: .utf8) else { return [] }
    let lines = text.split(separator: "\n").map {
      $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
    }
    guard let header = lines.first, let fileColumn = header.firstIndex(of: "file"),
      let packetsColumn = header.firstIndex(of: "packets")
    else { return [] }
    return lines.dropFirst().compactMap { fields in
      guard fields.count > max(fileColumn, packetsColumn), let packets = Int(fields[packetsColumn])
      else { return nil }
      return CorpusEntry(file: fields[fileColumn], packets: packets)
    }
  }()

  /// Every capture under Samples/ (not the bad ones), sorted.
  static var sampleCaptures: [String] {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: samples.path)) ?? []
    return names.filter { $0.hasSuffix(".pcap") || $0.hasSuffix(".pcapng") }.sorted()
      .map { samples.appendingPathComponent($0).path }
  }

  /// The corpus captures in MANIFEST order (none when the corpus is absent).
  static var corpusCaptures: [String] {
    corpusManifest.map { corpus.appendingPathComponent($0.file).path }
  }

  /// Every sample capture, then every corpus capture.
  static var allCaptures: [String] { sampleCaptures + corpusCaptures }

  /// The built `rolecall` binary next to the test bundle.
  static var binary: URL { product("rolecall") }

  /// A built executable of this package, next to the test bundle.
  static func product(_ name: String) -> URL {
    var directory = Bundle.main.bundleURL
    for _ in 0..<4 {
      let candidate = directory.appendingPathComponent(name)
      if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
      directory.deleteLastPathComponent()
    }
    return repository.appendingPathComponent(".build/debug/\(name)")
  }

  /// A fresh temporary folder for one test, inside this test process's own folder.
  static func temporaryFolder() throws -> URL {
    let url = temporaryRoot.appendingPathComponent(UUID().uuidString)
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
  }

  /// `rolecall-tests-PID` in the temporary directory, removed when the test process exits, so
  /// helpers may hand out paths inside their folders and a run leaves nothing behind.
  private static let temporaryRoot: URL = {
    atexit {
      try? FileManager.default.removeItem(at: TestPaths.processFolder(getpid()))
    }
    return processFolder(getpid())
  }()

  private static func processFolder(_ pid: pid_t) -> URL {
    FileManager.default.temporaryDirectory.appendingPathComponent("rolecall-tests-\(pid)")
  }
}

/// Runs a program and collects its output.
struct ProcessResult {
  var status: Int32
  var standardOutput: String
  var standardError: String

  static func run(
    _ executable: URL, _ arguments: [String], input: Data? = nil
  ) throws -> ProcessResult {
    let process = Process()
    process.executableURL = executable
    process.arguments = arguments
    return try collect(process, input: input ?? Data())
  }

  /// Runs the built `rolecall` in the repository root with exactly `environment` (no terminal,
  /// no COLUMNS, no NO_COLOR unless given) and empty standard input, so its output depends on
  /// nothing but its arguments.
  static func rolecall(
    _ arguments: [String], environment: [String: String]
  ) throws
    -> ProcessResult
  {
    let process = Process()
    process.executableURL = TestPaths.binary
    process.arguments = arguments
    process.currentDirectoryURL = TestPaths.repository
    process.environment = environment
    return try collect(process, input: Data())
  }

  /// Starts `process`, writes `input` to its standard input and closes it, and waits for its
  /// exit status and output.
  private static func collect(_ process: Process, input: Data) throws -> ProcessResult {
    let output = Pipe()
    let error = Pipe()
    let stdin = Pipe()
    process.standardOutput = output
    process.standardError = error
    process.standardInput = stdin
    try process.run()
    if !input.isEmpty { stdin.fileHandleForWriting.write(input) }
    try stdin.fileHandleForWriting.close()
    let outData = output.fileHandleForReading.readDataToEndOfFile()
    let errData = error.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return ProcessResult(
      status: process.terminationStatus, standardOutput: String(decoding: outData, as: UTF8.self),
      standardError: String(decoding: errData, as: UTF8.self))
  }

  /// Finds `name` on PATH.
  static func which(_ name: String) -> URL? {
    let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
    for directory in path.split(separator: ":") {
      let url = URL(fileURLWithPath: String(directory)).appendingPathComponent(name)
      if FileManager.default.isExecutableFile(atPath: url.path) { return url }
    }
    return nil
  }
}
