import Dispatch

extension ReportBuilder {
  /// Reports with this many hosts or more make their host rows on two threads.
  static let parallelHosts = 4096

  /// Each host's row, in the hosts' order.
  ///
  /// A row sorts and writes out its clients, peers and ports and words its findings: about
  /// 18,000 instructions a host, half of the report stage on `small.pcap` (5,874 hosts). With
  /// `parallelHosts` hosts or more, two threads each make the rows of one half, each with its
  /// own labels of services (so a label is written at most twice).
  static func hostRows(
    _ hosts: [HostRoles], lessons: Lessons, capture: String?
  ) -> [AnalysisReport.HostRow] {
    guard hosts.count >= parallelHosts else {
      var labels: [ServiceAddress: String] = [:]
      return hosts.map {
        AnalysisReport.HostRow($0, lessons: lessons, capture: capture, labels: &labels)
      }
    }
    // From here on the lessons are only read.
    lessons.prepareAll()
    let middle = hosts.count / 2
    return Array(unsafeUninitializedCapacity: hosts.count) { buffer, initialized in
      // Each thread initializes its own half: the array is complete when both are done.
      let rows = Parallel.Slots(base: buffer.baseAddress)
      DispatchQueue.concurrentPerform(iterations: 2) { half in
        var labels: [ServiceAddress: String] = [:]
        for index in half == 0 ? 0..<middle : middle..<hosts.count {
          rows.base?.advanced(by: index).initialize(
            to: AnalysisReport.HostRow(
              hosts[index], lessons: lessons, capture: capture, labels: &labels))
        }
      }
      initialized = hosts.count
    }
  }
}
