import Foundation
import RoleCall

// rolecall-bench: times the capture → decode → flows path on one file, stage by stage, and
// prints packets per second. Usage: rolecall-bench [read|decode|flows|totals] FILE (default
// flows). `totals` builds the flow table like `flows` and prints the C reference's totals line
// (c-flows: packets, wire bytes, flows by transport, packets and bytes each way), for comparing.

let arguments = CommandLine.arguments.dropFirst()
guard let path = arguments.last else {
  FileHandle.standardError.write(Data("usage: rolecall-bench [read|decode|flows] FILE\n".utf8))
  exit(2)
}
let mode = arguments.count > 1 ? arguments.first ?? "flows" : "flows"
let clock = ContinuousClock()
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
    if mode == "roles" {
      // The stages after the flow table, each timed on its own.
      let rolesTime = clock.measure {
        let roles = RoleInference.analyze(analysis.tracker.flows)
        let reportTime = clock.measure {
          let report = AnalysisReport(
            analysis, roles: roles, linker: LessonLinker(course: .bundled))
          flows = report.flows.count
        }
        print("report_seconds=\(reportTime)")
      }
      print("roles_and_report_seconds=\(rolesTime)")
    }
  }
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
let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
print(
  "mode=\(mode) packets=\(packets) flows=\(flows) seconds=\(String(format: "%.3f", seconds)) "
    + "packets_per_second=\(Int(Double(packets) / seconds)) "
    + "flow_record_bytes=\(MemoryLayout<Flow>.stride) table_slot_bytes=\(FlowTable.slotBytes)")
