import CPcap

/// Reads a capture with libpcap itself, as the reference the readers are checked against.
struct LibpcapRecord: Equatable {
  var timestamp: Int64
  var capturedLength: Int
  var originalLength: Int
  var bytes: [UInt8]
}

enum LibpcapFile {
  /// Every record libpcap yields (nanosecond timestamps), or `nil` if libpcap cannot open the file.
  /// `error` is libpcap's message when it stopped early.
  static func read(_ path: String) -> (records: [LibpcapRecord], error: String?)? {
    var message = [CChar](repeating: 0, count: Int(PCAP_ERRBUF_SIZE))
    guard
      let handle = pcap_open_offline_with_tstamp_precision(
        path, UInt32(PCAP_TSTAMP_PRECISION_NANO), &message)
    else { return nil }
    defer { pcap_close(handle) }
    var records: [LibpcapRecord] = []
    var header: UnsafeMutablePointer<pcap_pkthdr>?
    var data: UnsafePointer<UInt8>?
    while true {
      let status = pcap_next_ex(handle, &header, &data)
      if status == 1, let header, let data {
        let caplen = Int(header.pointee.caplen)
        records.append(
          LibpcapRecord(
            timestamp: Int64(header.pointee.ts.tv_sec) * 1_000_000_000
              + Int64(header.pointee.ts.tv_usec),
            capturedLength: caplen, originalLength: Int(header.pointee.len),
            bytes: Array(UnsafeBufferPointer(start: data, count: caplen))))
      } else if status == PCAP_ERROR_BREAK {
        return (records, nil)
      } else {
        return (records, String(cString: pcap_geterr(handle)))
      }
    }
  }
}
