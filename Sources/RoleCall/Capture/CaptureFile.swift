/// An open capture file of either format, chosen by its magic number and never by its name.
///
/// An enum rather than an existential so that each packet read is a direct call.
public enum CaptureFile: PacketSource {
  /// A classic pcap file.
  case pcap(PcapReader)
  /// A pcapng file.
  case pcapng(PcapngReader)

  /// Opens `path` (`-` for standard input) and reads its file header.
  public init(path: String) throws(CaptureError) {
    try self.init(input: try ByteInput(path: path))
  }

  /// Reads a capture held in memory: `bytes` are copied, and errors name the capture `name`.
  public init(bytes: UnsafeRawBufferPointer, name: String) throws(CaptureError) {
    try self.init(input: ByteInput(copying: bytes, path: name))
  }

  private init(input: ByteInput) throws(CaptureError) {
    var input = input
    let path = input.path
    let head: UnsafeRawBufferPointer
    do throws(CaptureError) {
      head = try input.peek(4)
    } catch {
      input.release()
      throw error
    }
    guard head.count >= 4 else {
      input.release()
      let detail =
        head.isEmpty ? "file is empty" : "file is too short to be a capture (\(head.count) bytes)"
      throw CaptureError(source: path, kind: .notACaptureFile, detail: detail, offset: 0)
    }
    let magic = head.loadUnaligned(fromByteOffset: 0, as: UInt32.self)
    switch magic {
    case CaptureMagic.pcapngSection:
      self = .pcapng(try PcapngReader(input: input))
    case CaptureMagic.pcapMicro, CaptureMagic.pcapNano, CaptureMagic.pcapMicro.byteSwapped,
      CaptureMagic.pcapNano.byteSwapped:
      self = .pcap(try PcapReader(input: input))
    default:
      input.release()
      throw CaptureError(
        source: path, kind: .notACaptureFile,
        detail: "not a pcap or pcapng file (unknown magic 0x\(String(magic.bigEndian, radix: 16)))",
        offset: 0)
    }
  }

  /// The size of a regular file (`nil` for standard input and pipes).
  var fileSize: Int? {
    switch self {
    case .pcap(let reader): reader.fileSize
    case .pcapng(let reader): reader.fileSize
    }
  }

  /// How far into the file the reader is, in bytes (for a progress bar).
  public var bytesRead: Int {
    switch self {
    case .pcap(let reader): reader.bytesRead
    case .pcapng(let reader): reader.bytesRead
    }
  }

  /// The file's container format.
  public var format: CaptureFormat {
    switch self {
    case .pcap: .pcap
    case .pcapng: .pcapng
    }
  }

  /// The next packet, or `nil` at the end of the file.
  @inline(__always)
  public func next() throws(CaptureError) -> CapturedPacket? {
    switch self {
    case .pcap(let reader): try reader.next()
    case .pcapng(let reader): try reader.next()
    }
  }
}
