/// A streaming JSON writer: values are written into a buffer that the caller drains into its
/// output every 64 KiB (`drain(into:)`), so a report of any size costs no more memory than the
/// report itself. Not generic, so every call is plain, specialised code.
///
/// The layout is exactly that of Foundation's `JSONEncoder` with `.prettyPrinted`,
/// `.sortedKeys` and `.withoutEscapingSlashes` (two-space indent, `"key" : value`, an empty
/// array or object as `[` and `]` with a blank line between, numbers as Swift prints them with
/// a trailing `.0` dropped), so the documented output did not change when the renderer stopped
/// using it; the tests compare the two byte for byte. Callers write the keys of an object in
/// sorted order themselves.
struct JSONWriter {
  private let buffer = ByteBuffer(capacity: 1 << 17)
  /// Values written so far in each open array or object but the innermost, outermost first.
  private var outerCounts: [Int] = []
  /// Values written so far in the innermost open array or object.
  private var count = 0
  /// Open arrays and objects.
  private var depth = 0
  private static var flushSize: Int { 1 << 16 }

  init() {}

  /// A writer that goes on inside the array or object `depth` levels deep that already holds
  /// `written` values: it writes a run of its values elsewhere (on another thread), and the
  /// writer of the whole then `skip`s them. It writes the same bytes the whole's writer would.
  init(continuingAt depth: Int, after written: Int) {
    self.depth = depth
    count = written
    outerCounts = Array(repeating: 0, count: max(depth - 1, 0))
  }

  /// How many arrays and objects are open.
  var openLevels: Int { depth }

  /// Counts `values` written by a continuing writer into the innermost array or object.
  mutating func skip(_ values: Int) { count += values }

  /// Everything written and not drained, as text; the buffer is then empty.
  func takeText() -> String { buffer.take() }

  /// Moves the buffer to `output` once it holds 64 KiB, or always when `everything` is set.
  /// Call it between values: a value is never split.
  func drain(into output: inout some TextOutputStream, everything: Bool = false) {
    guard buffer.count >= Self.flushSize || (everything && buffer.count > 0) else { return }
    buffer.flush(to: &output)
  }

  mutating func beginObject() { open(UInt8(ascii: "{")) }
  mutating func endObject() { close(UInt8(ascii: "}")) }
  mutating func beginArray() { open(UInt8(ascii: "[")) }
  mutating func endArray() { close(UInt8(ascii: "]")) }

  /// Starts the next member of the current object; `name` needs no escaping.
  mutating func key(_ name: StaticString) {
    next()
    buffer.appendKey(name.utf8Start, name.utf8CodeUnitCount)
  }

  /// Starts the next member of the current object, named by a value (escaped).
  mutating func key(dynamic name: String) {
    next()
    string(name)
    buffer.append(UInt8(ascii: " "))
    buffer.append(UInt8(ascii: ":"))
    buffer.append(UInt8(ascii: " "))
  }

  /// Starts the next element of the current array.
  mutating func element() { next() }

  func string(_ value: String) {
    var value = value
    value.withUTF8 { bytes in
      guard let base = bytes.baseAddress else {
        buffer.appendQuoted(nil, 0)
        return
      }
      // Most texts (addresses, names) need no escaping: found a word at a time, and copied
      // whole between their quotes.
      if !ByteBuffer.needsEscaping(base, bytes.count) {
        buffer.appendQuoted(base, bytes.count)
        return
      }
      buffer.append(UInt8(ascii: "\""))
      // Runs of plain bytes are copied whole, skipped a word at a time (lesson passages are
      // long, with a quote here and there); only quotes, backslashes and control characters
      // are escaped.
      let raw = UnsafeRawPointer(base)
      var start = 0
      var position = 0
      while position < bytes.count {
        if position + 8 <= bytes.count,
          !ByteBuffer.escapes(raw.loadUnaligned(fromByteOffset: position, as: UInt64.self))
        {
          position += 8
          continue
        }
        let byte = bytes[position]
        position += 1
        guard byte < 0x20 || byte == 0x22 || byte == 0x5C else { continue }
        if start < position - 1 { buffer.append(base + start, position - 1 - start) }
        escape(byte)
        start = position
      }
      if start < bytes.count { buffer.append(base + start, bytes.count - start) }
      buffer.append(UInt8(ascii: "\""))
    }
  }

  /// `"text"` for a text that cannot need escaping (a name from a fixed list, an address's
  /// text, a TCP history), copied without being scanned: the flows of a JSON report are nearly
  /// all such texts. Checked in debug builds.
  func plainString(_ value: String) {
    var value = value
    value.withUTF8 { bytes in
      assert(
        bytes.baseAddress.map { !ByteBuffer.needsEscaping($0, bytes.count) } ?? true,
        "plainString given a text that needs escaping")
      buffer.appendQuoted(bytes.baseAddress, bytes.count)
    }
  }

  private func escape(_ byte: UInt8) {
    buffer.append(UInt8(ascii: "\\"))
    switch byte {
    case UInt8(ascii: "\""), UInt8(ascii: "\\"): buffer.append(byte)
    case 0x08: buffer.append(UInt8(ascii: "b"))
    case 0x0C: buffer.append(UInt8(ascii: "f"))
    case 0x0A: buffer.append(UInt8(ascii: "n"))
    case 0x0D: buffer.append(UInt8(ascii: "r"))
    case 0x09: buffer.append(UInt8(ascii: "t"))
    default:
      let hex: StaticString = "0123456789abcdef"
      buffer.append(UInt8(ascii: "u"))
      buffer.append(UInt8(ascii: "0"))
      buffer.append(UInt8(ascii: "0"))
      buffer.append(hex.utf8Start[Int(byte >> 4)])
      buffer.append(hex.utf8Start[Int(byte & 0x0F)])
    }
  }

  func number(_ value: Int) {
    if value < 0 {
      buffer.append(UInt8(ascii: "-"))
      unsigned(value.magnitude)
    } else {
      unsigned(UInt(value))
    }
  }

  func number(_ value: Int64) { number(Int(value)) }
  func number(_ value: UInt16) { unsigned(UInt(value)) }
  func number(_ value: UInt64) { unsigned(UInt(value)) }

  /// As `JSONEncoder` writes a `Double`: Swift's shortest form, without a trailing `.0`.
  func number(_ value: Double) {
    if value == value.rounded(.towardZero) && abs(value) < 1e15
      && !(value == 0 && value.sign == .minus)
    {
      number(Int(value))
      return
    }
    let start = buffer.count
    var sink = ASCIISink(buffer: buffer)
    value.write(to: &sink)
    buffer.dropTrailing(".0", from: start)
  }

  /// The buffer as a stream that takes ASCII text as bytes. `Double.write(to:)` hands its
  /// shortest form to `_writeASCII`, so no `String` is made: `value.description` and its suffix
  /// check cost about 970 instructions a number, and the flows of big.pcap have 400,000.
  private struct ASCIISink: TextOutputStream {
    let buffer: ByteBuffer

    mutating func write(_ string: String) { buffer.append(string) }

    mutating func _writeASCII(_ bytes: UnsafeBufferPointer<UInt8>) {
      if let base = bytes.baseAddress { buffer.append(base, bytes.count) }
    }
  }

  func bool(_ value: Bool) {
    let text: StaticString = value ? "true" : "false"
    buffer.append(text.utf8Start, text.utf8CodeUnitCount)
  }

  // Conveniences for the common shapes.

  mutating func field(_ name: StaticString, _ value: String) {
    key(name)
    string(value)
  }

  /// A member whose text cannot need escaping (see `plainString`).
  mutating func plainField(_ name: StaticString, _ value: String) {
    key(name)
    plainString(value)
  }

  mutating func field(_ name: StaticString, _ value: Int) {
    key(name)
    number(value)
  }

  mutating func field(_ name: StaticString, _ value: UInt64) {
    key(name)
    number(value)
  }

  mutating func field(_ name: StaticString, _ value: Double) {
    key(name)
    number(value)
  }

  mutating func field(_ name: StaticString, _ values: [String]) {
    key(name)
    beginArray()
    for value in values {
      element()
      string(value)
    }
    endArray()
  }

  /// An array of whole numbers (counts, ports).
  mutating func field(_ name: StaticString, _ values: [some BinaryInteger]) {
    key(name)
    beginArray()
    for value in values {
      element()
      number(Int(value))
    }
    endArray()
  }

  /// An object of numbers, keys sorted.
  mutating func field(_ name: StaticString, _ values: [String: Int]) {
    key(name)
    beginObject()
    for (key, value) in values.sorted(by: { $0.key < $1.key }) {
      self.key(dynamic: key)
      number(value)
    }
    endObject()
  }

  private func unsigned(_ value: UInt) {
    buffer.appendDigits(value)
  }

  private mutating func open(_ bracket: UInt8) {
    buffer.append(bracket)
    if depth > 0 { outerCounts.append(count) }
    count = 0
    depth += 1
  }

  private mutating func close(_ bracket: UInt8) {
    let written = count
    depth -= 1
    count = depth > 0 ? outerCounts.popLast() ?? 0 : 0
    buffer.append(0x0A)
    if written == 0 { buffer.append(0x0A) }
    buffer.append(repeating: 0x20, count: depth * 2)
    buffer.append(bracket)
  }

  /// The comma, new line and indent before the next value of the innermost array or object.
  @inline(__always)
  private mutating func next() {
    guard depth > 0 else { return }
    buffer.appendSeparator(comma: count > 0, indent: depth * 2)
    count += 1
  }
}
