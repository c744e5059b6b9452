/// A failure of a whole capture source: the file cannot be read on, so analysis of it stops.
///
/// Everything read before the fault has already been handed out and stays in the results; the
/// command line prints them and then exits non-zero. Per-packet problems are never a
/// `CaptureError`: they are `DecodeError`s, counted and kept going.
public struct CaptureError: Error, Sendable, Equatable {
  /// What kind of failure this is; an open set so callers can match the ones they handle.
  public struct Kind: RawRepresentable, Hashable, Sendable {
    /// A short stable name, used in JSON and tests.
    public var rawValue: String
    /// Makes a kind from its name.
    public init(rawValue: String) { self.rawValue = rawValue }

    /// The file does not exist, is a directory, or cannot be opened.
    public static let cannotOpen = Kind(rawValue: "cannot-open")
    /// The file is empty or does not start with a pcap or pcapng magic number.
    public static let notACaptureFile = Kind(rawValue: "not-a-capture-file")
    /// The file ends in the middle of a header, record or block.
    public static let truncated = Kind(rawValue: "truncated")
    /// A length or identifier field is impossible (bytes present but wrong).
    public static let corrupt = Kind(rawValue: "corrupt")
    /// Reading the file failed at the operating-system level.
    public static let ioError = Kind(rawValue: "io-error")
    /// A libpcap call failed (filters, live capture).
    public static let libpcap = Kind(rawValue: "libpcap")
  }

  /// The file path (or `-` for standard input) the failure belongs to.
  public var source: String
  /// What went wrong, as a category.
  public var kind: Kind
  /// What went wrong, in words: lower case, no trailing period.
  public var detail: String
  /// The 1-based number of the packet being read when it failed, if any.
  public var packet: Int?
  /// The byte offset in the file where the fault is, if known.
  public var offset: Int?

  /// Makes an error; `detail` says what is wrong in a few lower-case words.
  public init(source: String, kind: Kind, detail: String, packet: Int? = nil, offset: Int? = nil) {
    self.source = source
    self.kind = kind
    self.detail = detail
    self.packet = packet
    self.offset = offset
  }

  /// One line: `PATH: what is wrong (packet N, byte offset)`; the command line adds `rolecall: `.
  public var message: String {
    var place: [String] = []
    if let packet { place.append("packet \(packet)") }
    if let offset { place.append("byte \(offset)") }
    let suffix = place.isEmpty ? "" : " (\(place.joined(separator: ", ")))"
    return "\(source): \(detail)\(suffix)"
  }
}
