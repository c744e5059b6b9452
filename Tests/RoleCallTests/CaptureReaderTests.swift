import Foundation
import Testing

@testable import RoleCall

/// Reads every packet of `path` into plain values (the views die at the next read).
func readAll(_ path: String) throws -> [LibpcapRecord] {
  try readAll(try CaptureFile(path: path))
}

/// Every record of an open capture.
func readAll(_ file: CaptureFile) throws -> [LibpcapRecord] {
  var records: [LibpcapRecord] = []
  while let packet = try file.next() {
    records.append(
      LibpcapRecord(
        timestamp: packet.timestamp, capturedLength: packet.capturedLength,
        originalLength: packet.originalLength, bytes: Array(packet.bytes)))
  }
  return records
}

@Suite struct PcapReaderTests {
  let frames: [CaptureWriter.Packet] = [
    .init(
      seconds: 1_700_000_000, fraction: 123_456,
      bytes: FrameBuilder.webSegment(toServer: true, flags: 0x02)),
    .init(
      seconds: 1_700_000_001, fraction: 999_999,
      bytes: FrameBuilder.webSegment(toServer: false, flags: 0x12)),
  ]

  @Test(arguments: [(false, false), (false, true), (true, false), (true, true)])
  func readsEveryByteOrderAndUnit(nanosecond: Bool, bigEndian: Bool) throws {
    let folder = try TestPaths.temporaryFolder()
    let path = try CaptureWriter.write(
      CaptureWriter.pcap(frames, nanosecond: nanosecond, bigEndian: bigEndian), named: "t.pcap",
      in: folder)
    let records = try readAll(path)
    #expect(records.count == 2)
    let unit: Int64 = nanosecond ? 1 : 1000
    #expect(records[0].timestamp == 1_700_000_000 * 1_000_000_000 + 123_456 * unit)
    #expect(records[1].timestamp == 1_700_000_001 * 1_000_000_000 + 999_999 * unit)
    #expect(records[0].bytes == frames[0].bytes)
    #expect(records[1].originalLength == frames[1].bytes.count)
    let file = try CaptureFile(path: path)
    #expect(file.format == .pcap)
    // libpcap agrees.
    let reference = try #require(LibpcapFile.read(path))
    #expect(reference.records == records)
  }

  @Test func keepsOriginalLengthBeyondSnaplen() throws {
    let folder = try TestPaths.temporaryFolder()
    var short = frames[0]
    short.originalLength = 1514
    let path = try CaptureWriter.write(
      CaptureWriter.pcap([short], snapLength: 96), named: "s.pcap", in: folder)
    let records = try readAll(path)
    #expect(records.map(\.originalLength) == [1514])
    #expect(records.map(\.capturedLength) == [54])
  }

  /// A file is read through a 1 MiB buffer: records that straddle its refills, and a pcapng
  /// block larger than it, read exactly as the same bytes held in memory (one piece) do.
  @Test func readsRecordsAcrossBufferRefills() throws {
    var packets: [CaptureWriter.Packet] = []
    for number in 0..<9_000 {
      // 60 to 1,037 bytes: record boundaries fall everywhere against the 1 MiB refills.
      let size = 60 + number * 7919 % 978
      packets.append(
        CaptureWriter.Packet(
          seconds: UInt32(1_700_000_000 + number), fraction: UInt32(number),
          bytes: (0..<size).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ number) }))
    }
    let pcap = CaptureWriter.pcap(packets)
    var pcapng = CaptureWriter.sectionHeader() + CaptureWriter.interface(linkType: 1)
    for (number, packet) in packets.enumerated() {
      if number == 4_000 {
        // 2.5 MiB of an unknown block: the buffer grows to hold it, then the reading goes on.
        pcapng += CaptureWriter.block(0x0BAD, [UInt8](repeating: 0xA5, count: 5 << 19))
      }
      pcapng += CaptureWriter.enhancedPacket(
        interface: 0, ticks: UInt64(packet.seconds) * 1_000_000 + UInt64(packet.fraction),
        bytes: packet.bytes)
    }
    #expect(pcap.count > 3 << 20 && pcapng.count > 6 << 20)
    let folder = try TestPaths.temporaryFolder()
    for (name, bytes) in [("big.pcap", pcap), ("big.pcapng", pcapng)] {
      let path = try CaptureWriter.write(bytes, named: name, in: folder)
      let fromFile = try readAll(path)
      let inMemory = try readAll(
        try bytes.withUnsafeBytes { try CaptureFile(bytes: $0, name: name) })
      // Compared into booleans first: a failure prints the capture, not 9,000 records.
      let libpcap = try #require(LibpcapFile.read(path), "\(name)")
      let sameInMemory = fromFile == inMemory
      let sameBytes = fromFile.map(\.bytes) == packets.map(\.bytes)
      let sameAsLibpcap = libpcap.error == nil && libpcap.records == fromFile
      #expect(fromFile.count == 9_000, "\(name)")
      #expect(sameInMemory, "\(name): read from the file and from memory")
      #expect(sameBytes, "\(name): the packets written")
      #expect(sameAsLibpcap, "\(name): as libpcap reads it")
    }
  }

  @Test func readsStandardInputStreams() throws {
    let folder = try TestPaths.temporaryFolder()
    let bytes = CaptureWriter.pcap(frames)
    let path = try CaptureWriter.write(bytes, named: "p.pcap", in: folder)
    let result = try ProcessResult.run(
      TestPaths.binary, ["flows", "--format", "tsv", "-"], input: Data(bytes))
    let direct = try ProcessResult.run(TestPaths.binary, ["flows", "--format", "tsv", path])
    #expect(result.status == 0)
    #expect(result.standardOutput == direct.standardOutput)
    #expect(result.standardOutput.contains("10.0.0.11\t40000\t10.0.0.10\t80\ttcp"))
  }
}

@Suite struct PcapngReaderTests {
  let syn = FrameBuilder.webSegment(toServer: true, flags: 0x02)
  let synAck = FrameBuilder.webSegment(toServer: false, flags: 0x12)

  @Test func readsSectionsInterfacesAndEveryPacketBlock() throws {
    let raw = FrameBuilder.ipv4(
      0x0A00_0001, 0x0A00_0002, protocol: 17, FrameBuilder.udp(5000, 53, [0, 1, 0, 0]))
    var bytes = CaptureWriter.sectionHeader()
    bytes += CaptureWriter.interface(linkType: 1, resolution: 9)  // nanoseconds
    bytes += CaptureWriter.block(0x0BAD, [1, 2, 3, 4])  // unknown block: skipped
    bytes += CaptureWriter.enhancedPacket(
      interface: 0, ticks: 1_700_000_000_123_456_789, bytes: syn)
    bytes += CaptureWriter.simplePacket(bytes: synAck)
    bytes += CaptureWriter.interface(linkType: 101, resolution: 0x80 | 20)  // raw IP, 2^-20 s
    bytes += CaptureWriter.enhancedPacket(interface: 1, ticks: 3 << 20 | 1 << 19, bytes: raw)
    bytes += CaptureWriter.obsoletePacket(
      interface: 0, ticks: 1_700_000_001_000_000_000, bytes: syn)
    // A second section, big-endian, with its own interface table (microseconds by default).
    bytes += CaptureWriter.sectionHeader(bigEndian: true)
    bytes += CaptureWriter.interface(linkType: 1, bigEndian: true)
    bytes += CaptureWriter.enhancedPacket(
      interface: 0, ticks: 1_700_000_002_000_001, bytes: synAck, bigEndian: true)
    bytes += CaptureWriter.interface(linkType: 1, resolution: 12, bigEndian: true)  // picoseconds
    bytes += CaptureWriter.enhancedPacket(
      interface: 1, ticks: 5_000_000_001_999, bytes: syn, bigEndian: true)
    let folder = try TestPaths.temporaryFolder()
    let path = try CaptureWriter.write(bytes, named: "t.ntar", in: folder)
    let file = try CaptureFile(path: path)
    #expect(file.format == .pcapng)
    var seen: [(Int64, LinkType, Int, [UInt8])] = []
    while let packet = try file.next() {
      seen.append((packet.timestamp, packet.linkType, packet.interface, Array(packet.bytes)))
    }
    #expect(seen.count == 6)
    #expect(seen[0].0 == 1_700_000_000_123_456_789)
    #expect(seen[1].0 == 0)  // simple packet blocks carry no time
    #expect(seen[1].3 == synAck)
    #expect(seen[2].0 == 3_500_000_000)
    #expect(seen[2].1 == .raw)
    #expect(seen[2].2 == 1)
    #expect(seen[3].0 == 1_700_000_001_000_000_000)
    #expect(seen[4].0 == 1_700_000_002_000_001_000)
    #expect(seen[4].2 == 2)  // interfaces are numbered across sections
    #expect(seen[5].0 == 5_000_000_001)  // finer than a nanosecond: truncated
    #expect(seen[5].2 == 3)
    #expect(seen.map(\.3) == [syn, synAck, raw, syn, synAck, syn])
  }
}

/// The readers must yield exactly what libpcap yields on every file libpcap can open.
@Suite struct LibpcapParityTests {
  static let files: [String] =
    TestPaths.allCaptures

  @Test(arguments: files)
  func readersMatchLibpcap(path: String) throws {
    guard let reference = LibpcapFile.read(path) else {
      // libpcap cannot open pcapng files whose interfaces differ in link type; rolecall can.
      let records = try readAll(path)
      #expect(!records.isEmpty)
      return
    }
    let file = try CaptureFile(path: path)
    var index = 0
    while let packet = try file.next() {
      guard index < reference.records.count else {
        // libpcap stops at the first interface whose link type differs from the first one's.
        #expect(reference.error != nil, "rolecall read more packets than libpcap")
        index += 1
        continue
      }
      let expected = reference.records[index]
      #expect(packet.timestamp == expected.timestamp, "packet \(index + 1)")
      #expect(packet.capturedLength == expected.capturedLength, "packet \(index + 1)")
      #expect(packet.originalLength == expected.originalLength, "packet \(index + 1)")
      #expect(Array(packet.bytes) == expected.bytes, "packet \(index + 1)")
      index += 1
    }
    if reference.error == nil {
      #expect(index == reference.records.count)
    } else {
      #expect(reference.error?.contains("different from the type of the first interface") == true)
    }
  }
}
