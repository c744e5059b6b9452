import CPcap

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// One interface libpcap can capture on (`pcap_findalldevs`), as `tcpdump -D` lists it.
public struct CaptureInterface: Sendable, Equatable, Codable {
  /// One address of the interface.
  public struct Address: Sendable, Equatable, Codable {
    /// `inet` or `inet6`.
    public var family: String
    /// The address in its usual text form.
    public var address: String
    /// The prefix length from the netmask, if libpcap gave one.
    public var prefixLength: Int?
  }

  /// The name to pass to `-i`.
  public var name: String
  /// libpcap's description, if any.
  public var description: String?
  /// `Up`, `Running`, `Wireless`, `Loopback`, `Connected`/`Disconnected`, in tcpdump's words.
  public var flags: [String]
  /// The IPv4 and IPv6 addresses.
  public var addresses: [Address]

  /// `1.eth0 (description) [Up, Running, Connected]`, like `tcpdump -D`.
  public func line(number: Int) -> String {
    var text = "\(number).\(name)"
    if let description { text += " (\(description))" }
    if !flags.isEmpty { text += " [\(flags.joined(separator: ", "))]" }
    return text
  }

  /// Every interface libpcap can open, in libpcap's order.
  public static func all() throws(CaptureError) -> [CaptureInterface] {
    var errorBuffer = [CChar](repeating: 0, count: Int(PCAP_ERRBUF_SIZE) + 1)
    var list: UnsafeMutablePointer<pcap_if_t>?
    guard pcap_findalldevs(&list, &errorBuffer) == 0 else {
      let message = errorBuffer.withUnsafeBufferPointer { pointer in
        pointer.baseAddress.map { String(cString: $0) } ?? ""
      }
      throw CaptureError(source: "interfaces", kind: .libpcap, detail: message)
    }
    defer { pcap_freealldevs(list) }
    var result: [CaptureInterface] = []
    var next = list
    while let device = next {
      let entry = device.pointee
      var interface = CaptureInterface(
        name: String(cString: entry.name),
        description: entry.description.map { String(cString: $0) }, flags: [],
        addresses: [])
      interface.flags = CaptureInterface.flagNames(entry.flags)
      var address = entry.addresses
      while let item = address {
        if let parsed = CaptureInterface.address(item.pointee) {
          interface.addresses.append(parsed)
        }
        address = item.pointee.next
      }
      result.append(interface)
      next = entry.next
    }
    return result
  }

  private static func flagNames(_ flags: UInt32) -> [String] {
    var names: [String] = []
    if flags & UInt32(PCAP_IF_UP) != 0 { names.append("Up") }
    if flags & UInt32(PCAP_IF_RUNNING) != 0 { names.append("Running") }
    if flags & UInt32(PCAP_IF_WIRELESS) != 0 { names.append("Wireless") }
    if flags & UInt32(PCAP_IF_LOOPBACK) != 0 { names.append("Loopback") }
    switch flags & UInt32(PCAP_IF_CONNECTION_STATUS) {
    case UInt32(PCAP_IF_CONNECTION_STATUS_CONNECTED): names.append("Connected")
    case UInt32(PCAP_IF_CONNECTION_STATUS_DISCONNECTED): names.append("Disconnected")
    default: break
    }
    return names
  }

  private static func address(_ item: pcap_addr) -> Address? {
    guard let socket = item.addr else { return nil }
    let family = Int32(socket.pointee.sa_family)
    guard let text = numericText(socket, family) else { return nil }
    var prefix: Int?
    if let mask = item.netmask, Int32(mask.pointee.sa_family) == family {
      prefix = prefixLength(mask, family)
    }
    return Address(
      family: family == AF_INET ? "inet" : "inet6", address: text, prefixLength: prefix)
  }

  private static func numericText(
    _ socket: UnsafeMutablePointer<sockaddr>, _ family: Int32
  ) -> String? {
    var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN) + 1)
    let raw = UnsafeRawPointer(socket)
    let done: UnsafePointer<CChar>?
    switch family {
    case AF_INET:
      var value = raw.loadUnaligned(as: sockaddr_in.self).sin_addr
      done = inet_ntop(AF_INET, &value, &buffer, socklen_t(buffer.count))
    case AF_INET6:
      var value = raw.loadUnaligned(as: sockaddr_in6.self).sin6_addr
      done = inet_ntop(AF_INET6, &value, &buffer, socklen_t(buffer.count))
    default:
      return nil
    }
    guard done != nil else { return nil }
    return buffer.withUnsafeBufferPointer { pointer in
      pointer.baseAddress.map { String(cString: $0) }
    }
  }

  private static func prefixLength(_ mask: UnsafeMutablePointer<sockaddr>, _ family: Int32) -> Int {
    let raw = UnsafeRawPointer(mask)
    if family == AF_INET {
      return raw.loadUnaligned(as: sockaddr_in.self).sin_addr.s_addr.nonzeroBitCount
    }
    var value = raw.loadUnaligned(as: sockaddr_in6.self).sin6_addr
    return withUnsafeBytes(of: &value) { bytes in
      bytes.reduce(0) { $0 + $1.nonzeroBitCount }
    }
  }
}
