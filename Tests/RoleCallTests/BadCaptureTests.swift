import Foundation
import Testing

@testable import RoleCall

/// Broken files: each gives one line naming the file and the fault, and keeps what came before.
@Suite struct BadCaptureTests {
  let good = FrameBuilder.webSegment(toServer: true, flags: 0x02)

  func analyze(_ bytes: [UInt8], name: String) throws -> (FlowAnalysis, String) {
    let folder = try TestPaths.temporaryFolder()
    let path = try CaptureWriter.write(bytes, named: name, in: folder)
    var analysis = FlowAnalysis()
    analysis.read(path: path)
    return (analysis, path)
  }

  @Test func truncatedLastRecord() throws {
    let packets = (0..<3).map {
      CaptureWriter.Packet(seconds: UInt32($0), fraction: 0, bytes: good)
    }
    let bytes = Array(CaptureWriter.pcap(packets).dropLast(10))
    let (analysis, path) = try analyze(bytes, name: "cut.pcap")
    #expect(analysis.packets == 2)
    #expect(analysis.tracker.flows.count == 1)
    let error = try #require(analysis.errors.first)
    #expect(error.kind == .truncated)
    #expect(
      error.message
        == "\(path): truncated packet record (needed 54 bytes, 44 left) (packet 3, byte 164)")
  }

  @Test func truncatedRecordHeader() throws {
    let bytes = CaptureWriter.pcap([.init(seconds: 1, fraction: 0, bytes: good)]) + [1, 2, 3, 4, 5]
    let (analysis, path) = try analyze(bytes, name: "hdr.pcap")
    #expect(analysis.packets == 1)
    #expect(
      analysis.errors.first?.message
        == "\(path): truncated packet record header (needed 16 bytes, 5 left) (packet 2, byte 94)")
  }

  @Test func recordLongerThanAnyCapture() throws {
    var bytes = CaptureWriter.pcap([.init(seconds: 1, fraction: 0, bytes: good)])
    bytes[32..<36] = [0, 0, 0x10, 0]  // caplen 1 MiB
    let (analysis, path) = try analyze(bytes, name: "huge.pcap")
    #expect(analysis.packets == 0)
    #expect(analysis.errors.first?.kind == .corrupt)
    #expect(
      analysis.errors.first?.message
        == "\(path): packet record claims 1048576 captured bytes, more than the 262144 a capture can hold (packet 1, byte 24)"
    )
  }

  @Test func wrongMagic() throws {
    let (analysis, path) = try analyze(Array("hello, this is text\n".utf8), name: "text.pcap")
    #expect(analysis.errors.first?.kind == .notACaptureFile)
    #expect(
      analysis.errors.first?.message
        == "\(path): not a pcap or pcapng file (unknown magic 0x68656c6c) (byte 0)")
  }

  @Test func emptyFileDirectoryAndMissingFile() throws {
    let (empty, path) = try analyze([], name: "empty.pcap")
    #expect(empty.errors.first?.message == "\(path): file is empty (byte 0)")
    let folder = try TestPaths.temporaryFolder()
    var analysis = FlowAnalysis()
    analysis.read(path: folder.path)
    #expect(analysis.errors.first?.message == "\(folder.path): is a directory, not a capture file")
    analysis.read(path: folder.appendingPathComponent("nothing.pcap").path)
    #expect(
      analysis.errors.last?.message
        == "\(folder.path)/nothing.pcap: cannot open: no such file or directory")
  }

  @Test func zeroPacketPcapIsFine() throws {
    let (analysis, _) = try analyze(CaptureWriter.pcap([]), name: "none.pcap")
    #expect(analysis.errors.isEmpty)
    #expect(analysis.packets == 0)
  }

  @Test func pcapngBlockPastTheEnd() throws {
    var bytes = CaptureWriter.sectionHeader() + CaptureWriter.interface(linkType: 1)
    bytes += CaptureWriter.enhancedPacket(interface: 0, ticks: 1, bytes: good)
    bytes += Array(CaptureWriter.enhancedPacket(interface: 0, ticks: 2, bytes: good).prefix(40))
    let (analysis, path) = try analyze(bytes, name: "cut.pcapng")
    #expect(analysis.packets == 1)
    #expect(
      analysis.errors.first?.message
        == "\(path): block runs past the end of the file (needed 88 bytes, 40 left) (byte 136)")
  }

  @Test func pcapngLengthsThatCannotBeRight() throws {
    let base = CaptureWriter.sectionHeader() + CaptureWriter.interface(linkType: 1)
    var odd = CaptureWriter.enhancedPacket(interface: 0, ticks: 1, bytes: good)
    odd[4] = 95
    let (first, path1) = try analyze(base + odd, name: "odd.pcapng")
    #expect(
      first.errors.first?.message
        == "\(path1): block length 95 is not a multiple of 4 of at least 12 (byte 48)")
    var mismatch = CaptureWriter.enhancedPacket(interface: 0, ticks: 1, bytes: good)
    mismatch[mismatch.count - 4] = 92
    let (second, path2) = try analyze(base + mismatch, name: "trail.pcapng")
    #expect(
      second.errors.first?.message
        == "\(path2): block length 88 does not match its trailing length 92 (byte 48)")
    let undefined = CaptureWriter.enhancedPacket(interface: 3, ticks: 1, bytes: good)
    let (third, path3) = try analyze(base + undefined, name: "iface.pcapng")
    #expect(
      third.errors.first?.message
        == "\(path3): packet refers to interface 3, which was never described (packet 1, byte 48)")
  }

  @Test func unknownLinkTypeIsCountedNotFatal() throws {
    let bytes = CaptureWriter.pcap([.init(seconds: 1, fraction: 0, bytes: good)], linkType: 147)
    let (analysis, _) = try analyze(bytes, name: "user0.pcap")
    #expect(analysis.errors.isEmpty)
    #expect(analysis.unsupportedLinkPackets == [LinkType(rawValue: 147): 1])
    #expect(analysis.tracker.flows.isEmpty)
  }
}
