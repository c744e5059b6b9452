// libFuzzer target: the pcapng reader, then every packet through the decoder and the flow
// tracker. Each input is a whole file. Besides crashes, it checks the reader against an
// independent walk of the block lengths: a file read to its end has exactly the packet blocks
// the walk finds, and a file that fails has read every packet block that starts before the fault.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzPcapngReader(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  let bytes = UnsafeRawBufferPointer(start: data, count: size)
  let name = "fuzz.pcapng"
  let file: CaptureFile
  do throws(CaptureError) {
    file = try CaptureFile(bytes: bytes, name: name)
  } catch {
    check(error.source == name && error.offset != nil, "bad open error: \(error.message)")
    return 0
  }
  var pipeline = FuzzPipeline()
  let error = pipeline.read(file, name: name)
  guard case .pcapng = file else { return 0 }
  let walk = PcapngWalk(bytes)
  if let error, let offset = error.offset {
    let before = walk.packetBlockStarts.count(where: { $0 < offset })
    check(
      pipeline.packets == before,
      "read \(pipeline.packets) packets before the fault at byte \(offset), the walk finds \(before)"
    )
  } else {
    check(walk.reachedEnd, "read to the end a file whose block lengths do not reach it")
    check(
      pipeline.packets == walk.packetBlockStarts.count,
      "read \(pipeline.packets) packets, the walk finds \(walk.packetBlockStarts.count) blocks")
  }
  return 0
}

/// An independent walk of a pcapng file's blocks by their length fields (draft-ietf-opsawg-pcapng).
struct PcapngWalk {
  /// Where each Enhanced, Simple and obsolete Packet Block starts.
  var packetBlockStarts: [Int] = []
  /// Whether the lengths lead exactly to the end of the file.
  var reachedEnd = false

  init(_ bytes: UnsafeRawBufferPointer) {
    var offset = 0
    var swapped = false
    while offset != bytes.count {
      guard bytes.count - offset >= 8 else { return }
      let raw = bytes.loadUnaligned(fromByteOffset: offset, as: UInt32.self)
      if raw == 0x0A0D_0D0A {
        guard bytes.count - offset >= 12 else { return }
        switch bytes.loadUnaligned(fromByteOffset: offset + 8, as: UInt32.self) {
        case 0x1A2B_3C4D: swapped = false
        case 0x4D3C_2B1A: swapped = true
        default: return
        }
      }
      let type = swapped ? raw.byteSwapped : raw
      let field = bytes.loadUnaligned(fromByteOffset: offset + 4, as: UInt32.self)
      let length = Int(swapped ? field.byteSwapped : field)
      guard length >= 12, length % 4 == 0, bytes.count - offset >= length else { return }
      if type == 2 || type == 3 || type == 6 { packetBlockStarts.append(offset) }
      offset += length
    }
    reachedEnd = true
  }
}
