/// Reads the integer fields of capture-file headers, which are in the writer's byte order.
///
/// Callers have checked that `offset + size` is within `bytes` (one guard per header).
struct FileFields {
  /// True when the file was written on a machine of the other byte order than this one.
  var swapped: Bool

  @inline(__always)
  func u16(_ bytes: UnsafeRawBufferPointer, _ offset: Int) -> UInt16 {
    let value = bytes.loadUnaligned(fromByteOffset: offset, as: UInt16.self)
    return swapped ? value.byteSwapped : value
  }

  @inline(__always)
  func u32(_ bytes: UnsafeRawBufferPointer, _ offset: Int) -> UInt32 {
    let value = bytes.loadUnaligned(fromByteOffset: offset, as: UInt32.self)
    return swapped ? value.byteSwapped : value
  }

  @inline(__always)
  func u64(_ bytes: UnsafeRawBufferPointer, _ offset: Int) -> UInt64 {
    let value = bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
    return swapped ? value.byteSwapped : value
  }
}

/// The magic numbers that open capture files, as read in this machine's byte order.
enum CaptureMagic {
  static let pcapMicro: UInt32 = 0xA1B2_C3D4
  static let pcapNano: UInt32 = 0xA1B2_3C4D
  static let pcapngSection: UInt32 = 0x0A0D_0D0A
  static let pcapngByteOrder: UInt32 = 0x1A2B_3C4D
}
