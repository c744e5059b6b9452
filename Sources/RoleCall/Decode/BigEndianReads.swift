extension RawSpan {
  /// Reads a byte; the caller's header guard covers `offset`.
  @inline(__always)
  func byte(_ offset: Int) -> UInt8 {
    unsafeLoad(fromByteOffset: offset, as: UInt8.self)
  }

  /// Reads a big-endian (network order) 16-bit field; the caller's header guard covers it.
  @inline(__always)
  func u16(_ offset: Int) -> UInt16 {
    UInt16(bigEndian: unsafeLoadUnaligned(fromByteOffset: offset, as: UInt16.self))
  }

  /// Reads a big-endian 32-bit field; the caller's header guard covers it.
  @inline(__always)
  func u32(_ offset: Int) -> UInt32 {
    UInt32(bigEndian: unsafeLoadUnaligned(fromByteOffset: offset, as: UInt32.self))
  }

  /// Reads a big-endian 64-bit field; the caller's header guard covers it.
  @inline(__always)
  func u64(_ offset: Int) -> UInt64 {
    UInt64(bigEndian: unsafeLoadUnaligned(fromByteOffset: offset, as: UInt64.self))
  }

  /// Reads a little-endian 16-bit field (radiotap and NFLOG TLVs are host or little endian).
  @inline(__always)
  func u16LittleEndian(_ offset: Int) -> UInt16 {
    UInt16(littleEndian: unsafeLoadUnaligned(fromByteOffset: offset, as: UInt16.self))
  }

  /// The one bounds check of a header: `needed` bytes starting at `offset` must be present.
  @inline(__always)
  func require(_ needed: Int, at offset: Int, layer: Layer) throws(DecodeError) {
    guard offset >= 0, byteCount - offset >= needed else {
      throw .truncated(
        layer: layer, needed: needed, available: Swift.max(0, byteCount - offset), offset: offset)
    }
  }
}
