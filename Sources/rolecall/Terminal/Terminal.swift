import RoleCall

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// What the command needs to know about where it writes: terminal or not, how wide, and
/// whether the user asked for no colour (https://no-color.org).
enum Terminal {
  /// Whether `descriptor` is a terminal.
  static func isTerminal(_ descriptor: Int32) -> Bool { isatty(descriptor) == 1 }

  /// The terminal's width in columns, or nil when `descriptor` is not a terminal.
  static func columns(_ descriptor: Int32) -> Int? {
    var size = winsize()
    let result = withUnsafeMutablePointer(to: &size) { ioctl(descriptor, UInt(TIOCGWINSZ), $0) }
    guard result == 0, size.ws_col > 0 else { return nil }
    return Int(size.ws_col)
  }

  /// An environment variable, or nil when it is unset.
  static func environment(_ name: String) -> String? {
    guard let value = getenv(name) else { return nil }
    return String(cString: value)
  }

  /// NO_COLOR set to anything but the empty string.
  static var noColorRequested: Bool { !(environment("NO_COLOR") ?? "").isEmpty }

  /// TERM=dumb: a terminal that shows escape codes as text.
  static var isDumb: Bool { environment("TERM") == "dumb" }
}

/// A file descriptor as a `TextOutputStream`: each `write` goes straight to write(2) (the
/// renderers already hand over 64 KiB pieces, as bytes). A failed write is remembered, not
/// thrown.
final class FileOutput: ByteOutputStream {
  let descriptor: Int32
  private(set) var failure: Int32?

  init(descriptor: Int32) { self.descriptor = descriptor }

  func write(_ string: String) {
    var string = string
    string.withUTF8 { write(bytes: UnsafeRawBufferPointer($0)) }
  }

  func write(bytes: UnsafeRawBufferPointer) {
    guard failure == nil, let base = bytes.baseAddress else { return }
    var offset = 0
    while offset < bytes.count {
      let written = Glibc.write(descriptor, base + offset, bytes.count - offset)
      if written < 0 && errno == EINTR { continue }
      if written <= 0 {
        failure = errno
        return
      }
      offset += written
    }
  }

  /// The error text of a failed write.
  var failureText: String? {
    failure.map { String(cString: strerror($0)).lowercased() }
  }
}
