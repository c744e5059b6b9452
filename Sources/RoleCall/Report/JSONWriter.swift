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

  /// Moves the buffer to `output` once it holds 64 KiB, or always when `everything` is set.
  /// Call it between values: a value is never split.
  func drain(into output: inout some TextOutputStream, everything: Bool = false) {
    guard buffer.count >= Self.flushSize || (everything && buffer.count > 0) else { return }
    output.write(buffer.take())
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
    buffer.append(UInt8(ascii: "\""))
    var value = value
    value.withUTF8 { bytes in
      guard let base = bytes.baseAddress else { return }
      // Runs of plain bytes are copied whole; only quotes, backslashes and control
      // characters are escaped.
      var start = 0
      for position in 0..<bytes.count {
        let byte = bytes[position]
        guard byte < 0x20 || byte == 0x22 || byte == 0x5C else { continue }
        if start < position { buffer.append(base + start, position - start) }
        escape(byte)
        start = position + 1
      }
      if start < bytes.count { buffer.append(base + start, bytes.count - start) }
    }
    buffer.append(UInt8(ascii: "\""))
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
    var text = value.description
    if text.hasSuffix(".0") { text.removeLast(2) }
    text.withUTF8 { bytes in
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

/// A growable byte buffer with cheap appends (no copy-on-write checks), for `JSONWriter`.
final class ByteBuffer {
  // Only `JSONWriter` touches a buffer, one call at a time: no dynamic exclusivity checks.
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

  /// `,` when `comma`, a new line, and `indent` spaces: what comes before every value.
  @inline(__always) func appendSeparator(comma: Bool, indent: Int) {
    reserve(indent + 2)
    var at = count
    if comma {
      base[at] = UInt8(ascii: ",")
      at += 1
    }
    base[at] = 0x0A
    at += 1
    for offset in 0..<indent { base[at + offset] = 0x20 }
    count = at + indent
  }

  /// `"name" : ` for a name that needs no escaping.
  @inline(__always) func appendKey(_ name: UnsafePointer<UInt8>, _ length: Int) {
    reserve(length + 5)
    let start = base + count
    start[0] = UInt8(ascii: "\"")
    for offset in 0..<length { start[1 + offset] = name[offset] }
    start[length + 1] = UInt8(ascii: "\"")
    start[length + 2] = UInt8(ascii: " ")
    start[length + 3] = UInt8(ascii: ":")
    start[length + 4] = UInt8(ascii: " ")
    count += length + 5
  }

  /// The decimal digits of `value`.
  func appendDigits(_ value: UInt) {
    reserve(20)
    var digits = 1
    var rest = value / 10
    while rest > 0 {
      digits += 1
      rest /= 10
    }
    rest = value
    for position in stride(from: count + digits - 1, through: count, by: -1) {
      base[position] = 0x30 + UInt8(rest % 10)
      rest /= 10
    }
    count += digits
  }

  /// The bytes so far as a string; the buffer is then empty.
  func take() -> String {
    let text = String(decoding: UnsafeBufferPointer(start: base, count: count), as: UTF8.self)
    count = 0
    return text
  }
}
