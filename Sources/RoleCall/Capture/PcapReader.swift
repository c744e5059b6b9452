/// Reads classic pcap files: a 24-byte global header, then 16-byte record headers each followed by
/// the captured bytes. Both byte orders; microsecond and nanosecond magic.
///
/// Layout (from the libpcap file format, draft-ietf-opsawg-pcap):
///
///     global header: magic u32 | major u16 | minor u16 | thiszone i32 | sigfigs u32 |
///                    snaplen u32 | linktype u32 (low 16 bits; FCS bits above)
///     record header: ts_sec u32 | ts_frac u32 | caplen u32 | origlen u32
///
/// Every length is checked against what is left before it is used.
public final class PcapReader: PacketSource {
  @exclusivity(unchecked) private var input: ByteInput

  /// The size of a regular file (`nil` for a stream).
  var fileSize: Int? { input.fileSize }
  /// How far into the file the reader is, in bytes.
  var bytesRead: Int { input.offset }
  private let fields: FileFields
  private let nanosecond: Bool
  /// The link type of every packet in the file.
  public let linkType: LinkType
  /// The snapshot length the file declares.
  public let snapLength: Int
  private var count = 0

  /// The largest record libpcap accepts, whatever the snaplen says (libpcap's MAXIMUM_SNAPLEN).
  static let maximumCapture = 262_144

  init(input: ByteInput) throws(CaptureError) {
    var input = input
    do throws(CaptureError) {
      let header = try PcapReader.readFileHeader(&input)
      (fields, nanosecond, snapLength, linkType) = header
    } catch {
      input.release()
      throw error
    }
    self.input = input
  }

  /// Reads and checks the 24-byte global header and moves past it.
  private static func readFileHeader(
    _ input: inout ByteInput
  ) throws(CaptureError)
    -> (FileFields, Bool, Int, LinkType)
  {
    let header = try input.peek(24)
    let path = input.path
    guard header.count >= 4 else {
      throw CaptureError(
        source: path, kind: .notACaptureFile, detail: "file is too short to be a capture")
    }
    let fields: FileFields
    let nanosecond: Bool
    switch header.loadUnaligned(fromByteOffset: 0, as: UInt32.self) {
    case CaptureMagic.pcapMicro: (fields, nanosecond) = (FileFields(swapped: false), false)
    case CaptureMagic.pcapNano: (fields, nanosecond) = (FileFields(swapped: false), true)
    case CaptureMagic.pcapMicro.byteSwapped:
      (fields, nanosecond) = (FileFields(swapped: true), false)
    case CaptureMagic.pcapNano.byteSwapped: (fields, nanosecond) = (FileFields(swapped: true), true)
    default:
      throw CaptureError(
        source: path, kind: .notACaptureFile, detail: "not a pcap file (bad magic)")
    }
    guard header.count >= 24 else {
      throw CaptureError(
        source: path, kind: .truncated,
        detail: "truncated pcap file header (needed 24 bytes, \(header.count) left)", offset: 0)
    }
    let major = fields.u16(header, 4)
    guard major == 2 else {
      throw CaptureError(
        source: path, kind: .corrupt, detail: "unsupported pcap version \(major)", offset: 4)
    }
    let declared = Int(fields.u32(header, 16))
    let snapLength = declared == 0 || declared > maximumCapture ? maximumCapture : declared
    let linkType = LinkType(rawValue: fields.u32(header, 20) & 0xFFFF)
    input.skip(24)
    return (fields, nanosecond, snapLength, linkType)
  }

  deinit { input.release() }

  /// The next packet, or `nil` after the last; throws on a truncated or impossible record.
  public func next() throws(CaptureError) -> CapturedPacket? {
    let start = input.offset
    let header = try input.peek(16)
    if header.isEmpty { return nil }
    let number = count + 1
    guard header.count >= 16 else {
      throw CaptureError(
        source: input.path, kind: .truncated,
        detail: "truncated packet record header (needed 16 bytes, \(header.count) left)",
        packet: number, offset: start)
    }
    let seconds = Int64(fields.u32(header, 0))
    let fraction = Int64(fields.u32(header, 4))
    let recorded = Int(fields.u32(header, 8))
    let original = Int(fields.u32(header, 12))
    guard recorded <= PcapReader.maximumCapture else {
      throw CaptureError(
        source: input.path, kind: .corrupt,
        detail:
          "packet record claims \(recorded) captured bytes, more than the \(PcapReader.maximumCapture) a capture can hold",
        packet: number, offset: start)
    }
    // The header's view runs to the end of the bytes read so far, so it nearly always holds
    // the whole record already: a second call only when it does not.
    let record = header.count >= 16 + recorded ? header : try input.peek(16 + recorded)
    guard record.count >= 16 + recorded else {
      throw CaptureError(
        source: input.path, kind: .truncated,
        detail: "truncated packet record (needed \(recorded) bytes, \(record.count - 16) left)",
        packet: number, offset: start)
    }
    // libpcap hands out at most the file's snaplen and drops the rest of a longer record.
    let kept = min(recorded, snapLength)
    let bytes = UnsafeRawBufferPointer(rebasing: record[16..<(16 + kept)])
    input.skip(16 + recorded)
    count = number
    let timestamp = seconds * 1_000_000_000 + (nanosecond ? fraction : fraction * 1000)
    return CapturedPacket(
      timestamp: timestamp, originalLength: original, linkType: linkType, index: number,
      interface: 0, bytes: bytes)
  }
}
