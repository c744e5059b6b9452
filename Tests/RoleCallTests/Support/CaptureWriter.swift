import Foundation

/// Writes small pcap and pcapng files with known content, for tests that need a capture with a
/// particular shape (every byte order, timestamp unit and block kind) or a particular fault.
enum CaptureWriter {
  struct Packet {
    var seconds: UInt32
    var fraction: UInt32
    var bytes: [UInt8]
    var originalLength: Int? = nil
  }

  /// A classic pcap file; `nanosecond` picks the magic, `bigEndian` the byte order.
  static func pcap(
    _ packets: [Packet], linkType: UInt32 = 1, nanosecond: Bool = false, bigEndian: Bool = false,
    snapLength: UInt32 = 65535
  ) -> [UInt8] {
    var out: [UInt8] = []
    func u32(_ value: UInt32) { out += bigEndian ? value.bigEndianBytes : value.littleEndianBytes }
    func u16(_ value: UInt16) { out += bigEndian ? value.bigEndianBytes : value.littleEndianBytes }
    u32(nanosecond ? 0xA1B2_3C4D : 0xA1B2_C3D4)
    u16(2)
    u16(4)
    u32(0)
    u32(0)
    u32(snapLength)
    u32(linkType)
    for packet in packets {
      u32(packet.seconds)
      u32(packet.fraction)
      u32(UInt32(packet.bytes.count))
      u32(UInt32(packet.originalLength ?? packet.bytes.count))
      out += packet.bytes
    }
    return out
  }

  /// One pcapng block: type, length, body padded to 4, length again.
  static func block(_ type: UInt32, _ body: [UInt8], bigEndian: Bool = false) -> [UInt8] {
    var padded = body
    while padded.count % 4 != 0 { padded.append(0) }
    let length = UInt32(padded.count + 12)
    func u32(_ value: UInt32) -> [UInt8] {
      bigEndian ? value.bigEndianBytes : value.littleEndianBytes
    }
    return u32(type) + u32(length) + padded + u32(length)
  }

  static func sectionHeader(bigEndian: Bool = false) -> [UInt8] {
    let order: [UInt8] = bigEndian ? [0x1A, 0x2B, 0x3C, 0x4D] : [0x4D, 0x3C, 0x2B, 0x1A]
    let version: [UInt8] = bigEndian ? [0, 1, 0, 0] : [1, 0, 0, 0]
    return block(
      0x0A0D_0D0A, order + version + [UInt8](repeating: 0xFF, count: 8), bigEndian: bigEndian)
  }

  /// An interface description; `resolution` is the raw if_tsresol byte, if any.
  static func interface(
    linkType: UInt16, snapLength: UInt32 = 0, resolution: UInt8? = nil, bigEndian: Bool = false
  ) -> [UInt8] {
    func u16(_ value: UInt16) -> [UInt8] {
      bigEndian ? value.bigEndianBytes : value.littleEndianBytes
    }
    func u32(_ value: UInt32) -> [UInt8] {
      bigEndian ? value.bigEndianBytes : value.littleEndianBytes
    }
    var body = u16(linkType) + u16(0) + u32(snapLength)
    if let resolution {
      body += u16(9) + u16(1) + [resolution, 0, 0, 0] + u16(0) + u16(0)
    }
    return block(1, body, bigEndian: bigEndian)
  }

  static func enhancedPacket(
    interface: UInt32, ticks: UInt64, bytes: [UInt8], originalLength: Int? = nil,
    bigEndian: Bool = false
  ) -> [UInt8] {
    func u32(_ value: UInt32) -> [UInt8] {
      bigEndian ? value.bigEndianBytes : value.littleEndianBytes
    }
    let body =
      u32(interface) + u32(UInt32(ticks >> 32)) + u32(UInt32(truncatingIfNeeded: ticks))
      + u32(UInt32(bytes.count)) + u32(UInt32(originalLength ?? bytes.count)) + bytes
    return block(6, body, bigEndian: bigEndian)
  }

  static func simplePacket(bytes: [UInt8], bigEndian: Bool = false) -> [UInt8] {
    func u32(_ value: UInt32) -> [UInt8] {
      bigEndian ? value.bigEndianBytes : value.littleEndianBytes
    }
    return block(3, u32(UInt32(bytes.count)) + bytes, bigEndian: bigEndian)
  }

  static func obsoletePacket(interface: UInt16, ticks: UInt64, bytes: [UInt8]) -> [UInt8] {
    let body =
      interface.littleEndianBytes + UInt16(0).littleEndianBytes
      + UInt32(ticks >> 32).littleEndianBytes + UInt32(truncatingIfNeeded: ticks).littleEndianBytes
      + UInt32(bytes.count).littleEndianBytes + UInt32(bytes.count).littleEndianBytes + bytes
    return block(2, body)
  }

  static func write(_ bytes: [UInt8], named name: String, in folder: URL) throws -> String {
    let url = folder.appendingPathComponent(name)
    try Data(bytes).write(to: url)
    return url.path
  }
}

/// Builds Ethernet/IP/TCP/UDP frames with correct lengths (checksums left zero).
enum FrameBuilder {
  static let clientMAC: [UInt8] = [0x02, 0, 0, 0, 0, 0x0B]
  static let serverMAC: [UInt8] = [0x02, 0, 0, 0, 0, 0x0A]

  static func ethernet(_ payload: [UInt8], type: UInt16 = 0x0800) -> [UInt8] {
    serverMAC + clientMAC + type.bigEndianBytes + payload
  }

  static func ipv4(
    _ source: UInt32, _ destination: UInt32, protocol number: UInt8, _ payload: [UInt8],
    identification: UInt16 = 1, fragment: UInt16 = 0
  ) -> [UInt8] {
    var header: [UInt8] =
      [0x45, 0] + UInt16(20 + payload.count).bigEndianBytes + identification.bigEndianBytes
    header +=
      fragment.bigEndianBytes + [64, number, 0, 0] + source.bigEndianBytes
      + destination.bigEndianBytes
    return header + payload
  }

  static func ipv6(
    _ sourceLow: UInt64, _ destinationLow: UInt64, next: UInt8, _ payload: [UInt8]
  ) -> [UInt8] {
    var header: [UInt8] = [0x60, 0, 0, 0] + UInt16(payload.count).bigEndianBytes + [next, 64]
    header += UInt64(0x2001_0DB8_0000_0000).bigEndianBytes + sourceLow.bigEndianBytes
    header += UInt64(0x2001_0DB8_0000_0000).bigEndianBytes + destinationLow.bigEndianBytes
    return header + payload
  }

  static func tcp(
    _ sourcePort: UInt16, _ destinationPort: UInt16, flags: UInt8, sequence: UInt32 = 1000,
    acknowledgment: UInt32 = 0, payload: [UInt8] = [], window: UInt16 = 65535
  ) -> [UInt8] {
    sourcePort.bigEndianBytes + destinationPort.bigEndianBytes + sequence.bigEndianBytes
      + acknowledgment.bigEndianBytes + [0x50, flags] + window.bigEndianBytes + [0, 0, 0, 0]
      + payload
  }

  static func udp(_ sourcePort: UInt16, _ destinationPort: UInt16, _ payload: [UInt8]) -> [UInt8] {
    sourcePort.bigEndianBytes + destinationPort.bigEndianBytes
      + UInt16(8 + payload.count).bigEndianBytes
      + [0, 0] + payload
  }

  /// A TCP segment from 10.0.0.11:port to 10.0.0.10:80 (`toServer`) or back, in Ethernet.
  static func webSegment(
    toServer: Bool, clientPort: UInt16 = 40000, flags: UInt8, sequence: UInt32 = 1000,
    payload: [UInt8] = []
  ) -> [UInt8] {
    let client: UInt32 = 0x0A00_000B
    let server: UInt32 = 0x0A00_000A
    let segment =
      toServer
      ? tcp(clientPort, 80, flags: flags, sequence: sequence, payload: payload)
      : tcp(80, clientPort, flags: flags, sequence: sequence, payload: payload)
    return ethernet(
      ipv4(toServer ? client : server, toServer ? server : client, protocol: 6, segment))
  }
}

extension FixedWidthInteger {
  var bigEndianBytes: [UInt8] { withUnsafeBytes(of: self.bigEndian) { Array($0) } }
  var littleEndianBytes: [UInt8] { withUnsafeBytes(of: self.littleEndian) { Array($0) } }
}
