import Foundation
import Testing

@testable import RoleCall

/// Decodes `bytes` as one packet of `linkType`, captured up to `length` bytes.
func decode(_ bytes: [UInt8], linkType: LinkType = .ethernet, length: Int? = nil) -> DecodedPacket {
  var decoder = PacketDecoder()
  var result = DecodedPacket()
  let count = length ?? bytes.count
  bytes.withUnsafeBytes { buffer in
    let packet = CapturedPacket(
      timestamp: 0, originalLength: bytes.count, linkType: linkType, index: 1, interface: 0,
      bytes: UnsafeRawBufferPointer(rebasing: buffer[0..<count]))
    decoder.decode(packet, into: &result)
  }
  return result
}

@Suite struct DecodeTests {
  @Test func ethernetIPv4TCPLayersAndTheirTruncation() {
    let frame = FrameBuilder.webSegment(toServer: true, flags: 0x18, payload: Array("GET /".utf8))
    let full = decode(frame)
    #expect(full.stop == nil)
    #expect(full.source.description == "10.0.0.11")
    #expect(full.destinationPort == 80)
    #expect(full.tcpFlags == [.psh, .ack])
    #expect(full.payloadLength == 5)
    for length in 0..<frame.count {
      let result = decode(frame, length: length)
      let expected: Layer? =
        length < 14 ? .ethernet : length < 34 ? .ipv4 : length < 54 ? .tcp : nil
      #expect(result.stop?.layer == expected, "prefix \(length)")
      #expect(result.stop?.isTruncation ?? true, "prefix \(length)")
    }
  }

  @Test func vlanStacksAndIPv6ExtensionHeaders() {
    let udp = FrameBuilder.udp(5353, 5353, [0, 0, 0x84, 0])
    // hop-by-hop (8 bytes) then UDP.
    let ipv6 = FrameBuilder.ipv6(1, 2, next: 0, [17, 0, 1, 4, 0, 0, 0, 0] + udp)
    let inner: [UInt8] = [0x00, 0x0A, 0x86, 0xDD]
    let frame =
      FrameBuilder.serverMAC + FrameBuilder.clientMAC + [0x88, 0xA8, 0x00, 0x64, 0x81, 0x00] + inner
      + ipv6
    let result = decode(frame)
    #expect(result.stop == nil)
    #expect(result.vlanTags == 2)
    #expect(result.ipVersion == 6)
    #expect(result.source.description == "2001:db8::1")
    #expect(result.ipProtocol == .udp)
    #expect(result.hint == .dnsResponse)
  }

  @Test func malformedIsKeptApartFromTruncated() {
    var frame = FrameBuilder.webSegment(toServer: true, flags: 0x02)
    frame[14] = 0x42  // IPv4 header length 8 bytes
    let result = decode(frame)
    #expect(result.stop == .malformed(layer: .ipv4, field: "header length", value: 8, offset: 14))
    frame[14] = 0x45
    frame[46] = 0x30  // TCP data offset 12 bytes
    #expect(
      decode(frame).stop == .malformed(layer: .tcp, field: "data offset", value: 12, offset: 46))
  }

  @Test func otherLinkTypes() {
    let ip = FrameBuilder.ipv4(
      0x0A00_0001, 0x0A00_0002, protocol: 6, FrameBuilder.tcp(1234, 22, flags: 2))
    #expect(decode(ip, linkType: .raw).destinationPort == 22)
    #expect(decode([2, 0, 0, 0] + ip, linkType: .null).destinationPort == 22)
    #expect(decode([0, 0, 0, 2] + ip, linkType: .loop).destinationPort == 22)
    #expect(decode([0xFF, 0x03, 0x00, 0x21] + ip, linkType: .ppp).destinationPort == 22)
    let sll: [UInt8] = [0, 0, 0, 1, 0, 6] + [UInt8](repeating: 0, count: 8) + [0x08, 0x00]
    #expect(decode(sll + ip, linkType: .linuxCooked).destinationPort == 22)
    let sll2: [UInt8] =
      [0x08, 0x00, 0, 0, 0, 0, 0, 1, 0, 1, 0, 6] + [UInt8](repeating: 0, count: 8)
    #expect(decode(sll2 + ip, linkType: .linuxCooked2).destinationPort == 22)
    let payloadTLV = UInt16(4 + ip.count).littleEndianBytes + UInt16(9).littleEndianBytes + ip
    #expect(decode([2, 0, 0, 0] + payloadTLV, linkType: .nflog).destinationPort == 22)
    let wifi: [UInt8] =
      [0x08, 0x01] + [UInt8](repeating: 0, count: 22) + [0xAA, 0xAA, 3, 0, 0, 0, 8, 0]
    #expect(decode(wifi + ip, linkType: .ieee80211).destinationPort == 22)
    let radiotap: [UInt8] = [0, 0, 8, 0, 0, 0, 0, 0]
    #expect(decode(radiotap + wifi + ip, linkType: .ieee80211Radiotap).destinationPort == 22)
    let beacon: [UInt8] = [0x80, 0x00] + [UInt8](repeating: 0, count: 22)
    #expect(decode(beacon, linkType: .ieee80211).network == .wireless)
  }

  /// Every prefix of every packet of every sample (and corpus capture) decodes without a trap;
  /// a prefix never yields "malformed" where the whole packet did not, and stops are truncations.
  static let sweepFiles: [String] =
    TestPaths.allCaptures
    .filter { !$0.contains("gnutella") && !$0.contains("bittorrent_transmission") }

  @Test(arguments: sweepFiles)
  func truncationSweep(path: String) throws {
    let file = try CaptureFile(path: path)
    var decoder = PacketDecoder()
    var whole = DecodedPacket()
    var part = DecodedPacket()
    var checked = 0
    while let packet = try file.next(), checked < 400 {
      checked += 1
      decoder.decode(packet, into: &whole)
      guard whole.stop == nil || whole.stop?.isTruncation == true else { continue }
      var lastLayer = Layer.ethernet
      for length in 0..<packet.capturedLength {
        var prefix = packet
        prefix.bytes = UnsafeRawBufferPointer(rebasing: packet.bytes[0..<length])
        decoder.decode(prefix, into: &part)
        guard let stop = part.stop else { continue }
        #expect(stop.isTruncation, "packet \(packet.index) prefix \(length): \(stop)")
        if stop.layer < lastLayer && length > 0 {
          Issue.record(
            "packet \(packet.index) prefix \(length) stopped at \(stop.layer) after \(lastLayer)")
        }
        lastLayer = stop.layer
      }
    }
  }

  /// A service's text, written byte by byte, against the same made from its parts.
  @Test func serviceAddressText() throws {
    let addresses = try [
      "0.0.0.0", "10.0.0.5", "255.255.255.255", "::", "::1", "2001:db8::1", "fe80::1:2:3:4",
      "1:2:3:4:5:6:7:8", "2001:db8:0:0:1::1", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff",
    ].map { try #require(IPAddress($0)) }
    for address in addresses {
      for transport in [IPProtocol.tcp, .udp, .icmpv6, IPProtocol(rawValue: 200)] {
        for port: UInt16 in [0, 7, 9, 10, 80, 99, 100, 443, 8080, 9999, 10_000, 65_535] {
          let service = ServiceAddress(address: address, transport: transport, port: port)
          #expect(service.description == "\(address) \(transport.name)/\(port)")
        }
      }
    }
    #expect(
      ServiceAddress(address: addresses[9], transport: IPProtocol(rawValue: 200), port: 65_535)
        .description
        == "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff ip-proto-200/65535")
  }
}
