import Foundation
import Testing

@testable import RoleCall

/// The C reference's totals line is a correctness contract: on the same capture, rolecall's flow
/// table must find the same flows, initiators and per-direction counts.
@Suite struct BenchContractTests {
  static let benchDirectory =
    ProcessInfo.processInfo.environment["PERF_DIR"]
    ?? FileManager.default.temporaryDirectory.appendingPathComponent("rolecall-bench").path

  static var toolsPresent: Bool {
    FileManager.default.fileExists(
      atPath: TestPaths.bench.appendingPathComponent("make-pcaps.sh").path)
      && ProcessResult.which("gcc") != nil
  }

  /// Builds the references and writes small.pcap if they are not there yet.
  static func prepare() throws -> (capture: String, reference: URL) {
    let capture = benchDirectory + "/small.pcap"
    let reference = URL(fileURLWithPath: benchDirectory + "/bin/c-flows")
    if !FileManager.default.fileExists(atPath: capture)
      || !FileManager.default.fileExists(atPath: reference.path)
    {
      let script = TestPaths.bench.appendingPathComponent("make-pcaps.sh")
      let made = try ProcessResult.run(
        URL(fileURLWithPath: "/usr/bin/env"),
        ["PERF_DIR=\(benchDirectory)", "bash", script.path, "small"])
      #expect(made.status == 0, "\(made.standardError)")
    }
    return (capture, reference)
  }

  @Test(.enabled(if: toolsPresent)) func smallPcapMatchesCFlowsTotals() throws {
    let (capture, reference) = try Self.prepare()
    let line = try ProcessResult.run(reference, [capture]).standardOutput
    var expected: [String: UInt64] = [:]
    for pair in line.split(whereSeparator: \.isWhitespace) {
      let parts = pair.split(separator: "=")
      if parts.count == 2, let value = UInt64(parts[1]) { expected[String(parts[0])] = value }
    }
    #expect(expected["packets"] == 476_737)
    // The reference never expires a flow; rolecall's idle timeouts are set past the capture's
    // 216 s so both count the same conversations. (With Zeek's 60 s UDP default, 27 DHT pairs
    // that pause longer are counted twice, as Zeek would.)
    var analysis = FlowAnalysis(
      timeouts: FlowTimeouts(tcpSeconds: 1e6, udpSeconds: 1e6, otherSeconds: 1e6))
    analysis.read(path: capture)
    let report = FlowsReport(analysis)
    let totals = report.totals
    let other =
      totals.flows - (totals.flowsByTransport["tcp"] ?? 0) - (totals.flowsByTransport["udp"] ?? 0)
    #expect(UInt64(totals.packets) == expected["packets"])
    #expect(totals.wireBytes == expected["wire_bytes"])
    #expect(UInt64(totals.flows) == expected["flows"])
    #expect(UInt64(totals.flowsByTransport["tcp"] ?? 0) == expected["tcp"])
    #expect(UInt64(totals.flowsByTransport["udp"] ?? 0) == expected["udp"])
    #expect(UInt64(other) == expected["other"])
    #expect(totals.originatorToResponder.packets == expected["i2r_pkts"])
    #expect(totals.responderToOriginator.packets == expected["r2i_pkts"])
    #expect(totals.originatorToResponder.bytes == expected["i2r_bytes"])
    #expect(totals.responderToOriginator.bytes == expected["r2i_bytes"])
    #expect(UInt64(totals.notInFlows["not-ip"] ?? 0) == expected["nonip"])
    #expect(analysis.decoder.stats.totalMalformed == 0)
  }
}
