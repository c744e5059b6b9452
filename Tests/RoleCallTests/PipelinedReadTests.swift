import Foundation
import Testing

@testable import RoleCall

/// Reading on two threads (a reader that decodes into batches, the flow table on the caller's
/// thread) gives exactly what reading on one thread gives, at every batch size.
@Suite struct PipelinedReadTests {
  /// Everything a report shows of a read, plus the counters behind it.
  struct Outcome: Equatable {
    var flows: FlowsReport
    var stats: DecodeStats
    var packets: Int
    var accepted: Int
    var linkTypes: [LinkType: Int]
    var unsupported: [LinkType: Int]
    var errors: [CaptureError]

    init(_ analysis: FlowAnalysis) {
      flows = FlowsReport(analysis)
      stats = analysis.decoder.stats
      packets = analysis.packets
      accepted = analysis.acceptedPackets
      linkTypes = analysis.linkTypePackets
      unsupported = analysis.unsupportedLinkPackets
      errors = analysis.errors
    }
  }

  static func outcome(
    _ path: String, pipelined: Bool, batchSize: Int = 1024, filter: PacketFilter? = nil
  ) -> Outcome {
    var analysis = FlowAnalysis()
    analysis.read(
      path: path, filter: filter, progress: nil, pipelined: pipelined, batchSize: batchSize)
    return Outcome(analysis)
  }

  static let captures: [String] =
    TestPaths.sampleCaptures
    + ((try? FileManager.default.contentsOfDirectory(
      atPath: TestPaths.samples.appendingPathComponent("labs").path)) ?? [])
    .filter { $0.hasSuffix(".pcap") }.sorted()
    .map { TestPaths.samples.appendingPathComponent("labs/\($0)").path }
    + TestPaths.corpusCaptures

  @Test func everySampleAndCorpusCaptureReadsTheSameOnTwoThreads() throws {
    #expect(Self.captures.count >= 10)
    for path in Self.captures {
      let alone = Self.outcome(path, pipelined: false)
      #expect(alone.packets > 0, "\(path)")
      for size in [1, 7, 1024] {
        #expect(Self.outcome(path, pipelined: true, batchSize: size) == alone, "\(path) \(size)")
      }
    }
  }

  @Test func filteredReadsAgree() throws {
    let path = TestPaths.samples.appendingPathComponent("mixed.pcap").path
    let filter = try PacketFilter(expression: "tcp port 6969")
    let alone = Self.outcome(path, pipelined: false, filter: filter)
    #expect(alone.accepted == 241 && alone.packets == 619)
    #expect(Self.outcome(path, pipelined: true, batchSize: 5, filter: filter) == alone)
  }

  /// A file cut inside a record: the same error, and the same packets and flows before it, whether
  /// the fault falls at a batch's start, inside it or at its end.
  @Test func aTruncatedFileStopsAtTheSamePacket() throws {
    let bytes = try Data(contentsOf: TestPaths.samples.appendingPathComponent("web.pcap"))
    let folder = try TestPaths.temporaryFolder()
    let path = try CaptureWriter.write(Array(bytes.dropLast(7)), named: "cut.pcap", in: folder)
    let alone = Self.outcome(path, pipelined: false)
    #expect(alone.errors.count == 1)
    #expect(alone.errors.first?.kind == .truncated)
    for size in [1, 2, 3, 4, 1024] {
      #expect(Self.outcome(path, pipelined: true, batchSize: size) == alone, "batch \(size)")
    }
  }
}
