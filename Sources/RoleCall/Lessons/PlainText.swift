/// Byte-level shortcuts for the common case of plain text: ASCII without a carriage return.
///
/// The page reader is written with `Character`s, which is right for any text but slow: each step
/// asks for a grapheme break and a Unicode property. In plain text every byte is one `Character`
/// (only a non-ASCII scalar can join an ASCII one, and only `\r` can pair with `\n`), and an ASCII
/// character's properties are the ones below, so byte-level code gives the very same results.
/// Text that is not plain keeps the `Character` path.
enum PlainText {
  /// Whether `text` is ASCII without `\r`.
  static func isPlain(_ text: Substring.UTF8View) -> Bool {
    text.withContiguousStorageIfAvailable(isPlain) ?? text.allSatisfy { $0 < 0x80 && $0 != 0x0D }
  }

  /// Whether `bytes` are ASCII without `\r`.
  static func isPlain(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    var any: UInt8 = 0
    var carriageReturn = false
    for byte in bytes {
      any |= byte
      carriageReturn = carriageReturn || byte == 0x0D
    }
    return any < 0x80 && !carriageReturn
  }

  /// `Character.isWhitespace` of an ASCII character: tab, line feed, vertical tab, form feed,
  /// carriage return and space.
  static func isWhitespace(_ byte: UInt8) -> Bool { byte == 0x20 || (0x09...0x0D).contains(byte) }

  /// `Character.isNewline` of an ASCII character other than carriage return: line feed,
  /// vertical tab and form feed.
  static func isNewline(_ byte: UInt8) -> Bool { (0x0A...0x0C).contains(byte) }

  /// `Character.isLetter || Character.isNumber` of an ASCII character.
  static func isAlphanumeric(_ byte: UInt8) -> Bool {
    isLetter(byte) || (0x30...0x39).contains(byte)
  }

  /// `Character.isLetter` of an ASCII character.
  static func isLetter(_ byte: UInt8) -> Bool { (0x61...0x7A).contains(byte | 0x20) }

  /// `Character.isPunctuation || Character.isSymbol` of an ASCII character: the printable ones
  /// that are neither letters, digits nor space.
  static func isPunctuationOrSymbol(_ byte: UInt8) -> Bool {
    (0x21...0x7E).contains(byte) && !isAlphanumeric(byte)
  }

  /// The lower-case form of an ASCII character.
  static func lowercased(_ byte: UInt8) -> UInt8 {
    (0x41...0x5A).contains(byte) ? byte | 0x20 : byte
  }
}
