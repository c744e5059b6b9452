import CPcap
import Synchronization

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

extension CaptureError.Kind {
  /// The interface does not exist (`PCAP_ERROR_NO_SUCH_DEVICE`).
  public static let noSuchInterface = CaptureError.Kind(rawValue: "no-such-interface")
  /// Capturing needs privileges the process lacks (`PCAP_ERROR_PERM_DENIED`,
  /// `PCAP_ERROR_PROMISC_PERM_DENIED`).
  public static let permissionDenied = CaptureError.Kind(rawValue: "permission-denied")
  /// The interface is down, went down during the capture (`PCAP_ERROR_IFACE_NOT_UP`, `ENETDOWN`,
  /// or found down while idle) or disappeared (deleted).
  public static let interfaceDown = CaptureError.Kind(rawValue: "interface-down")
  /// A filter expression libpcap cannot compile for the interface.
  public static let badFilter = CaptureError.Kind(rawValue: "bad-filter")
}

/// libpcap's packet counters for a live capture (`pcap_stats`).
public struct LiveStatistics: Sendable, Equatable, Codable {
  /// Packets the kernel passed the filter (`ps_recv`; on Linux, counted since activation).
  public var received: UInt64
  /// Packets dropped because the capture buffer was full (`ps_drop`).
  public var dropped: UInt64
  /// Packets dropped by the interface or its driver (`ps_ifdrop`).
  public var interfaceDropped: UInt64

  /// Makes the counters.
  public init(received: UInt64, dropped: UInt64, interfaceDropped: UInt64) {
    self.received = received
    self.dropped = dropped
    self.interfaceDropped = interfaceDropped
  }
}

/// A live capture on one interface through libpcap: `pcap_create`, the options, `pcap_activate`,
/// then non-blocking `pcap_next_ex` and a wait of our own on the capture descriptor, so the
/// caller regains control when no packet comes.
///
/// The wait is ours because libpcap's read timeout is not a timeout: on Linux in immediate mode
/// (libpcap 1.10), `pcap_next_ex` keeps waiting while the interface is quiet, so a blocking read
/// would never let the caller print its summary, expire idle flows or end a `--duration`.
/// `requestStop()` may be called from any thread or a signal handler's dispatch queue: it sets an
/// atomic flag, calls `pcap_breakloop` and wakes the wait through a pipe, and the next `poll()`
/// returns `.stopped`.
/// The packet view `poll()` returns points into libpcap's buffer and is valid until the next call.
public final class LibpcapLive: PacketSource, @unchecked Sendable {
  /// What one `poll()` found.
  public enum Poll {
    /// A packet (borrowed until the next call).
    case packet(CapturedPacket)
    /// The read timeout passed without a packet.
    case timeout
    /// `requestStop()` was called.
    case stopped
  }

  /// The options of `pcap_create` … `pcap_activate`.
  public struct Options: Sendable {
    /// Bytes kept of each packet (`pcap_set_snaplen`).
    public var snapLength = 262_144
    /// Whether to put the interface in promiscuous mode (`pcap_set_promisc`).
    public var promiscuous = true
    /// Hand packets over as they arrive instead of in batches (`pcap_set_immediate_mode`).
    public var immediate = true
    /// The kernel capture buffer in bytes (`pcap_set_buffer_size`); nil keeps libpcap's default.
    public var bufferSize: Int?
    /// How long one `poll()` waits for a packet at most, in milliseconds (also given to
    /// `pcap_set_timeout`).
    public var timeoutMilliseconds = 100

    /// Makes the default options.
    public init() {}
  }

  /// The interface name.
  public let interface: String
  /// The link type of the interface.
  public let linkType: LinkType
  /// The snap length in force.
  public let snapLength: Int
  /// The warning `pcap_activate` gave, if any (e.g. promiscuous mode not supported).
  public let activationWarning: String?
  private let handle: OpaquePointer
  private let nanosecond: Bool
  private let stopFlag = Atomic<Bool>(false)
  private let downFlag = Atomic<Bool>(false)
  private var count = 0
  /// The descriptor to wait on for packets (`pcap_get_selectable_fd`), or -1 when the platform
  /// has none; then the capture blocks in libpcap instead.
  private let selectable: Int32
  /// A pipe whose write end `requestStop()` and `checkInterface()` write to, to end a wait.
  private let wake: (read: Int32, write: Int32)
  private let waitMilliseconds: Int32

  /// Opens and activates `interface`; a failure names the interface and says what is wrong.
  public init(interface: String, options: Options = Options()) throws(CaptureError) {
    self.interface = interface
    var errorBuffer = [CChar](repeating: 0, count: Int(PCAP_ERRBUF_SIZE) + 1)
    guard let handle = pcap_create(interface, &errorBuffer) else {
      throw CaptureError(
        source: interface, kind: .libpcap, detail: LibpcapLive.text(errorBuffer))
    }
    _ = pcap_set_snaplen(handle, Int32(options.snapLength))
    _ = pcap_set_promisc(handle, options.promiscuous ? 1 : 0)
    _ = pcap_set_immediate_mode(handle, options.immediate ? 1 : 0)
    _ = pcap_set_timeout(handle, Int32(options.timeoutMilliseconds))
    if let size = options.bufferSize { _ = pcap_set_buffer_size(handle, Int32(size)) }
    _ = pcap_set_tstamp_precision(handle, Int32(PCAP_TSTAMP_PRECISION_NANO))
    let status = pcap_activate(handle)
    if status < 0 {
      let error = LibpcapLive.activationError(handle, status, interface)
      pcap_close(handle)
      throw error
    }
    activationWarning = status > 0 ? String(cString: pcap_geterr(handle)) : nil
    self.handle = handle
    nanosecond = pcap_get_tstamp_precision(handle) == Int32(PCAP_TSTAMP_PRECISION_NANO)
    let dlt = pcap_datalink(handle)
    linkType = dlt == Int32(DLT_RAW) ? .raw : LinkType(rawValue: UInt32(bitPattern: dlt))
    snapLength = Int(pcap_snapshot(handle))
    waitMilliseconds = Int32(max(1, min(options.timeoutMilliseconds, 60_000)))
    var ends: [Int32] = [-1, -1]
    let descriptor = pcap_get_selectable_fd(handle)
    if descriptor >= 0, pcap_setnonblock(handle, 1, &errorBuffer) == 0,
      pipe(&ends) == 0
    {
      for end in ends {
        _ = fcntl(end, F_SETFL, O_NONBLOCK)
        _ = fcntl(end, F_SETFD, FD_CLOEXEC)
      }
      selectable = descriptor
      wake = (ends[0], ends[1])
    } else {
      // Without a descriptor to wait on, libpcap's blocking read (and its timeout) it is.
      _ = pcap_setnonblock(handle, 0, &errorBuffer)
      selectable = -1
      wake = (-1, -1)
    }
  }

  deinit {
    pcap_close(handle)
    if wake.read >= 0 {
      close(wake.read)
      close(wake.write)
    }
  }

  /// Ends a wait in `poll()` (one byte down the pipe; a full pipe already wakes it).
  private func wakeUp() {
    guard wake.write >= 0 else { return }
    var byte: UInt8 = 1
    _ = write(wake.write, &byte, 1)
  }

  /// Waits until the capture descriptor is readable (or in error), `wakeUp()` was called, or
  /// `milliseconds` passed; true unless the time passed.
  private func waitForPackets(milliseconds: Int32) -> Bool {
    // On the stack: with slow traffic there is a wait before nearly every packet.
    let ready = withUnsafeTemporaryAllocation(of: pollfd.self, capacity: 2) { descriptors in
      descriptors[0] = pollfd(fd: selectable, events: Int16(POLLIN), revents: 0)
      descriptors[1] = pollfd(fd: wake.read, events: Int16(POLLIN), revents: 0)
      return Glibc.poll(descriptors.baseAddress, 2, milliseconds)
    }
    return ready != 0
  }

  private static func text(_ buffer: [CChar]) -> String {
    let message = buffer.withUnsafeBufferPointer { pointer in
      pointer.baseAddress.map { String(cString: $0) } ?? ""
    }
    return message.isEmpty ? "libpcap failed" : message
  }

  private static func activationError(
    _ handle: OpaquePointer, _ status: Int32, _ interface: String
  ) -> CaptureError {
    let message = String(cString: pcap_geterr(handle))
    let said = message.isEmpty ? "" : " (\(message))"
    switch status {
    case PCAP_ERROR_NO_SUCH_DEVICE:
      return CaptureError(source: interface, kind: .noSuchInterface, detail: "no such interface")
    case PCAP_ERROR_PERM_DENIED, PCAP_ERROR_PROMISC_PERM_DENIED:
      return CaptureError(
        source: interface, kind: .permissionDenied,
        detail: "permission denied: capturing needs root or CAP_NET_RAW\(said)")
    case PCAP_ERROR_IFACE_NOT_UP:
      return CaptureError(source: interface, kind: .interfaceDown, detail: "interface is down")
    default:
      let text = String(cString: pcap_statustostr(status))
      return CaptureError(
        source: interface, kind: .libpcap,
        detail: "cannot start capturing: \(message.isEmpty ? text : message)")
    }
  }

  /// Compiles `expression` for this interface and installs it in the kernel (`pcap_setfilter`).
  public func setFilter(_ expression: String) throws(CaptureError) {
    var program = bpf_program()
    if pcap_compile(handle, &program, expression, 1, PCAP_NETMASK_UNKNOWN) != 0 {
      throw CaptureError(
        source: interface, kind: .badFilter,
        detail: "bad filter '\(expression)': \(String(cString: pcap_geterr(handle)))")
    }
    defer { pcap_freecode(&program) }
    if pcap_setfilter(handle, &program) != 0 {
      throw CaptureError(
        source: interface, kind: .badFilter,
        detail: "cannot install filter '\(expression)': \(String(cString: pcap_geterr(handle)))")
    }
  }

  /// Asks the capture to stop; safe from any thread. The next `poll()` returns `.stopped`.
  public func requestStop() {
    stopFlag.store(true, ordering: .sequentiallyConsistent)
    pcap_breakloop(handle)
    wakeUp()
  }

  /// Whether `requestStop()` was called.
  public var stopRequested: Bool { stopFlag.load(ordering: .sequentiallyConsistent) }

  /// Checks that the interface is still up (`SIOCGIFFLAGS`) and, when it is down, ends the
  /// capture: the next `poll()` throws `.interfaceDown`. Safe from any thread; call it regularly
  /// (`rolecall live` does, twice a second), because libpcap waits on an interface that was set
  /// down for it to come back up and does not return meanwhile. An interface whose state cannot
  /// be read (the `any` pseudo-interface) counts as up.
  public func checkInterface() {
    guard rolecall_interface_is_up(interface) == 0 else { return }
    downFlag.store(true, ordering: .sequentiallyConsistent)
    pcap_breakloop(handle)
    wakeUp()
  }

  private func checkDown() throws(CaptureError) {
    if downFlag.load(ordering: .sequentiallyConsistent) {
      throw CaptureError(
        source: interface, kind: .interfaceDown, detail: "the interface went down")
    }
  }

  /// The next packet, waiting for one at most `milliseconds` (the `timeoutMilliseconds` option
  /// when nil, and never longer): `.timeout` when none came.
  public func poll(waitingAtMost milliseconds: Int? = nil) throws(CaptureError) -> Poll {
    let wait =
      milliseconds.map { Int32(max(0, min($0, Int(waitMilliseconds)))) } ?? waitMilliseconds
    var waited = false
    while true {
      try checkDown()
      if stopRequested { return .stopped }
      let result = try read()
      guard case .timeout = result, selectable >= 0, !waited, wait > 0 else { return result }
      // Nothing buffered: wait on the descriptor, then read once more.
      if !waitForPackets(milliseconds: wait) { return .timeout }
      waited = true
    }
  }

  /// One `pcap_next_ex`: a packet, or `.timeout` when none is buffered (non-blocking) or the
  /// read timeout passed (blocking).
  private func read() throws(CaptureError) -> Poll {
    var header: UnsafeMutablePointer<pcap_pkthdr>?
    var data: UnsafePointer<UInt8>?
    let status = pcap_next_ex(handle, &header, &data)
    switch status {
    case 1:
      guard let header else { return .timeout }
      let head = header.pointee
      count += 1
      let fraction = Int64(head.ts.tv_usec)
      let timestamp =
        Int64(head.ts.tv_sec) * 1_000_000_000 + (nanosecond ? fraction : fraction * 1000)
      return .packet(
        CapturedPacket(
          timestamp: timestamp, originalLength: Int(head.len), linkType: linkType, index: count,
          interface: 0, bytes: UnsafeRawBufferPointer(start: data, count: Int(head.caplen))))
    case 0:
      try checkDown()
      return stopRequested ? .stopped : .timeout
    case PCAP_ERROR_BREAK:
      try checkDown()
      return .stopped
    default:
      try checkDown()
      if stopRequested { return .stopped }
      throw LibpcapLive.captureError(
        status: status, message: String(cString: pcap_geterr(handle)), interface: interface,
        packet: count + 1)
    }
  }

  /// The error for a failed `pcap_next_ex`: an interface that went down or was deleted
  /// (`PCAP_ERROR_IFACE_NOT_UP`, `ENETDOWN`, libpcap's "The interface disappeared") is
  /// `.interfaceDown` and says so; anything else is `.libpcap` with libpcap's message and the
  /// number of the packet being read.
  static func captureError(
    status: Int32, message: String, interface: String, packet: Int
  ) -> CaptureError {
    if message.contains("disappeared") {
      return CaptureError(
        source: interface, kind: .interfaceDown, detail: "the interface disappeared")
    }
    if status == PCAP_ERROR_IFACE_NOT_UP || message.contains("went down")
      || message.contains("Network is down")
    {
      return CaptureError(
        source: interface, kind: .interfaceDown, detail: "the interface went down")
    }
    return CaptureError(
      source: interface, kind: .libpcap, detail: "capture failed: \(message)", packet: packet)
  }

  /// The next packet, or `nil` once a stop was requested (timeouts are waited through).
  public func next() throws(CaptureError) -> CapturedPacket? {
    while true {
      switch try poll() {
      case .packet(let packet): return packet
      case .timeout: continue
      case .stopped: return nil
      }
    }
  }

  /// libpcap's counters so far, or nil when the platform cannot say.
  public func statistics() -> LiveStatistics? {
    var stats = pcap_stat()
    guard pcap_stats(handle, &stats) == 0 else { return nil }
    return LiveStatistics(
      received: UInt64(stats.ps_recv), dropped: UInt64(stats.ps_drop),
      interfaceDropped: UInt64(stats.ps_ifdrop))
  }
}
