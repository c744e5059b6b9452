/// Writes a table of text a cell at a time into a byte buffer, in the layout of
/// `ReportText.line`: columns padded to given widths in Unicode scalars, two spaces apart, no
/// line ending in spaces. The widths come first (a pass over the rows, from lengths), so no row
/// is held as strings; the flow tables of `rolecall flows` and `rolecall analyze --all` write
/// 200,000 rows of big.pcap this way.
final class TableWriter {
  private let widths: [Int]
  private let indent: String
  private let buffer: ByteBuffer
  /// The column the next cell goes in.
  private var column = 0
  /// Where the row being written starts in `buffer`.
  private var rowStart = 0

  /// A table of `widths.count` columns, each row after `indent`.
  init(widths: [Int], indent: String = "", capacity: Int = 1 << 17) {
    self.widths = widths
    self.indent = indent
    buffer = ByteBuffer(capacity: capacity)
  }

  /// The bytes written so far.
  var count: Int { buffer.count }

  /// The rows written so far, as text; the buffer is then empty.
  func take() -> String {
    rowStart = 0
    return buffer.take()
  }

  /// Hands the rows written so far to `output`; the buffer is then empty.
  func flush(to output: inout some TextOutputStream) {
    rowStart = 0
    buffer.flush(to: &output)
  }

  func left(_ text: String) {
    separate()
    buffer.append(text)
    padAfter(ReportText.scalarCount(text))
  }

  /// `address:port`, `[v6]:port` or the bare address, as `EndpointRow.text` has it.
  func left(_ endpoint: FlowsReport.EndpointRow) {
    separate()
    buffer.append(endpoint) { buffer.append($0) }
    padAfter(Self.width(of: endpoint))
  }

  func right(_ text: String) {
    padBefore(ReportText.scalarCount(text))
    buffer.append(text)
  }

  func right(_ value: UInt64) {
    aligningRight { buffer.appendDigits(UInt(value)) }
  }

  func right(seconds value: Double) {
    aligningRight { buffer.appendFixed(value, digits: 3) }
  }

  /// Ends the row: drops the spaces it ends in, as `ReportText.line` does, and a new line.
  func endRow() {
    buffer.dropTrailing(UInt8(ascii: " "), from: rowStart)
    buffer.append(UInt8(ascii: "\n"))
    rowStart = buffer.count
    column = 0
  }

  /// The scalars of `endpoint.text`.
  static func width(of endpoint: FlowsReport.EndpointRow) -> Int {
    let address = ReportText.scalarCount(endpoint.address)
    guard let port = endpoint.port else { return address }
    let brackets = isIPv6(endpoint.address) ? 2 : 0
    return address + brackets + 1 + ByteBuffer.digitCount(UInt(port))
  }

  /// The decimal digits of a count.
  static func width(of value: UInt64) -> Int { ByteBuffer.digitCount(UInt(value)) }

  /// Whether an address text has a colon (is IPv6, and is bracketed before a port).
  fileprivate static func isIPv6(_ address: String) -> Bool {
    address.utf8.withContiguousStorageIfAvailable { $0.contains(UInt8(ascii: ":")) }
      ?? address.utf8.contains(UInt8(ascii: ":"))
  }

  private func separate() {
    if column > 0 {
      buffer.append(repeating: UInt8(ascii: " "), count: 2)
    } else if !indent.isEmpty {
      buffer.append(indent)
      // The indent is not trimmed with the row's trailing spaces.
      rowStart = buffer.count
    }
  }

  /// Pads a left-aligned cell of `length` scalars (not the last column: no line ends in
  /// spaces).
  private func padAfter(_ length: Int) {
    if column < widths.count - 1 {
      buffer.append(repeating: UInt8(ascii: " "), count: max(0, widths[column] - length))
    }
    column += 1
  }

  private func padBefore(_ length: Int) {
    separate()
    buffer.append(repeating: UInt8(ascii: " "), count: max(0, widths[column] - length))
    column += 1
  }

  /// Writes a right-aligned cell with `write`, then moves it right to fill its column.
  private func aligningRight(_ write: () -> Void) {
    separate()
    let start = buffer.count
    write()
    buffer.shiftRight(from: start, toWidth: widths[column])
    column += 1
  }
}

extension ByteBuffer {
  /// `endpoint` as `EndpointRow.text` has it, the address written by `address` (as it is, or
  /// escaped): the text table, the Markdown rows and the HTML rows write endpoints this way.
  @inline(__always) func append(_ endpoint: FlowsReport.EndpointRow, address: (String) -> Void) {
    guard let port = endpoint.port else {
      address(endpoint.address)
      return
    }
    let bracketed = TableWriter.isIPv6(endpoint.address)
    if bracketed { append(UInt8(ascii: "[")) }
    address(endpoint.address)
    if bracketed { append(UInt8(ascii: "]")) }
    append(UInt8(ascii: ":"))
    appendDigits(UInt(port))
  }
}
