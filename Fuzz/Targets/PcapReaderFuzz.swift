// libFuzzer target: the classic pcap reader, then every packet through the decoder and the flow
// tracker. Each input is a whole file. Besides crashes, it checks the reader against an
// independent walk of the record headers: the same packets, the same captured bytes, and an
// error exactly where the walk finds the first impossible or missing record.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzPcapReader(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  let bytes = UnsafeRawBufferPointer(start: data, count: size)
  let name = "fuzz.pcap"
  let reference = PcapWalk(bytes)
  let file: CaptureFile
  do throws(CaptureError) {
    file = try CaptureFile(bytes: bytes, name: name)
  } catch {
    check(error.source == name && error.offset != nil, "bad open error: \(error.message)")
    check(!reference.isPcap || reference.headerFault, "pcap header refused: \(error.message)")
    return 0
  }
  var pipeline = FuzzPipeline()
  let error = pipeline.read(file, name: name)
  guard case .pcap = file else { return 0 }
  check(!reference.headerFault, "a pcap header the walk refuses was accepted")
  check(
    pipeline.packets == reference.records,
    "read \(pipeline.packets) packets, the walk finds \(reference.records) complete records")
  check(
    pipeline.capturedBytes == reference.capturedBytes,
    "handed out \(pipeline.capturedBytes) bytes, the walk finds \(reference.capturedBytes)")
  if let fault = reference.faultOffset {
    check(error != nil, "no error, but the record at byte \(fault) is incomplete or impossible")
    check(error?.offset == fault, "error at byte \(error?.offset ?? -1), the walk says \(fault)")
    check(error?.packet == reference.records + 1, "error names the wrong packet")
  } else {
    check(error == nil, "error on a file the walk reads to its end: \(error?.message ?? "")")
  }
  return 0
}

/// An independent walk of a pcap file's record headers (draft-ietf-opsawg-pcap).
struct PcapWalk {
  /// Whether the file starts with a pcap magic number, in either byte order.
  var isPcap = false
  /// Whether the 24-byte global header is missing or has the wrong major version.
  var headerFault = false
  /// Complete records before the end or the first fault.
  var records = 0
  /// Captured bytes handed out for them (each record cut to the snaplen).
  var capturedBytes = 0
  /// The byte offset of the first record that is cut short or longer than any capture.
  var faultOffset: Int?

  init(_ bytes: UnsafeRawBufferPointer) {
    guard bytes.count >= 4 else { return }
    let magic = bytes.loadUnaligned(fromByteOffset: 0, as: UInt32.self)
    let swapped: Bool
    switch magic {
    case 0xA1B2_C3D4, 0xA1B2_3C4D: swapped = false
    case 0xD4C3_B2A1, 0x4D3C_B2A1: swapped = true
    default: return
    }
    isPcap = true
    func u32(_ offset: Int) -> Int {
      let value = bytes.loadUnaligned(fromByteOffset: offset, as: UInt32.self)
      return Int(swapped ? value.byteSwapped : value)
    }
    guard bytes.count >= 24 else {
      headerFault = true
      return
    }
    let version = bytes.loadUnaligned(fromByteOffset: 4, as: UInt16.self)
    guard (swapped ? version.byteSwapped : version) == 2 else {
      headerFault = true
      return
    }
    let declared = u32(16)
    let snapLength = declared == 0 || declared > 262_144 ? 262_144 : declared
    var offset = 24
    while offset < bytes.count {
      let left = bytes.count - offset
      guard left >= 16, u32(offset + 8) <= 262_144, left - 16 >= u32(offset + 8) else {
        faultOffset = offset
        return
      }
      let recorded = u32(offset + 8)
      records += 1
      capturedBytes += min(recorded, snapLength)
      offset += 16 + recorded
    }
  }
}
