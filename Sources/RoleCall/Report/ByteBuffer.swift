/// A growable byte buffer with cheap appends (no copy-on-write checks): the renderers write
/// their text into one and hand it on in chunks.
final class ByteBuffer {
  // One writer touches a buffer, one call at a time: no dynamic exclusivity checks.
  @exclusivity(unchecked) private var base: UnsafeMutablePointer<UInt8>
  @exclusivity(unchecked) private var capacity: Int
  @exclusivity(unchecked) private(set) var count = 0

  init(capacity: Int) {
    self.capacity = capacity
    base = .allocate(capacity: capacity)
  }

  deinit { base.deallocate() }

  @inline(__always) private func reserve(_ extra: Int) {
    if count + extra > capacity { grow(count + extra) }
  }

  private func grow(_ needed: Int) {
    let larger = max(capacity * 2, needed)
    let moved = UnsafeMutablePointer<UInt8>.allocate(capacity: larger)
    moved.update(from: base, count: count)
    base.deallocate()
    base = moved
    capacity = larger
  }

  @inline(__always) func append(_ byte: UInt8) {
    reserve(1)
    base[count] = byte
    count += 1
  }

  @inline(__always) func append(_ bytes: UnsafePointer<UInt8>, _ length: Int) {
    reserve(length)
    (base + count).update(from: bytes, count: length)
    count += length
  }

  func append(repeating byte: UInt8, count length: Int) {
    reserve(length)
    (base + count).update(repeating: byte, count: length)
    count += length
  }

  /// `,` when `comma`, a new line, and `indent` spaces: what comes before every value. The
  /// spaces are stored eight at a time and the key below is copied a word at a time, inline:
  /// these two were a tenth of a JSON report's instructions.
  @inline(__always) func appendSeparator(comma: Bool, indent: Int) {
    reserve(indent + 10)
    var at = count
    if comma {
      base[at] = UInt8(ascii: ",")
      at += 1
    }
    base[at] = 0x0A
    at += 1
    let spaces = UnsafeMutableRawPointer(base + at)
    var offset = 0
    while offset < indent {
      // May write up to 7 spaces past the end: inside the reserved capacity, and overwritten.
      spaces.storeBytes(of: 0x2020_2020_2020_2020 as UInt64, toByteOffset: offset, as: UInt64.self)
      offset += 8
    }
    count = at + indent
  }

  /// `"name" : ` for a name that needs no escaping.
  @inline(__always) func appendKey(_ name: UnsafePointer<UInt8>, _ length: Int) {
    reserve(length + 5)
    let start = base + count
    start[0] = UInt8(ascii: "\"")
    ByteBuffer.copyShort(name, length, to: start + 1)
    start[length + 1] = UInt8(ascii: "\"")
    start[length + 2] = UInt8(ascii: " ")
    start[length + 3] = UInt8(ascii: ":")
    start[length + 4] = UInt8(ascii: " ")
    count += length + 5
  }

  /// `"text"` for bytes that need no escaping.
  @inline(__always) func appendQuoted(_ text: UnsafePointer<UInt8>?, _ length: Int) {
    reserve(length + 2)
    let start = base + count
    start[0] = UInt8(ascii: "\"")
    if let text {
      if length <= 64 {
        ByteBuffer.copyShort(text, length, to: start + 1)
      } else {
        (start + 1).update(from: text, count: length)
      }
    }
    start[length + 1] = UInt8(ascii: "\"")
    count += length + 2
  }

  /// Whether any of the `length` bytes is a quote, a backslash or a control character, the
  /// bytes JSON escapes; tested eight at a time (each test is exact for the word).
  static func needsEscaping(_ text: UnsafePointer<UInt8>, _ length: Int) -> Bool {
    let raw = UnsafeRawPointer(text)
    var offset = 0
    while offset + 8 <= length {
      if escapes(raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self)) { return true }
      offset += 8
    }
    guard offset < length else { return false }
    // The last few bytes, in a word padded with letters.
    var last: UInt64 = 0x6161_6161_6161_6161
    withUnsafeMutableBytes(of: &last) { word in
      guard let target = word.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return }
      copyShort(text + offset, length - offset, to: target)
    }
    return escapes(last)
  }

  /// Whether one of the eight bytes of `word` is one JSON escapes (exact for the word).
  @inline(__always) static func escapes(_ word: UInt64) -> Bool {
    let ones: UInt64 = 0x0101_0101_0101_0101
    let highs: UInt64 = 0x8080_8080_8080_8080
    // A byte below 0x20, or a zero byte after XOR with '"' or '\\'.
    let control = (word &- ones &* 0x20) & ~word & highs
    let quoted = word ^ (ones &* 0x22)
    let backslashed = word ^ (ones &* 0x5C)
    let quote = (quoted &- ones) & ~quoted & highs
    let backslash = (backslashed &- ones) & ~backslashed & highs
    return control | quote | backslash != 0
  }

  /// Copies `length` bytes with word loads and stores, the last word overlapping the one
  /// before it, instead of calling `memmove` or copying byte by byte: for keys and short texts.
  @inline(__always) static func copyShort(
    _ source: UnsafePointer<UInt8>, _ length: Int, to target: UnsafeMutablePointer<UInt8>
  ) {
    let from = UnsafeRawPointer(source)
    let to = UnsafeMutableRawPointer(target)
    func move<Word: FixedWidthInteger>(_: Word.Type, at offset: Int) {
      to.storeBytes(
        of: from.loadUnaligned(fromByteOffset: offset, as: Word.self), toByteOffset: offset,
        as: Word.self)
    }
    if length >= 8 {
      var offset = 0
      while offset + 8 < length {
        move(UInt64.self, at: offset)
        offset += 8
      }
      move(UInt64.self, at: length - 8)
    } else if length >= 4 {
      move(UInt32.self, at: 0)
      move(UInt32.self, at: length - 4)
    } else if length >= 2 {
      move(UInt16.self, at: 0)
      move(UInt16.self, at: length - 2)
    } else if length == 1 {
      target[0] = source[0]
    }
  }

  /// The decimal digits of `value`.
  func appendDigits(_ value: UInt) {
    reserve(20)
    count += ByteBuffer.writeDigits(value, at: base + count)
  }

  /// How many decimal digits `value` has.
  static func digitCount(_ value: UInt) -> Int {
    var digits = 1
    var rest = value / 10
    while rest > 0 {
      digits += 1
      rest /= 10
    }
    return digits
  }

  /// Writes the decimal digits of `value` at `target` (up to 20 bytes); returns how many.
  static func writeDigits(_ value: UInt, at target: UnsafeMutablePointer<UInt8>) -> Int {
    let digits = digitCount(value)
    var rest = value
    for position in stride(from: digits - 1, through: 0, by: -1) {
      target[position] = 0x30 + UInt8(rest % 10)
      rest /= 10
    }
    return digits
  }

  /// Moves the bytes from offset `start` on to the right, spaces before them, until they take
  /// `width` bytes (for text of one byte a character, right-aligned in a column).
  func shiftRight(from start: Int, toWidth width: Int) {
    let length = count - start
    let pad = width - length
    guard pad > 0 else { return }
    reserve(pad)
    (base + start + pad).update(from: base + start, count: length)
    (base + start).update(repeating: UInt8(ascii: " "), count: pad)
    count += pad
  }

  /// Removes the `byte`s the buffer ends in, back to offset `start` at most.
  func dropTrailing(_ byte: UInt8, from start: Int) {
    while count > start && base[count - 1] == byte { count -= 1 }
  }

  /// Removes `suffix` when the bytes written since offset `start` end in it.
  func dropTrailing(_ suffix: StaticString, from start: Int) {
    let bytes = UnsafeBufferPointer(start: suffix.utf8Start, count: suffix.utf8CodeUnitCount)
    guard count - start >= bytes.count,
      bytes.indices.allSatisfy({ base[count - bytes.count + $0] == bytes[$0] })
    else { return }
    count -= bytes.count
  }

  /// The bytes so far as a string; the buffer is then empty.
  func take() -> String {
    let text = String(decoding: UnsafeBufferPointer(start: base, count: count), as: UTF8.self)
    count = 0
    return text
  }

  /// Hands the bytes so far to `output`, as they are when it takes bytes, else as a string;
  /// the buffer is then empty.
  func flush(to output: inout some TextOutputStream) {
    guard let sink = output as? any ByteOutputStream else {
      output.write(take())
      return
    }
    sink.write(bytes: UnsafeRawBufferPointer(start: base, count: count))
    count = 0
  }
}

/// An output that takes bytes as they are. The renderers write into `ByteBuffer`s; made into a
/// `String` for a plain `TextOutputStream`, each chunk's UTF-8 is checked once more, which off
/// the check's ASCII fast path (the HTML flow rows' arrows) took 38 ms of big.pcap's
/// `--all --format html`.
public protocol ByteOutputStream: TextOutputStream, AnyObject {
  /// Writes `bytes`, which hold whole UTF-8 characters.
  func write(bytes: UnsafeRawBufferPointer)
}
