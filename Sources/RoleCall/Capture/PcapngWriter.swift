#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Writes a pcapng file: one Section Header Block, one Interface Description Block (with
/// `if_name` and nanosecond `if_tsresol`) and an Enhanced Packet Block per packet, in the host's
/// byte order (draft-ietf-opsawg-pcapng).
///
/// Blocks are built whole in a buffer and written with `write(2)` when it fills, on `flush()` and
/// on `close()`, so after any flush the file ends on a block boundary and is complete. The live
/// loop flushes on every read timeout, so a stop by signal, count or duration loses nothing.
public final class PcapngWriter {
  /// The path written.
  public let path: String
  private var descriptor: Int32
  private var buffer: [UInt8] = []
  /// Packets written so far.
  public private(set) var packets = 0
  private static let flushThreshold = 1 << 16

  /// Creates (or truncates) `path` and writes the section and interface headers.
  public init(
    path: String, linkType: LinkType, snapLength: Int, interfaceName: String
  ) throws(CaptureError) {
    self.path = path
    descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
    guard descriptor >= 0 else {
      throw CaptureError(
        source: path, kind: .cannotOpen,
        detail: "cannot write: \(String(cString: strerror(errno)).lowercased())")
    }
    buffer.reserveCapacity(PcapngWriter.flushThreshold * 2)
    // Section Header Block: type, length, byte-order magic, version 1.0, section length unknown.
    append32(0x0A0D_0D0A)
    append32(28)
    append32(0x1A2B_3C4D)
    append16(1)
    append16(0)
    append64(UInt64.max)
    append32(28)
    // Interface Description Block with if_name (2), if_tsresol (9) = 10^-9, opt_endofopt.
    let name = Array(interfaceName.utf8)
    let namePadded = (name.count + 3) & ~3
    let length = 16 + 4 + namePadded + 4 + 4 + 4 + 4
    append32(1)
    append32(UInt32(length))
    append16(UInt16(truncatingIfNeeded: linkType.rawValue))
    append16(0)
    append32(UInt32(snapLength))
    append16(2)
    append16(UInt16(name.count))
    buffer += name
    buffer += [UInt8](repeating: 0, count: namePadded - name.count)
    append16(9)
    append16(1)
    buffer += [9, 0, 0, 0]
    append32(0)
    append32(UInt32(length))
    try flush()
  }

  deinit { try? close() }

  /// Appends one packet as an Enhanced Packet Block (written at the next flush).
  public func write(_ packet: borrowing CapturedPacket) throws(CaptureError) {
    let captured = packet.capturedLength
    let padded = (captured + 3) & ~3
    let length = 32 + padded
    let ticks = UInt64(bitPattern: packet.timestamp)
    append32(6)
    append32(UInt32(length))
    append32(0)
    append32(UInt32(truncatingIfNeeded: ticks >> 32))
    append32(UInt32(truncatingIfNeeded: ticks))
    append32(UInt32(captured))
    append32(UInt32(truncatingIfNeeded: packet.originalLength))
    buffer.append(contentsOf: packet.bytes)
    buffer.append(contentsOf: repeatElement(0, count: padded - captured))
    append32(UInt32(length))
    packets += 1
    if buffer.count >= PcapngWriter.flushThreshold { try flush() }
  }

  /// Writes out every whole block buffered so far.
  public func flush() throws(CaptureError) {
    guard descriptor >= 0, !buffer.isEmpty else { return }
    var failure: Int32 = 0
    buffer.withUnsafeBytes { bytes in
      guard let base = bytes.baseAddress else { return }
      var offset = 0
      while offset < bytes.count {
        let written = Glibc.write(descriptor, base + offset, bytes.count - offset)
        if written < 0 {
          if errno == EINTR { continue }
          failure = errno
          return
        }
        offset += written
      }
    }
    buffer.removeAll(keepingCapacity: true)
    if failure != 0 {
      throw CaptureError(
        source: path, kind: .ioError,
        detail: "write failed: \(String(cString: strerror(failure)).lowercased())")
    }
  }

  /// Flushes and closes the file; later writes are dropped.
  public func close() throws(CaptureError) {
    guard descriptor >= 0 else { return }
    defer {
      _ = Glibc.close(descriptor)
      descriptor = -1
    }
    try flush()
  }

  private func append16(_ value: UInt16) {
    withUnsafeBytes(of: value) { buffer.append(contentsOf: $0) }
  }

  private func append32(_ value: UInt32) {
    withUnsafeBytes(of: value) { buffer.append(contentsOf: $0) }
  }

  private func append64(_ value: UInt64) {
    withUnsafeBytes(of: value) { buffer.append(contentsOf: $0) }
  }
}
