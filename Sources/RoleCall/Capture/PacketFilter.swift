import CPcap

/// A BPF filter expression compiled by libpcap and applied to each packet, so rolecall's filters
/// mean exactly what they mean in tcpdump (`pcap_compile` on a dead handle, `pcap_offline_filter`).
///
/// A program is compiled once per link type met (a pcapng file may mix them) and kept.
public final class PacketFilter: @unchecked Sendable {
  /// The expression as the user wrote it.
  public let expression: String
  private var compiled: [(LinkType, UnsafeMutablePointer<bpf_program>)] = []

  /// Compiles `expression` for Ethernet to check it; throws libpcap's message if it is wrong.
  public init(expression: String) throws(CaptureError) {
    self.expression = expression
    var firstError: CaptureError?
    for linkType in [LinkType.ethernet, .raw, .linuxCooked2, .ieee80211Radiotap] {
      do throws(CaptureError) {
        _ = try program(for: linkType)
        return
      } catch {
        firstError = firstError ?? error
      }
    }
    if let firstError { throw firstError }
  }

  deinit {
    for (_, program) in compiled {
      pcap_freecode(program)
      program.deallocate()
    }
  }

  /// Whether `packet` passes the filter.
  public func matches(_ packet: borrowing CapturedPacket) throws(CaptureError) -> Bool {
    let program = try program(for: packet.linkType)
    var header = pcap_pkthdr()
    header.ts.tv_sec = Int(packet.timestamp / 1_000_000_000)
    header.ts.tv_usec = Int(packet.timestamp % 1_000_000_000 / 1000)
    header.caplen = UInt32(packet.capturedLength)
    header.len = UInt32(truncatingIfNeeded: packet.originalLength)
    guard let base = packet.bytes.baseAddress else {
      return pcap_offline_filter(program, &header, nil) != 0
    }
    return pcap_offline_filter(program, &header, base.assumingMemoryBound(to: UInt8.self)) != 0
  }

  private func program(
    for linkType: LinkType
  ) throws(CaptureError) -> UnsafeMutablePointer<bpf_program> {
    for (type, program) in compiled where type == linkType { return program }
    // pcap_open_dead takes a DLT_ value; LINKTYPE_RAW (101) is DLT_RAW (12) on Linux.
    let dlt = linkType == .raw ? Int32(DLT_RAW) : Int32(bitPattern: linkType.rawValue)
    guard let handle = pcap_open_dead(dlt, 262_144) else {
      throw CaptureError(
        source: expression, kind: .libpcap, detail: "libpcap could not make a filter handle")
    }
    defer { pcap_close(handle) }
    let program = UnsafeMutablePointer<bpf_program>.allocate(capacity: 1)
    program.initialize(to: bpf_program())
    if pcap_compile(handle, program, expression, 1, PCAP_NETMASK_UNKNOWN) != 0 {
      let message = String(cString: pcap_geterr(handle))
      program.deallocate()
      throw CaptureError(
        source: "filter '\(expression)'", kind: .libpcap,
        detail: "\(message) (link type \(linkType.name))")
    }
    compiled.append((linkType, program))
    return program
  }
}
