// Builds the seed corpora of the fuzz targets from real captures. Compiled by Fuzz/run.sh with
// the library's Capture, Decode and Flows folders and Fuzz/Targets/FuzzSupport.swift; never part
// of the package.
//
//     seed-builder OUTPUT CAPTURE…
//
// writes OUTPUT/pcap-reader, OUTPUT/pcapng-reader and OUTPUT/decoder. Files that are not pcap or
// pcapng (by magic number, never by name) are skipped. For each capture:
// - pcap: the file cut after its last whole record within 1 KiB and within 8 KiB, and the small
//   cut again big-endian, with nanosecond magic, and converted to pcapng (little-endian EPBs,
//   big-endian EPBs, SPBs, and two sections of opposite byte order);
// - pcapng: the file cut after its last whole block within 1 KiB and within 8 KiB;
// - decoder: up to 48 distinct packets of a link type the decoder target picks, each prefixed
//   with its selector byte and a length-mode byte of 0 (original length = captured length).

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

@main
enum SeedBuilder {
  static let packetsPerCapture = 48
  static let smallCut = 1024
  static let largeCut = 8192

  static func main() {
    let arguments = CommandLine.arguments
    guard arguments.count >= 2 else {
      print("usage: seed-builder OUTPUT CAPTURE…")
      exit(64)
    }
    let output = arguments[1]
    var builder = SeedBuilder.Writer(output: output)
    for (number, path) in arguments.dropFirst(2).enumerated() {
      guard let bytes = readFile(path), bytes.count >= 4 else { continue }
      let name = "\(number)-" + (path.split(separator: "/").last.map(String.init) ?? "capture")
      switch bytes.withUnsafeBytes({ $0.loadUnaligned(as: UInt32.self) }) {
      case 0xA1B2_C3D4, 0xA1B2_3C4D, 0xD4C3_B2A1, 0x4D3C_B2A1:
        builder.pcapSeeds(bytes, name: name)
      case 0x0A0D_0D0A:
        builder.pcapngSeeds(bytes, name: name)
      default:
        continue
      }
      builder.decoderSeeds(path: path, name: name)
    }
    print(
      "seeds: pcap-reader \(builder.written["pcap-reader", default: 0]), "
        + "pcapng-reader \(builder.written["pcapng-reader", default: 0]), "
        + "decoder \(builder.written["decoder", default: 0])")
  }

  static func readFile(_ path: String) -> [UInt8]? {
    guard let file = fopen(path, "rb") else { return nil }
    defer { fclose(file) }
    var bytes: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 1 << 16)
    while true {
      let got = chunk.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, file) }
      if got == 0 { break }
      bytes += chunk[0..<got]
    }
    return bytes
  }

  struct Writer {
    let output: String
    var written: [String: Int] = [:]

    init(output: String) {
      self.output = output
      mkdir(output, 0o755)
      for target in ["pcap-reader", "pcapng-reader", "decoder"] {
        mkdir("\(output)/\(target)", 0o755)
      }
    }

    mutating func write(_ bytes: [UInt8], target: String, name: String) {
      guard let file = fopen("\(output)/\(target)/\(name)", "wb") else { return }
      _ = bytes.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, file) }
      fclose(file)
      written[target, default: 0] += 1
    }

    mutating func pcapSeeds(_ bytes: [UInt8], name: String) {
      let swapped = bytes[0] == 0xA1
      func u32(_ offset: Int) -> UInt32 {
        let value = bytes.withUnsafeBytes {
          $0.loadUnaligned(fromByteOffset: offset, as: UInt32.self)
        }
        return swapped ? value.byteSwapped : value
      }
      guard bytes.count >= 24 else { return }
      var ends: [Int] = []
      var offset = 24
      while bytes.count - offset >= 16, bytes.count - offset - 16 >= Int(u32(offset + 8)) {
        offset += 16 + Int(u32(offset + 8))
        ends.append(offset)
      }
      let small = cut(bytes, ends, within: SeedBuilder.smallCut)
      write(small, target: "pcap-reader", name: "\(name)-1k")
      write(
        cut(bytes, ends, within: SeedBuilder.largeCut), target: "pcap-reader", name: "\(name)-8k")
      write(swappedPcap(small), target: "pcap-reader", name: "\(name)-1k-swapped")
      var nano = small
      nano.replaceSubrange(
        0..<4, with: swapped ? [0xA1, 0xB2, 0x3C, 0x4D] : [0x4D, 0x3C, 0xB2, 0xA1])
      write(nano, target: "pcap-reader", name: "\(name)-1k-nano")

      let linkType = UInt16(truncatingIfNeeded: u32(20))
      var records: [(UInt64, [UInt8])] = []
      var position = 24
      for end in ends where end <= small.count {
        let ticks = UInt64(u32(position)) * 1_000_000 + UInt64(u32(position + 4))
        records.append((ticks, Array(small[(position + 16)..<end])))
        position = end
      }
      let little = PcapngBuilder(bigEndian: false)
      let big = PcapngBuilder(bigEndian: true)
      let littleSection = little.section(linkType: linkType, records: records, simple: false)
      write(littleSection, target: "pcapng-reader", name: "\(name)-epb")
      let bigSection = big.section(linkType: linkType, records: records, simple: false)
      write(bigSection, target: "pcapng-reader", name: "\(name)-epb-big")
      write(
        little.section(linkType: linkType, records: records, simple: true),
        target: "pcapng-reader", name: "\(name)-spb")
      write(littleSection + bigSection, target: "pcapng-reader", name: "\(name)-two-sections")
    }

    mutating func pcapngSeeds(_ bytes: [UInt8], name: String) {
      var ends: [Int] = []
      var offset = 0
      var swapped = false
      func u32(_ at: Int) -> UInt32 {
        bytes.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: at, as: UInt32.self) }
      }
      while bytes.count - offset >= 12 {
        if u32(offset) == 0x0A0D_0D0A { swapped = u32(offset + 8) == 0x4D3C_2B1A }
        let length = Int(swapped ? u32(offset + 4).byteSwapped : u32(offset + 4))
        guard length >= 12, length % 4 == 0, bytes.count - offset >= length else { break }
        offset += length
        ends.append(offset)
      }
      write(
        cut(bytes, ends, within: SeedBuilder.smallCut), target: "pcapng-reader", name: "\(name)-1k")
      write(
        cut(bytes, ends, within: SeedBuilder.largeCut), target: "pcapng-reader", name: "\(name)-8k")
    }

    mutating func decoderSeeds(path: String, name: String) {
      guard let file = try? CaptureFile(path: path) else { return }
      var seen = Set<[UInt8]>()
      while seen.count < SeedBuilder.packetsPerCapture, let packet = try? file.next() {
        guard let selector = FuzzLinkTypes.selector(of: packet.linkType) else { continue }
        let seed = [selector, 0] + Array(packet.bytes.prefix(2046))
        if seen.insert(seed).inserted {
          write(seed, target: "decoder", name: "\(name)-\(packet.index)")
        }
      }
    }

    /// The file up to the last whole record or block ending within `limit` bytes, and at least
    /// up to the end of the first (`ends` lists where each whole record or block ends).
    func cut(_ bytes: [UInt8], _ ends: [Int], within limit: Int) -> [UInt8] {
      let fitting = ends.last(where: { $0 <= limit }) ?? 0
      return Array(bytes[0..<max(fitting, ends.first ?? min(bytes.count, limit))])
    }

    /// The same pcap in the other byte order.
    func swappedPcap(_ bytes: [UInt8]) -> [UInt8] {
      var out = bytes
      func swap(_ offset: Int, _ size: Int) { out[offset..<(offset + size)].reverse() }
      let swapped = bytes[0] == 0xA1
      swap(0, 4)
      swap(4, 2)
      swap(6, 2)
      for field in stride(from: 8, to: 24, by: 4) { swap(field, 4) }
      var offset = 24
      while out.count - offset >= 16 {
        let raw = bytes.withUnsafeBytes {
          $0.loadUnaligned(fromByteOffset: offset + 8, as: UInt32.self)
        }
        let length = Int(swapped ? raw.byteSwapped : raw)
        for field in stride(from: offset, to: offset + 16, by: 4) { swap(field, 4) }
        offset += 16 + length
      }
      return out
    }
  }

  /// Writes pcapng blocks in one byte order.
  struct PcapngBuilder {
    var bigEndian: Bool

    func u16(_ value: UInt16) -> [UInt8] {
      let ordered = bigEndian ? value.bigEndian : value.littleEndian
      return withUnsafeBytes(of: ordered) { Array($0) }
    }

    func u32(_ value: UInt32) -> [UInt8] {
      let ordered = bigEndian ? value.bigEndian : value.littleEndian
      return withUnsafeBytes(of: ordered) { Array($0) }
    }

    func block(_ type: UInt32, _ body: [UInt8]) -> [UInt8] {
      var padded = body
      while padded.count % 4 != 0 { padded.append(0) }
      let length = UInt32(padded.count + 12)
      return u32(type) + u32(length) + padded + u32(length)
    }

    /// A section header, one interface and one packet block per record.
    func section(linkType: UInt16, records: [(UInt64, [UInt8])], simple: Bool) -> [UInt8] {
      var out = block(0x0A0D_0D0A, u32(0x1A2B_3C4D) + u16(1) + u16(0) + u32(~0) + u32(~0))
      let resolution = u16(9) + u16(1) + [6, 0, 0, 0]
      out += block(1, u16(linkType) + u16(0) + u32(0) + resolution + u16(0) + u16(0))
      for (ticks, data) in records {
        if simple {
          out += block(3, u32(UInt32(data.count)) + data)
        } else {
          let head = u32(0) + u32(UInt32(ticks >> 32)) + u32(UInt32(truncatingIfNeeded: ticks))
          out += block(6, head + u32(UInt32(data.count)) + u32(UInt32(data.count)) + data)
        }
      }
      return out
    }
  }
}
