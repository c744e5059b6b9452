/// Field reads for the parsers. Each header checks its bounds once (`require`), and its field
/// reads then go without a check of their own: the per-read checks were 31.7 M of the 310.1 M
/// instructions (callgrind) that reading and decoding small.pcap's 476,737 packets took, on the
/// thread that reads.
///
/// Debug builds assert that every read lies inside the span, and the fuzz targets (built with
/// `-D CHECKED_FIELD_READS`) trap on one that does not, so a read that its header's check fails
/// to cover is found there rather than reading past the packet.
extension RawSpan {
  /// Checks, where checking is on, that `size` bytes at `offset` lie inside the span.
  @inline(__always)
  func checkCovered(_ offset: Int, _ size: Int) {
    #if CHECKED_FIELD_READS
      precondition(offset >= 0 && size <= byteCount - offset, "field read outside its header")
    #else
      assert(offset >= 0 && size <= byteCount - offset, "field read outside its header")
    #endif
  }

  /// Reads a byte; the caller's header guard covers `offset`.
  @inline(__always)
  func byte(_ offset: Int) -> UInt8 {
    checkCovered(offset, 1)
    return unsafeLoad(fromUncheckedByteOffset: offset, as: UInt8.self)
  }

  /// Reads a big-endian (network order) 16-bit field; the caller's header guard covers it.
  @inline(__always)
  func u16(_ offset: Int) -> UInt16 {
    checkCovered(offset, 2)
    return UInt16(
      bigEndian: unsafeLoadUnaligned(fromUncheckedByteOffset: offset, as: UInt16.self))
  }

  /// Reads a big-endian 32-bit field; the caller's header guard covers it.
  @inline(__always)
  func u32(_ offset: Int) -> UInt32 {
    checkCovered(offset, 4)
    return UInt32(
      bigEndian: unsafeLoadUnaligned(fromUncheckedByteOffset: offset, as: UInt32.self))
  }

  /// Reads a big-endian 64-bit field; the caller's header guard covers it.
  @inline(__always)
  func u64(_ offset: Int) -> UInt64 {
    checkCovered(offset, 8)
    return UInt64(
      bigEndian: unsafeLoadUnaligned(fromUncheckedByteOffset: offset, as: UInt64.self))
  }

  /// Reads a little-endian 16-bit field (radiotap and NFLOG TLVs are host or little endian).
  @inline(__always)
  func u16LittleEndian(_ offset: Int) -> UInt16 {
    checkCovered(offset, 2)
    return UInt16(
      littleEndian: unsafeLoadUnaligned(fromUncheckedByteOffset: offset, as: UInt16.self))
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
