/// Reads pcapng files: a sequence of blocks, each `type u32 | total length u32 | body | total length u32`.
///
/// Handles several sections (each a Section Header Block with its own byte order and interface
/// table), Interface Description Blocks with per-interface link type, snaplen, `if_tsresol` and
/// `if_tsoffset`, and the three blocks that carry packets: Enhanced (EPB), Simple (SPB) and the
/// obsolete Packet Block (PB). Other blocks are skipped. See draft-ietf-opsawg-pcapng.
public final class PcapngReader: PacketSource {
  /// What one Interface Description Block says about its interface.
  struct Interface {
    var linkType: LinkType
    var snapLength: Int
    /// Timestamp units per second are 10^exponent, or 2^exponent when `binary`.
    var exponent: Int
    var binary: Bool
    var offsetSeconds: Int64
    /// The interface's number across all sections, as shown to users.
    var number: Int
    /// Decimal resolutions: ticks times `multiplier` (10^(9 - exponent)) are nanoseconds, or
    /// ticks divided by `divisor` (10^(exponent - 9)) for resolutions finer than 1 ns; worked
    /// out once per interface, not per packet.
    var multiplier: UInt64 = 1
    var divisor: UInt64 = 1
  }

  @exclusivity(unchecked) private var input: ByteInput

  /// The size of a regular file (`nil` for a stream).
  var fileSize: Int? { input.fileSize }
  /// How far into the file the reader is, in bytes.
  var bytesRead: Int { input.offset }
  // Unchecked like `input`: only this reader touches them, and a checked access per packet
  // cost a tenth of the reading (swift_beginAccess and its thread-local lookup).
  @exclusivity(unchecked) private var fields = FileFields(swapped: false)
  @exclusivity(unchecked) private var interfaces: [Interface] = []
  private var interfaceCount = 0
  @exclusivity(unchecked) private var count = 0
  /// Every link type declared by an interface so far, in order of appearance.
  public private(set) var linkTypes: [LinkType] = []

  private enum BlockType {
    static let interfaceDescription: UInt32 = 1
    static let packet: UInt32 = 2
    static let simplePacket: UInt32 = 3
    static let enhancedPacket: UInt32 = 6
  }

  /// Where the packet data starts within its block: after the simple block's type, length and
  /// original length, or after the (enhanced) packet block's interface, timestamp and lengths.
  private enum DataStart {
    static let simplePacket = 12
    static let packet = 28
  }

  init(input: ByteInput) throws(CaptureError) {
    self.input = input
    let first = try self.input.peek(12)
    guard first.count >= 4,
      first.loadUnaligned(fromByteOffset: 0, as: UInt32.self) == CaptureMagic.pcapngSection
    else {
      throw CaptureError(
        source: self.input.path, kind: .notACaptureFile, detail: "not a pcapng file (bad magic)")
    }
    try readSectionHeader()
  }

  deinit { input.release() }

  /// The next packet, or `nil` after the last block; throws on a block that cannot be read.
  public func next() throws(CaptureError) -> CapturedPacket? {
    while true {
      let start = input.offset
      let head = try input.peek(8)
      if head.isEmpty { return nil }
      guard head.count >= 8 else {
        throw truncated("truncated block header (needed 8 bytes, \(head.count) left)", at: start)
      }
      let type = fields.u32(head, 0)
      if type == CaptureMagic.pcapngSection {
        try readSectionHeader()
        continue
      }
      let length = Int(fields.u32(head, 4))
      let block = try checkedBlock(length: length, at: start)
      switch type {
      case BlockType.enhancedPacket, BlockType.packet, BlockType.simplePacket:
        let layout = try packetLayout(in: block, type: type, at: start)
        let interface = interfaces[layout.interface]
        let dataStart = type == BlockType.simplePacket ? DataStart.simplePacket : DataStart.packet
        count += 1
        input.skip(length)
        return CapturedPacket(
          timestamp: nanoseconds(layout.ticks, interface), originalLength: layout.original,
          linkType: interface.linkType, index: count, interface: interface.number,
          bytes: UnsafeRawBufferPointer(rebasing: block[dataStart..<(dataStart + layout.captured)]))
      case BlockType.interfaceDescription:
        try readInterface(block, at: start)
      default:
        break  // statistics, name resolution, custom and unknown blocks carry no packets
      }
      input.skip(length)
    }
  }

  /// Checks a block's length fields and returns the whole block.
  @inline(__always)
  private func checkedBlock(
    length: Int, at start: Int
  ) throws(CaptureError) -> UnsafeRawBufferPointer {
    guard length >= 12, length % 4 == 0 else {
      throw corrupt("block length \(length) is not a multiple of 4 of at least 12", at: start)
    }
    guard length <= ByteInput.maximumRecord else {
      throw corrupt("block length \(length) is larger than any capture block", at: start)
    }
    let block = try input.peek(length)
    guard block.count >= length else {
      throw truncated(
        "block runs past the end of the file (needed \(length) bytes, \(block.count) left)",
        at: start)
    }
    let trailer = Int(fields.u32(block, length - 4))
    guard trailer == length else {
      throw corrupt(
        "block length \(length) does not match its trailing length \(trailer)", at: start)
    }
    return UnsafeRawBufferPointer(rebasing: block[0..<length])
  }

  private func readSectionHeader() throws(CaptureError) {
    let start = input.offset
    let head = try input.peek(12)
    guard head.count >= 12 else {
      throw truncated(
        "truncated section header block (needed 12 bytes, \(head.count) left)", at: start)
    }
    let order = head.loadUnaligned(fromByteOffset: 8, as: UInt32.self)
    switch order {
    case CaptureMagic.pcapngByteOrder: fields = FileFields(swapped: false)
    case CaptureMagic.pcapngByteOrder.byteSwapped: fields = FileFields(swapped: true)
    default: throw corrupt("section header has an unknown byte-order magic", at: start + 8)
    }
    let length = Int(fields.u32(head, 4))
    let block = try checkedBlock(length: length, at: start)
    guard length >= 28 else {
      throw corrupt("section header block is too short (\(length) bytes)", at: start)
    }
    let major = fields.u16(block, 12)
    guard major == 1 else { throw corrupt("unsupported pcapng version \(major)", at: start + 12) }
    interfaces.removeAll(keepingCapacity: true)
    input.skip(length)
  }

  private func readInterface(_ block: UnsafeRawBufferPointer, at start: Int) throws(CaptureError) {
    guard block.count >= 20 else {
      throw corrupt("interface description block is too short (\(block.count) bytes)", at: start)
    }
    var interface = Interface(
      linkType: LinkType(rawValue: UInt32(fields.u16(block, 8))),
      snapLength: Int(fields.u32(block, 12)), exponent: 6, binary: false, offsetSeconds: 0,
      number: interfaceCount)
    if interface.snapLength == 0 { interface.snapLength = Int(UInt32.max) }
    var option = 16
    let end = block.count - 4
    while end - option >= 4 {
      let code = fields.u16(block, option)
      let size = Int(fields.u16(block, option + 2))
      if code == 0 { break }
      let value = option + 4
      guard end - value >= size else {
        throw corrupt("interface option \(code) runs past the end of its block", at: start + option)
      }
      if code == 9 && size >= 1 {
        let raw = block[value]
        interface.binary = raw & 0x80 != 0
        interface.exponent = Int(raw & 0x7F)
      } else if code == 14 && size >= 8 {
        interface.offsetSeconds = Int64(bitPattern: fields.u64(block, value))
      }
      option = value + (size + 3) & ~3
    }
    if !(interface.binary ? interface.exponent <= 63 : interface.exponent <= 18) {
      throw corrupt(
        "interface time resolution 10^-\(interface.exponent) cannot be represented", at: start)
    }
    if !interface.binary {
      let exponent = interface.exponent
      if exponent <= 9 {
        interface.multiplier = PcapngReader.powersOfTen[9 - exponent]
      } else {
        interface.divisor = PcapngReader.powersOfTen[exponent - 9]
      }
    }
    interfaces.append(interface)
    interfaceCount += 1
    if !linkTypes.contains(interface.linkType) { linkTypes.append(interface.linkType) }
  }

  /// Where a packet block's packet is: its interface (checked to have been described), its
  /// captured and original lengths, and its timestamp in the interface's units. Four words, so
  /// they come back in registers: `next()` builds the packet itself. A packet built here and
  /// copied out through memory made the copy wait on the stores (half of `next()`'s samples).
  private struct PacketLayout {
    var interface: Int
    var captured: Int
    var original: Int
    var ticks: UInt64
  }

  @inline(__always)
  private func packetLayout(
    in block: UnsafeRawBufferPointer, type: UInt32, at start: Int
  ) throws(CaptureError) -> PacketLayout {
    let number = count + 1
    let interfaceID: Int
    var captured: Int
    let original: Int
    var ticks: UInt64 = 0
    let room = block.count - 4
    switch type {
    case BlockType.simplePacket:
      guard block.count >= 16 else {
        throw corrupt("simple packet block is too short", at: start, packet: number)
      }
      interfaceID = 0
      original = Int(fields.u32(block, 8))
      captured = min(original, room - DataStart.simplePacket)
    default:
      guard block.count >= 32 else {
        throw corrupt("packet block is too short", at: start, packet: number)
      }
      if type == BlockType.packet {
        interfaceID = Int(fields.u16(block, 8))
      } else {
        interfaceID = Int(fields.u32(block, 8))
      }
      ticks = UInt64(fields.u32(block, 12)) << 32 | UInt64(fields.u32(block, 16))
      captured = Int(fields.u32(block, 20))
      original = Int(fields.u32(block, 24))
      guard captured <= room - DataStart.packet else {
        throw corrupt(
          "packet claims \(captured) captured bytes but its block holds \(room - DataStart.packet)",
          at: start, packet: number)
      }
    }
    guard interfaceID < interfaces.count else {
      throw corrupt(
        "packet refers to interface \(interfaceID), which was never described", at: start,
        packet: number)
    }
    if type == BlockType.simplePacket {
      captured = min(captured, interfaces[interfaceID].snapLength)
    }
    return PacketLayout(
      interface: interfaceID, captured: captured, original: original, ticks: ticks)
  }

  /// Converts a timestamp in the interface's units to nanoseconds since the epoch.
  @inline(__always)
  private func nanoseconds(_ ticks: UInt64, _ interface: Interface) -> Int64 {
    let offset = interface.offsetSeconds &* 1_000_000_000
    if interface.binary {
      let (high, low) = ticks.multipliedFullWidth(by: 1_000_000_000)
      let shift = UInt64(interface.exponent)
      guard shift > 0 else { return Int64(truncatingIfNeeded: low) &+ offset }
      let value = (UInt64(high) << (64 - shift)) | (low >> shift)
      return Int64(truncatingIfNeeded: value) &+ offset
    }
    if interface.exponent <= 9 {
      return Int64(truncatingIfNeeded: ticks &* interface.multiplier) &+ offset
    }
    return Int64(truncatingIfNeeded: ticks / interface.divisor) &+ offset
  }

  private static let powersOfTen: [UInt64] = (0...19).map { exponent in
    (0..<exponent).reduce(1) { value, _ in value * 10 }
  }

  private func truncated(_ detail: String, at offset: Int) -> CaptureError {
    CaptureError(source: input.path, kind: .truncated, detail: detail, packet: nil, offset: offset)
  }

  private func corrupt(_ detail: String, at offset: Int, packet: Int? = nil) -> CaptureError {
    CaptureError(source: input.path, kind: .corrupt, detail: detail, packet: packet, offset: offset)
  }
}
