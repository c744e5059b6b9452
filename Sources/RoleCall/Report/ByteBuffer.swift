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
