/// One packet as a capture source hands it out: its record metadata and a borrowed view of its bytes.
///
/// The view points into the reader's buffer (or libpcap's) and is valid only until the reader's
/// next call (gopacket's zero-copy contract). Nothing is copied or allocated per packet; copy the
/// bytes out if they must outlive the next read.
public struct CapturedPacket {
  /// Capture time in nanoseconds since the Unix epoch (UTC).
  public var timestamp: Int64
  /// How many bytes were captured: the length of `bytes`.
  public var capturedLength: Int { bytes.count }
  /// How long the packet was on the wire (may exceed `capturedLength` under a short snaplen).
  public var originalLength: Int
  /// The link-layer header type of the interface the packet was captured on.
  public var linkType: LinkType
  /// The 1-based position of the packet in its file, counting every packet record.
  public var index: Int
  /// The interface the packet came from (pcapng interface number; 0 for pcap).
  public var interface: Int
  /// The captured bytes, borrowed: valid only until the source's next read.
  public var bytes: UnsafeRawBufferPointer

  /// Makes a packet view; `bytes` must stay valid until the next read of its source.
  public init(
    timestamp: Int64, originalLength: Int, linkType: LinkType, index: Int, interface: Int,
    bytes: UnsafeRawBufferPointer
  ) {
    self.timestamp = timestamp
    self.originalLength = originalLength
    self.linkType = linkType
    self.index = index
    self.interface = interface
    self.bytes = bytes
  }
}

/// The container format of a capture file, sniffed from its magic number.
public enum CaptureFormat: String, Sendable, Codable {
  /// Classic libpcap format, microsecond or nanosecond timestamps, either byte order.
  case pcap
  /// pcapng (the block format Wireshark writes).
  case pcapng
  /// Not a file: packets captured from a live interface (`rolecall live`).
  case live
}

/// Something that yields captured packets one at a time: a file reader or a live interface.
///
/// The seam between readers, live capture and tests (gopacket's `PacketDataSource`).
public protocol PacketSource {
  /// The next packet, or `nil` at the end; throws when the source cannot be read on.
  mutating func next() throws(CaptureError) -> CapturedPacket?
}
