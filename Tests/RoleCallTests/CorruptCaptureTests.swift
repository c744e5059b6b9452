import Foundation
import Testing

@testable import RoleCall

/// What reading a capture through the whole path (reader, decoder, flow tracker) gave.
struct CorruptRead {
  var packets = 0
  var capturedBytes = 0
  var timestamps: [Int64] = []
  var flows = 0
  var unsupported = 0
  var error: CaptureError?

  /// Reads `bytes` in memory, naming the capture `name` in errors.
  static func memory(_ bytes: [UInt8], name: String) -> CorruptRead {
    var read = CorruptRead()
    var decoder = PacketDecoder()
    var decoded = DecodedPacket()
    var tracker = FlowTracker(capacity: 64)
    do {
      let file = try bytes.withUnsafeBytes { try CaptureFile(bytes: $0, name: name) }
      while let packet = try file.next() {
        read.packets += 1
        read.capturedBytes += packet.capturedLength
        read.timestamps.append(packet.timestamp)
        decoder.decode(packet, into: &decoded)
        if decoded.linkSupported {
          tracker.add(packet, decoded)
        } else {
          read.unsupported += 1
        }
      }
    } catch let error as CaptureError {
      read.error = error
    } catch {
      Issue.record("unexpected error \(error)")
    }
    read.flows = tracker.flows.count
    return read
  }
}

/// One kind of broken (or odd but valid) capture and exactly what reading it gives.
struct CorruptCase: Sendable, CustomTestStringConvertible {
  var kind: String
  var fileExtension: String
  var bytes: [UInt8]
  /// Packets read before the error (or in all, without one).
  var packets: Int
  /// The message after `PATH: `, or `nil` when the file reads to its end.
  var error: String?
  var capturedBytes: Int?
  var flows: Int?
  var unsupported: Int?
  var timestamps: [Int64]?

  var testDescription: String { kind }

  init(
    _ kind: String, _ fileExtension: String, _ bytes: [UInt8], packets: Int, error: String?,
    capturedBytes: Int? = nil, flows: Int? = nil, unsupported: Int? = nil,
    timestamps: [Int64]? = nil
  ) {
    self.kind = kind
    self.fileExtension = fileExtension
    self.bytes = bytes
    self.packets = packets
    self.error = error
    self.capturedBytes = capturedBytes
    self.flows = flows
    self.unsupported = unsupported
    self.timestamps = timestamps
  }
}

extension Array where Element == UInt8 {
  /// A copy with the little-endian `value` written at `offset`.
  func setting(_ value: UInt32, at offset: Int) -> [UInt8] {
    var copy = self
    copy.replaceSubrange(offset..<(offset + 4), with: value.littleEndianBytes)
    return copy
  }
}

/// The corrupt-file suite: each kind of damage, with its exact message and the packets read
/// before it, both in memory and from a file on disk (which must agree).
@Suite struct CorruptCaptureTests {
  static let frame = FrameBuilder.webSegment(toServer: true, flags: 0x02)  // 54 bytes
  /// Three 54-byte frames: records start at bytes 24, 94 and 164; the file is 234 bytes.
  static let pcap3 = CaptureWriter.pcap(
    (1...3).map { CaptureWriter.Packet(seconds: UInt32($0), fraction: 0, bytes: frame) })
  /// A 28-byte section header and a 20-byte Ethernet interface: the first block after is at 48.
  static let head = CaptureWriter.sectionHeader() + CaptureWriter.interface(linkType: 1)
  /// An 88-byte enhanced packet block holding `frame`.
  static func epb(_ ticks: UInt64 = 1, interface: UInt32 = 0) -> [UInt8] {
    CaptureWriter.enhancedPacket(interface: interface, ticks: ticks, bytes: frame)
  }

  static let pcapCases: [CorruptCase] = [
    CorruptCase(
      "bad magic", "pcap", Array("hello, this is text\n".utf8), packets: 0,
      error: "not a pcap or pcapng file (unknown magic 0x68656c6c) (byte 0)"),
    CorruptCase("empty file", "pcap", [], packets: 0, error: "file is empty (byte 0)"),
    CorruptCase(
      "shorter than a magic number", "pcap", [0xD4, 0xC3, 0xB2], packets: 0,
      error: "file is too short to be a capture (3 bytes) (byte 0)"),
    CorruptCase(
      "truncated global header", "pcap", Array(pcap3.prefix(14)), packets: 0,
      error: "truncated pcap file header (needed 24 bytes, 14 left) (byte 0)"),
    CorruptCase(
      "unsupported pcap version", "pcap", pcap3.setting(3, at: 4), packets: 0,
      error: "unsupported pcap version 3 (byte 4)"),
    CorruptCase(
      "truncated record header", "pcap", Array(pcap3.prefix(94 + 5)), packets: 1,
      error: "truncated packet record header (needed 16 bytes, 5 left) (packet 2, byte 94)"),
    CorruptCase(
      "truncated record data", "pcap", Array(pcap3.dropLast(10)), packets: 2,
      error: "truncated packet record (needed 54 bytes, 44 left) (packet 3, byte 164)"),
    CorruptCase(
      "record longer than any capture", "pcap", pcap3.setting(262_145, at: 94 + 8), packets: 1,
      error:
        "packet record claims 262145 captured bytes, more than the 262144 a capture can hold (packet 2, byte 94)"
    ),
    CorruptCase(
      "record length over the snaplen", "pcap", pcap3.setting(40, at: 16), packets: 3, error: nil,
      capturedBytes: 3 * 40, flows: 0),
    CorruptCase(
      "captured length over the original length", "pcap",
      pcap3.setting(20, at: 24 + 12).setting(20, at: 94 + 12).setting(20, at: 164 + 12),
      packets: 3, error: nil, capturedBytes: 3 * 54, flows: 1),
    CorruptCase(
      "zero-length packets", "pcap",
      CaptureWriter.pcap((1...3).map { .init(seconds: UInt32($0), fraction: 0, bytes: []) }),
      packets: 3, error: nil, capturedBytes: 0, flows: 0),
    CorruptCase(
      "absurd timestamps", "pcap",
      CaptureWriter.pcap([
        .init(seconds: .max, fraction: .max, bytes: frame),
        .init(seconds: 0, fraction: 0, bytes: frame),
      ]), packets: 2, error: nil, flows: 1,
      timestamps: [4_294_967_295 * 1_000_000_000 + 4_294_967_295 * 1000, 0]),
    CorruptCase(
      "link type with FCS bits above the low 16", "pcap", pcap3.setting(0x1400_0001, at: 20),
      packets: 3, error: nil, flows: 1, unsupported: 0),
    CorruptCase(
      "unknown link type", "pcap", pcap3.setting(147, at: 20), packets: 3, error: nil, flows: 0,
      unsupported: 3),
  ]

  static let pcapngCases: [CorruptCase] = [
    CorruptCase(
      "block length not a multiple of 4", "pcapng", head + epb().setting(95, at: 4), packets: 0,
      error: "block length 95 is not a multiple of 4 of at least 12 (byte 48)"),
    CorruptCase(
      "block length below 12", "pcapng", head + epb().setting(8, at: 4), packets: 0,
      error: "block length 8 is not a multiple of 4 of at least 12 (byte 48)"),
    CorruptCase(
      "block length past the end", "pcapng", head + epb(1) + Array(epb(2).prefix(40)), packets: 1,
      error: "block runs past the end of the file (needed 88 bytes, 40 left) (byte 136)"),
    CorruptCase(
      "trailing length mismatch", "pcapng", head + epb(1) + epb(2).setting(92, at: 84), packets: 1,
      error: "block length 88 does not match its trailing length 92 (byte 136)"),
    CorruptCase(
      "truncated block header", "pcapng", head + epb(1) + [1, 2, 3, 4, 5], packets: 1,
      error: "truncated block header (needed 8 bytes, 5 left) (byte 136)"),
    CorruptCase(
      "unknown block types are skipped", "pcapng",
      head + CaptureWriter.block(0x0BAD, [1, 2, 3, 4, 5]) + epb(1)
        + CaptureWriter.block(0x1234_5678, []) + CaptureWriter.block(4, [0, 0, 0, 0])
        + CaptureWriter.block(5, [0, 0, 0, 0, 0, 0, 0, 0]) + epb(2),
      packets: 2, error: nil, flows: 1),
    CorruptCase(
      "packet for an undefined interface", "pcapng", head + epb(interface: 1), packets: 0,
      error: "packet refers to interface 1, which was never described (packet 1, byte 48)"),
    CorruptCase(
      "interface with an unknown link type", "pcapng",
      CaptureWriter.sectionHeader() + CaptureWriter.interface(linkType: 147) + epb(1) + epb(2),
      packets: 2, error: nil, flows: 0, unsupported: 2),
    CorruptCase(
      "second section of the other byte order", "pcapng",
      head + epb(1) + CaptureWriter.sectionHeader(bigEndian: true)
        + CaptureWriter.interface(linkType: 1, bigEndian: true)
        + CaptureWriter.enhancedPacket(interface: 0, ticks: 2, bytes: frame, bigEndian: true),
      packets: 2, error: nil, flows: 1, timestamps: [1000, 2000]),
    CorruptCase(
      "section header in the middle forgets the interfaces", "pcapng",
      head + epb(1) + CaptureWriter.sectionHeader() + epb(2), packets: 1,
      error: "packet refers to interface 0, which was never described (packet 2, byte 164)"),
    CorruptCase(
      "unknown byte-order magic", "pcapng", head.setting(0, at: 8) + epb(), packets: 0,
      error: "section header has an unknown byte-order magic (byte 8)"),
    CorruptCase(
      "unsupported pcapng version", "pcapng", head.setting(2, at: 12) + epb(), packets: 0,
      error: "unsupported pcapng version 2 (byte 12)"),
    CorruptCase(
      "truncated section header", "pcapng", Array(head.prefix(10)), packets: 0,
      error: "truncated section header block (needed 12 bytes, 10 left) (byte 0)"),
    CorruptCase(
      "section header block too short", "pcapng",
      CaptureWriter.block(0x0A0D_0D0A, Array(head[8..<16]) + [0, 0, 0, 0]), packets: 0,
      error: "section header block is too short (24 bytes) (byte 0)"),
    CorruptCase(
      "captured length larger than the block", "pcapng", head + epb().setting(200, at: 20),
      packets: 0,
      error: "packet claims 200 captured bytes but its block holds 56 (packet 1, byte 48)"),
    CorruptCase(
      "enhanced packet block too short", "pcapng",
      head + CaptureWriter.block(6, [UInt8](repeating: 0, count: 16)), packets: 0,
      error: "packet block is too short (packet 1, byte 48)"),
    CorruptCase(
      "simple packet block too short", "pcapng", head + CaptureWriter.block(3, []), packets: 0,
      error: "simple packet block is too short (packet 1, byte 48)"),
    CorruptCase(
      "interface block too short", "pcapng",
      CaptureWriter.sectionHeader() + CaptureWriter.block(1, [1, 0, 0, 0]), packets: 0,
      error: "interface description block is too short (16 bytes) (byte 28)"),
    CorruptCase(
      "interface option past its block", "pcapng",
      CaptureWriter.sectionHeader()
        + CaptureWriter.block(1, [1, 0, 0, 0, 0, 0, 0, 0, 9, 0, 200, 0, 6, 0, 0, 0]) + epb(),
      packets: 0, error: "interface option 9 runs past the end of its block (byte 44)"),
    CorruptCase(
      "time resolution that cannot be represented", "pcapng",
      CaptureWriter.sectionHeader() + CaptureWriter.interface(linkType: 1, resolution: 19) + epb(),
      packets: 0, error: "interface time resolution 10^-19 cannot be represented (byte 28)"),
    // The fuzzer's first find: a timestamp gap too large for Int64 trapped in the flow tracker.
    CorruptCase(
      "absurd timestamps", "pcapng",
      CaptureWriter.sectionHeader() + CaptureWriter.interface(linkType: 1, resolution: 9)
        + epb(UInt64(Int64.max)) + epb(UInt64(1) << 63) + epb(0),
      packets: 3, error: nil, flows: 3, timestamps: [.max, .min, 0]),
    CorruptCase(
      "binary time resolution at its limit", "pcapng",
      CaptureWriter.sectionHeader() + CaptureWriter.interface(linkType: 1, resolution: 0x80 | 63)
        + epb(.max),
      packets: 1, error: nil, timestamps: [1_999_999_999]),
    CorruptCase(
      "zero-length packets", "pcapng",
      head + CaptureWriter.enhancedPacket(interface: 0, ticks: 1, bytes: [])
        + CaptureWriter.simplePacket(bytes: []),
      packets: 2, error: nil, capturedBytes: 0, flows: 0),
    CorruptCase(
      "simple packet over the snaplen", "pcapng",
      CaptureWriter.sectionHeader() + CaptureWriter.interface(linkType: 1, snapLength: 40)
        + CaptureWriter.simplePacket(bytes: frame),
      packets: 1, error: nil, capturedBytes: 40, flows: 0),
    CorruptCase(
      "simple packet claiming more than its block", "pcapng",
      head + CaptureWriter.simplePacket(bytes: frame).setting(1000, at: 8), packets: 1,
      error: nil, capturedBytes: 56, flows: 1),
    CorruptCase(
      "section without interfaces or packets", "pcapng", CaptureWriter.sectionHeader(),
      packets: 0, error: nil),
    CorruptCase(
      "obsolete packet block", "pcapng",
      head + CaptureWriter.obsoletePacket(interface: 0, ticks: 5, bytes: frame), packets: 1,
      error: nil, flows: 1, timestamps: [5000]),
  ]

  @Test(arguments: pcapCases + pcapngCases)
  func readsExactlyWhatCameBeforeTheFault(_ test: CorruptCase) throws {
    let name = "corrupt.\(test.fileExtension)"
    let read = CorruptRead.memory(test.bytes, name: name)
    #expect(read.packets == test.packets)
    #expect(read.error?.message == test.error.map { "\(name): \($0)" })
    if let capturedBytes = test.capturedBytes { #expect(read.capturedBytes == capturedBytes) }
    if let flows = test.flows { #expect(read.flows == flows) }
    if let unsupported = test.unsupported { #expect(read.unsupported == unsupported) }
    if let timestamps = test.timestamps { #expect(read.timestamps == timestamps) }

    // The same bytes in a file, through the command line's path, say the same about it.
    let folder = try TestPaths.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let path = try CaptureWriter.write(test.bytes, named: name, in: folder)
    var analysis = FlowAnalysis()
    analysis.read(path: path)
    #expect(analysis.packets == test.packets)
    #expect(analysis.errors.first?.message == test.error.map { "\(path): \($0)" })
    #expect(analysis.files.first?.packets == test.packets)
    #expect(analysis.tracker.flows.count == read.flows)
  }

  @Test func coversAtLeastTwentyKinds() {
    let kinds = Set((CorruptCaptureTests.pcapCases + CorruptCaptureTests.pcapngCases).map(\.kind))
    #expect(kinds.count >= 20)
    let failing = (CorruptCaptureTests.pcapCases + CorruptCaptureTests.pcapngCases)
      .compactMap(\.error).count
    #expect(failing >= 20)
  }
}

extension CorruptCaptureTests {
  /// The in-memory reader (`CaptureFile(bytes:name:)`) hands out what the file reader does.
  @Suite struct InMemoryReader {
    @Test(arguments: TestPaths.sampleCaptures)
    func matchesTheFileReader(_ path: String) throws {
      let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
      let fromFile = try CaptureFile(path: path)
      let fromMemory = try bytes.withUnsafeBytes { try CaptureFile(bytes: $0, name: "memory") }
      #expect(fromFile.format == fromMemory.format)
      var count = 0
      while let packet = try fromFile.next() {
        let other = try #require(try fromMemory.next())
        #expect(other.timestamp == packet.timestamp)
        #expect(other.originalLength == packet.originalLength)
        #expect(other.linkType == packet.linkType)
        #expect(other.interface == packet.interface)
        #expect(other.index == packet.index)
        #expect(Array(other.bytes) == Array(packet.bytes))
        count += 1
      }
      #expect(try fromMemory.next() == nil)
      #expect(count > 0)
    }

    @Test func copiesTheBytesAndNamesThemInErrors() throws {
      var bytes = CorruptCaptureTests.pcap3
      let file = try bytes.withUnsafeBytes { try CaptureFile(bytes: $0, name: "copy") }
      bytes = []  // the reader holds its own copy
      #expect(try file.next()?.capturedLength == 54)
      do {
        _ = try [UInt8]().withUnsafeBytes { try CaptureFile(bytes: $0, name: "nothing") }
        Issue.record("an empty buffer was read as a capture")
      } catch let error as CaptureError {
        #expect(error.message == "nothing: file is empty (byte 0)")
      }
    }
  }

}

extension CorruptCaptureTests {
  /// Flips and cuts bytes of every Sample systematically: nothing traps, every read ends in an
  /// error or cleanly, and the packets before a fault are still counted, by an independent walk
  /// of the file's structure.
  @Suite struct MutationSweep {
    /// Where each pcap record starts and ends, walked from the record headers (nil: not a pcap
    /// with a whole global header of version 2).
    struct PcapLayout {
      var records: [(start: Int, captured: Int)] = []
      var faultOffset: Int?

      init?(_ bytes: [UInt8]) {
        guard bytes.count >= 24 else { return nil }
        let swapped: Bool
        switch Array(bytes[0..<4]) {
        case [0xD4, 0xC3, 0xB2, 0xA1], [0x4D, 0x3C, 0xB2, 0xA1]: swapped = false
        case [0xA1, 0xB2, 0xC3, 0xD4], [0xA1, 0xB2, 0x3C, 0x4D]: swapped = true
        default: return nil
        }
        func u32(_ at: Int) -> Int {
          let value = bytes[at..<(at + 4)].reversed().reduce(0) { $0 << 8 | Int($1) }
          return swapped ? Int(UInt32(value).byteSwapped) : value
        }
        guard (swapped ? bytes[5] : bytes[4]) == 2, (swapped ? bytes[4] : bytes[5]) == 0 else {
          return nil
        }
        var offset = 24
        while offset < bytes.count {
          guard bytes.count - offset >= 16, u32(offset + 8) <= 262_144,
            bytes.count - offset - 16 >= u32(offset + 8)
          else {
            faultOffset = offset
            return
          }
          records.append((offset, u32(offset + 8)))
          offset += 16 + u32(offset + 8)
        }
      }
    }

    /// Every block of a pcapng file, walked by the length fields.
    struct PcapngLayout {
      var blocks: [(start: Int, length: Int, type: UInt32, swapped: Bool)] = []
      var reachedEnd = false

      init(_ bytes: [UInt8]) {
        var offset = 0
        var swapped = false
        func u32(_ at: Int) -> UInt32 {
          let value = bytes[at..<(at + 4)].reversed().reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
          return swapped ? value.byteSwapped : value
        }
        while offset != bytes.count {
          guard bytes.count - offset >= 8 else { return }
          if bytes[offset..<(offset + 4)] == [0x0A, 0x0D, 0x0D, 0x0A] {
            guard bytes.count - offset >= 12 else { return }
            switch Array(bytes[(offset + 8)..<(offset + 12)]) {
            case [0x4D, 0x3C, 0x2B, 0x1A]: swapped = false
            case [0x1A, 0x2B, 0x3C, 0x4D]: swapped = true
            default: return
            }
          }
          let length = Int(u32(offset + 4))
          guard length >= 12, length % 4 == 0, bytes.count - offset >= length else { return }
          blocks.append((offset, length, u32(offset), swapped))
          offset += length
        }
        reachedEnd = true
      }

      var packetBlocks: [Int] {
        blocks.filter { [2, 3, 6].contains($0.type) }.map(\.start)
      }
    }

    /// A small deterministic generator (SplitMix64), so every run mutates the same bytes.
    struct Mix {
      var state: UInt64
      mutating func next(_ bound: Int) -> Int {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return Int((z ^ (z >> 31)) % UInt64(bound))
      }
    }

    static let cuts = 50
    static let flips = 200

    /// Cuts at 50 offsets spread over the file, plus every offset in the first 40 bytes: the count
    /// is exactly the records (or packet blocks) that end before the cut, and the error names the
    /// record or block that the cut runs through.
    @Test(arguments: TestPaths.sampleCaptures)
    func truncations(_ path: String) throws {
      let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
      let name = "cut"
      var offsets = Set((0..<MutationSweep.cuts).map { bytes.count * $0 / MutationSweep.cuts })
      offsets.formUnion(0..<40)
      if let pcap = PcapLayout(bytes) {
        #expect(pcap.faultOffset == nil)
        for cut in offsets.sorted() {
          let read = CorruptRead.memory(Array(bytes.prefix(cut)), name: name)
          let whole = pcap.records.filter { $0.start + 16 + $0.captured <= cut }
          #expect(read.packets == whole.count, "cut at \(cut)")
          let expected: String?
          if cut == 0 {
            expected = "file is empty (byte 0)"
          } else if cut < 4 {
            expected = "file is too short to be a capture (\(cut) bytes) (byte 0)"
          } else if cut < 24 {
            expected = "truncated pcap file header (needed 24 bytes, \(cut) left) (byte 0)"
          } else if let cutRecord = pcap.records.first(where: { $0.start + 16 + $0.captured > cut }
          ),
            cutRecord.start < cut
          {
            let left = cut - cutRecord.start
            let place = "(packet \(whole.count + 1), byte \(cutRecord.start))"
            expected =
              left < 16
              ? "truncated packet record header (needed 16 bytes, \(left) left) \(place)"
              : "truncated packet record (needed \(cutRecord.captured) bytes, \(left - 16) left) \(place)"
          } else {
            expected = nil
          }
          #expect(read.error?.message == expected.map { "\(name): \($0)" }, "cut at \(cut)")
        }
      } else {
        let layout = PcapngLayout(bytes)
        #expect(layout.reachedEnd)
        for cut in offsets.sorted() {
          let read = CorruptRead.memory(Array(bytes.prefix(cut)), name: name)
          let whole = layout.blocks.filter {
            [2, 3, 6].contains($0.type) && $0.start + $0.length <= cut
          }
          #expect(read.packets == whole.count, "cut at \(cut)")
          let expected: String?
          if cut == 0 {
            expected = "file is empty (byte 0)"
          } else if cut < 4 {
            expected = "file is too short to be a capture (\(cut) bytes) (byte 0)"
          } else if let block = layout.blocks.first(where: { $0.start + $0.length > cut }),
            block.start < cut
          {
            // The first section header is read whole; later blocks first by their 8-byte head.
            let left = cut - block.start
            let section = block.type == 0x0A0D_0D0A && (block.start == 0 || left >= 8)
            let place = "(byte \(block.start))"
            if section && left < 12 {
              expected = "truncated section header block (needed 12 bytes, \(left) left) \(place)"
            } else if left < 8 {
              expected = "truncated block header (needed 8 bytes, \(left) left) \(place)"
            } else {
              expected =
                "block runs past the end of the file (needed \(block.length) bytes, \(left) left) \(place)"
            }
          } else {
            expected = nil
          }
          #expect(read.error?.message == expected.map { "\(name): \($0)" }, "cut at \(cut)")
        }
      }
    }

    /// Changes one byte at 200 places (half anywhere, half in record or block headers): nothing
    /// traps, and the reader agrees with an independent walk of the mutated file.
    @Test(arguments: TestPaths.sampleCaptures)
    func byteFlips(_ path: String) throws {
      let original = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
      var random = Mix(state: UInt64(original.count))
      let headers: [Int]
      let headerSize: Int
      if let pcap = PcapLayout(original) {
        headers = [0] + pcap.records.map(\.start)
        headerSize = 16
      } else {
        headers = PcapngLayout(original).blocks.map(\.start)
        headerSize = 32
      }
      for round in 0..<MutationSweep.flips {
        var bytes = original
        let position =
          round % 2 == 0
          ? random.next(bytes.count)
          : min(bytes.count - 1, headers[random.next(headers.count)] + random.next(headerSize))
        bytes[position] ^= UInt8(1 + random.next(255))
        let read = CorruptRead.memory(bytes, name: "flip")
        if let error = read.error {
          #expect(error.message.hasPrefix("flip: ") && !error.message.contains("\n"))
          #expect(error.offset != nil)
        }
        let place = "byte \(position) of \(path)"
        if let pcap = PcapLayout(bytes) {
          #expect(read.packets == pcap.records.count, "\(place)")
          #expect(read.error?.offset == pcap.faultOffset, "\(place)")
        } else if bytes[0..<4] == [0x0A, 0x0D, 0x0D, 0x0A] {
          let layout = PcapngLayout(bytes)
          if let offset = read.error?.offset {
            #expect(read.packets == layout.packetBlocks.filter { $0 < offset }.count, "\(place)")
          } else {
            #expect(layout.reachedEnd, "\(place)")
            #expect(read.packets == layout.packetBlocks.count, "\(place)")
          }
        } else {
          #expect(read.error != nil, "\(place)")
        }
      }
    }
  }
}
