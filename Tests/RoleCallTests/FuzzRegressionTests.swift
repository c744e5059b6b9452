import Foundation
import Testing

@testable import RoleCall

/// Inputs the fuzz targets (Fuzz/) found crashing, kept in FuzzRegressions/ with a note in its
/// README. Every file there is read through the command line's path and in memory; the known
/// ones also have their exact outcome.
@Suite struct FuzzRegressionTests {
  static let folder = TestPaths.repository.appendingPathComponent(
    "Tests/RoleCallTests/FuzzRegressions")

  static var inputs: [String] {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
    return names.filter { $0.hasSuffix(".pcap") || $0.hasSuffix(".pcapng") }.sorted()
  }

  @Test func theFolderHoldsTheKnownInputs() {
    #expect(FuzzRegressionTests.inputs.count >= 2)
  }

  /// Reading never traps, and the file and memory readers agree on what was read.
  @Test(arguments: inputs)
  func readsWithoutTrapping(_ name: String) throws {
    let path = FuzzRegressionTests.folder.appendingPathComponent(name).path
    var analysis = FlowAnalysis()
    analysis.read(path: path)
    let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
    let read = CorruptRead.memory(bytes, name: name)
    #expect(analysis.packets == read.packets)
    #expect(
      analysis.errors.first?.message.dropFirst(path.count)
        == read.error?.message.dropFirst(name.count))
    #expect(analysis.tracker.flows.count == read.flows)
  }

  /// pcapng-reader target, first minute: in a second, big-endian section, one enhanced packet
  /// block's timestamp (0x05000000_EB1EF9AB microseconds) is beyond what Int64 nanoseconds hold;
  /// the reader wraps it, and the next packet of the same TCP flow made
  /// `FlowTracker.add` trap on `time - flow.lastSeen`. Now a gap too large to represent is
  /// idle, so that packet's flow is split off.
  @Test func timestampGapTooLargeForInt64() throws {
    let path = FuzzRegressionTests.folder
      .appendingPathComponent("pcapng-timestamp-overflow-flow-gap.pcapng").path
    var analysis = FlowAnalysis()
    analysis.read(path: path)
    #expect(analysis.errors.isEmpty)
    #expect(analysis.packets == 18)
    let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
    let read = CorruptRead.memory(bytes, name: "regression")
    #expect(read.timestamps[10] == -8_646_907_339_875_597_320)
    #expect(read.error == nil)
    // The absurd packet starts a flow of its own, and the flow it left carries on after it.
    let flows = analysis.tracker.flows
    let absurd = flows.filter { $0.firstSeen == -8_646_907_339_875_597_320 }
    #expect(absurd.count == 1)
    #expect(absurd.first.map { $0.fromA.packets + $0.fromB.packets } == 1)
    #expect(flows.allSatisfy { $0.lastSeen >= $0.firstSeen })
  }

  /// pcapng-reader target, 30 s, with the check that every flow's span fits in an Int64: a
  /// wrapped timestamp (0x1003EB95E6B2107A microseconds) lands 17,000 ns above the most negative
  /// gap from its flow's last packet, so it joined the flow, and a packet 2 ms after the last one
  /// then made `lastSeen - firstSeen` overflow. `rolecall flows` trapped on that subtraction in
  /// `FlowsReport` (exit 132). Now a packet that would make its flow's span overflow starts a
  /// new flow.
  @Test func flowSpanTooLargeForInt64() throws {
    let path = FuzzRegressionTests.folder
      .appendingPathComponent("pcapng-timestamp-flow-span-overflow.pcapng").path
    var analysis = FlowAnalysis()
    analysis.read(path: path)
    #expect(analysis.packets == 28)
    #expect(
      analysis.errors.first?.message
        == "\(path): block runs past the end of the file (needed 169607168 bytes, 52 left) (byte 3304)"
    )
    for flow in analysis.tracker.flows {
      let (span, overflow) = flow.lastSeen.subtractingReportingOverflow(flow.firstSeen)
      #expect(!overflow && span >= 0)
    }
    let result = try ProcessResult.run(TestPaths.binary, ["flows", "--format", "json", path])
    #expect(result.status == 1)
    #expect(result.standardError.contains("block runs past the end of the file"))
  }

  /// decoder target, two minutes: an Ethernet/IPv6 packet with a zero payload length (read as
  /// "what is on the wire") in a record whose original length, 12, is shorter than the Ethernet
  /// header. The IPv6 total length came out as 12 - 14 = -2, and `Flow.count` trapped on
  /// `UInt64(decoded.ipLength)`. Now a zero payload length means at least the 40-byte header.
  @Test func ipv6ZeroPayloadLengthWithShortOriginalLength() throws {
    let path = FuzzRegressionTests.folder
      .appendingPathComponent("ipv6-zero-payload-short-original.pcap").path
    var analysis = FlowAnalysis()
    analysis.read(path: path)
    #expect(analysis.errors.isEmpty)
    #expect(analysis.packets == 1)
    let file = try CaptureFile(path: path)
    let packet = try #require(try file.next())
    #expect(packet.originalLength == 12)
    #expect(packet.capturedLength == 71)
    var decoder = PacketDecoder()
    var decoded = DecodedPacket()
    decoder.decode(packet, into: &decoded)
    #expect(decoded.ipVersion == 6)
    #expect(decoded.ipLength == 40)
    #expect(decoded.payloadLength == 0)
  }
}
