import Foundation
import RoleCall

// rolecall-bench: times the capture → decode → flows path on one file, stage by stage, and
// prints packets per second. Usage:
// rolecall-bench [read|decode|flows|totals|roles|text|json|markdown|html] FILE (default flows).
// `totals` builds the flow table like `flows` and prints the C reference's totals line (c-flows:
// packets, wire bytes, flows by transport, packets and bytes each way), for comparing. `roles`
// goes on to the roles and the report; `text`, `json`, `markdown` and `html` also render it (to
// nothing). Each prints a `stage=` line per stage with its seconds, ns per packet and the peak
// resident memory so far.

MallocArenas.useOne()  // as `rolecall` does
let arguments = CommandLine.arguments.dropFirst()
guard let path = arguments.last else {
  FileHandle.standardError.write(
    Data(
      "usage: rolecall-bench [read|decode|flows|totals|roles|text|json|markdown|html] FILE\n"
        .utf8))
  exit(2)
}
let mode = arguments.count > 1 ? arguments.first ?? "flows" : "flows"
let clock = ContinuousClock()
let start = clock.now
var packets = 0
var flows = 0
var totalsLine = ""
let elapsed = try clock.measure {
  switch mode {
  case "read":
    let file = try CaptureFile(path: path)
    var bytes = 0
    while let packet = try file.next() {
      packets += 1
      bytes &+= packet.capturedLength
    }
  case "decode":
    let file = try CaptureFile(path: path)
    var decoder = PacketDecoder()
    var decoded = DecodedPacket()
    while let packet = try file.next() {
      packets += 1
      decoder.decode(packet, into: &decoded)
    }
  default:
    // The reference never expires a flow: no idle timeout either.
    var analysis = FlowAnalysis(
      timeouts: FlowTimeouts(tcpSeconds: 1e9, udpSeconds: 1e9, otherSeconds: 1e9))
    analysis.read(path: path)
    packets = analysis.packets
    flows = analysis.tracker.flows.count
    if mode == "totals" { totalsLine = referenceTotals(analysis) }
    let format: AnalysisRenderer.Format? =
      mode == "roles" ? .text : AnalysisRenderer.Format(rawValue: mode)
    if let format {
      // The stages after the flow table, each timed on its own, with the peak resident memory
      // after each (VmHWM).
      stage("flows", seconds(clock.now - start))
      var time = clock.now
      let roles = RoleInference.analyze(analysis.tracker.flows)
      stage("roles", seconds(clock.now - time))
      time = clock.now
      // Handed over as `rolecall analyze` does, with only the connections the format shows.
      let report = AnalysisReport(
        analysis, roles: consume roles, linker: LessonLinker(course: .bundled),
        connections: AnalysisRenderer.connections(shownIn: format))
      flows = report.flows.count
      stage("report", seconds(clock.now - time))
      if mode != "roles" {
        time = clock.now
        var sink = NullOutput()
        AnalysisRenderer.render(report, as: format, to: &sink)
        stage("render", seconds(clock.now - time))
      }
    }
  }
}

/// A text stream that drops what it is given (rendering without the cost of writing).
struct NullOutput: TextOutputStream {
  var bytes = 0
  mutating func write(_ string: String) { bytes &+= string.utf8.count }
}

func seconds(_ duration: Duration) -> Double {
  Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
}

/// The process's peak resident set so far, in MB (VmHWM of /proc/self/status; 0 elsewhere).
func peakMegabytes() -> Double {
  guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
    let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
    let kilobytes = Double(line.split(separator: " ").dropFirst().first ?? "")
  else { return 0 }
  return kilobytes / 1024
}

@MainActor func stage(_ name: String, _ time: Double) {
  print(
    "stage=\(name) seconds=\(String(format: "%.3f", time)) "
      + "ns_per_packet=\(String(format: "%.1f", time * 1e9 / Double(max(packets, 1)))) "
      + "peak_mb=\(String(format: "%.1f", peakMegabytes()))")
}

/// The C reference's totals fields, computed from the flow table the same way.
func referenceTotals(_ analysis: FlowAnalysis) -> String {
  var tcp = 0
  var udp = 0
  var forward = (packets: UInt64(0), bytes: UInt64(0))
  var backward = (packets: UInt64(0), bytes: UInt64(0))
  for flow in analysis.tracker.flows {
    if flow.key.ipProtocol == .tcp { tcp += 1 } else if flow.key.ipProtocol == .udp { udp += 1 }
    let out = flow.counters(from: flow.orientation)
    let back = flow.counters(from: flow.orientation.opposite)
    forward = (forward.packets + out.packets, forward.bytes + out.wireBytes)
    backward = (backward.packets + back.packets, backward.bytes + back.wireBytes)
  }
  let count = analysis.tracker.flows.count
  return "packets=\(analysis.packets) wire_bytes=\(analysis.wireBytes) "
    + "nonip=\(analysis.tracker.unflowed.notIP) flows=\(count) tcp=\(tcp) udp=\(udp) "
    + "other=\(count - tcp - udp) i2r_pkts=\(forward.packets) r2i_pkts=\(backward.packets) "
    + "i2r_bytes=\(forward.bytes) r2i_bytes=\(backward.bytes)"
}
if mode == "totals" {
  print(totalsLine)
  exit(0)
}
let total = seconds(elapsed)
print(
  "mode=\(mode) packets=\(packets) flows=\(flows) seconds=\(String(format: "%.3f", total)) "
    + "packets_per_second=\(Int(Double(packets) / total)) "
    + "flow_record_bytes=\(MemoryLayout<Flow>.stride) table_slot_bytes=\(FlowTable.slotBytes)")
