#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The bytes of a capture file, read front to back: a reused buffer refilled with `read(2)`
/// (a regular file, standard input or a pipe alike), or a copy of bytes in memory.
///
/// Readers ask for the next `count` bytes with `peek`, read them in place, then `skip` past them.
/// A view returned by `peek` is valid until the next `peek`, so nothing is copied per packet.
/// The reader that owns it calls `release()` when done. The buffer holds `bufferSize` bytes, or
/// one record when a record is longer, so resident memory does not grow with the file.
///
/// A memory map (the reader until session 8 of docs/performance.md) cost as much time in the
/// kernel (mapping the file's pages, then releasing them behind the reader) as the copy does,
/// and the reader's own loads then went to memory: reading big.pcap took 0.23 s, 0.14 s of it
/// in the reader itself; from a 1 MiB buffer the kernel has just filled, 0.13 s and 0.03 s.
struct ByteInput {
  /// The path shown in errors (`-` for standard input).
  let path: String
  private let descriptor: Int32
  /// The size of a regular file when it was opened (`nil` for a stream).
  let fileSize: Int?
  private var base: UnsafeMutableRawPointer?
  private var capacity: Int
  /// Bytes of `base` that hold file data.
  private var filled: Int
  /// The reading position within `base`.
  private var position: Int
  /// File offset of `base[0]`.
  private var baseOffset: Int
  private var endOfInput: Bool

  /// The buffer's size: 1 MiB reads keep the bytes just read in the reading core's cache
  /// (larger ones measured no faster on big.pcap, 256 KiB no slower).
  static let bufferSize = 1 << 20
  /// The largest single record a stream may ask for; longer claims are corrupt files.
  static let maximumRecord = 256 << 20

  /// Opens `path` (`-` is standard input).
  init(path: String) throws(CaptureError) {
    self.path = path
    let fd: Int32 = path == "-" ? 0 : open(path, O_RDONLY)
    if fd < 0 {
      throw CaptureError(
        source: path, kind: .cannotOpen, detail: "cannot open: \(ByteInput.errnoText(errno))")
    }
    var info = stat()
    guard fstat(fd, &info) == 0 else {
      let text = ByteInput.errnoText(errno)
      if fd != 0 { close(fd) }
      throw CaptureError(source: path, kind: .cannotOpen, detail: "cannot open: \(text)")
    }
    let kind = info.st_mode & S_IFMT
    if kind == S_IFDIR {
      if fd != 0 { close(fd) }
      throw CaptureError(
        source: path, kind: .cannotOpen, detail: "is a directory, not a capture file")
    }
    descriptor = fd
    if kind == S_IFREG {
      fileSize = Int(info.st_size)
      #if canImport(Glibc)
        // A larger read-ahead for a file read once from front to back.
        _ = posix_fadvise(fd, 0, 0, Int32(POSIX_FADV_SEQUENTIAL))
      #endif
    } else {
      fileSize = nil
    }
    position = 0
    baseOffset = 0
    base = nil
    capacity = 0
    filled = 0
    endOfInput = false
  }

  /// Holds a copy of `bytes`, named `path` in errors; no file is opened.
  init(copying bytes: UnsafeRawBufferPointer, path: String) {
    self.path = path
    descriptor = -1
    fileSize = nil
    position = 0
    baseOffset = 0
    endOfInput = true
    capacity = bytes.count
    filled = bytes.count
    if let source = bytes.baseAddress, bytes.count > 0 {
      let copy = UnsafeMutableRawPointer.allocate(byteCount: bytes.count, alignment: 16)
      copy.copyMemory(from: source, byteCount: bytes.count)
      base = copy
    } else {
      base = nil
    }
  }

  /// Frees the bytes and closes the file; the owner calls it once, from its `deinit`.
  func release() {
    base?.deallocate()
    if descriptor > 0 { close(descriptor) }
  }

  /// The file offset of the reading position.
  var offset: Int { baseOffset + position }

  /// The bytes from the reading position to the end of what is available, at least `count` of
  /// them unless the input ends first (then fewer: the caller reports truncation).
  mutating func peek(_ count: Int) throws(CaptureError) -> UnsafeRawBufferPointer {
    if filled - position < count && !endOfInput {
      try refill(atLeast: count)
    }
    guard let base else { return UnsafeRawBufferPointer(start: nil, count: 0) }
    return UnsafeRawBufferPointer(start: base + position, count: filled - position)
  }

  /// Moves the reading position forward by `count` bytes, which `peek` has shown to be there.
  @inline(__always)
  mutating func skip(_ count: Int) {
    position += count
  }

  /// True when every byte has been read.
  mutating func atEnd() throws(CaptureError) -> Bool {
    try peek(1).isEmpty
  }

  private mutating func refill(atLeast count: Int) throws(CaptureError) {
    let kept = filled - position
    if count > capacity {
      let newCapacity = max(count, ByteInput.bufferSize, capacity * 2)
      let grown = UnsafeMutableRawPointer.allocate(byteCount: newCapacity, alignment: 16)
      if let base, kept > 0 { grown.copyMemory(from: base + position, byteCount: kept) }
      base?.deallocate()
      base = grown
      capacity = newCapacity
    } else if let base, position > 0 {
      if kept > 0 { base.copyMemory(from: base + position, byteCount: kept) }
    }
    baseOffset += position
    position = 0
    filled = kept
    guard let base else { return }
    while filled < count {
      let got = read(descriptor, base + filled, capacity - filled)
      if got < 0 {
        if errno == EINTR { continue }
        throw CaptureError(
          source: path, kind: .ioError, detail: "read failed: \(ByteInput.errnoText(errno))",
          offset: offset + filled)
      }
      if got == 0 {
        endOfInput = true
        return
      }
      filled += got
    }
  }

  static func errnoText(_ code: Int32) -> String {
    guard let text = strerror(code) else { return "error \(code)" }
    return String(cString: text).lowercased()
  }
}
