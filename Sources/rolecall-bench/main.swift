import Foundation
import RoleCall

// rolecall-bench: times the capture → decode → flows path on one file, stage by stage, and
// prints packets per second. Usage: rolecall-bench [read|decode|flows] FILE (default flows).

let arguments = CommandLine.arguments.dropFirst()
guard let path = arguments.last else {
  FileHandle.standardError.write(Data("usage: rolecall-bench [read|decode|flows] FILE\n".utf8))
  exit(2)
}
let mode = arguments.count > 1 ? arguments.first ?? "flows" : "flows"
let clock = ContinuousClock()
var packets = 0
var flows = 0
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
    var analysis = FlowAnalysis(
      timeouts: FlowTimeouts(tcpSeconds: 1e6, udpSeconds: 1e6, otherSeconds: 1e6))
    analysis.read(path: path)
    packets = analysis.packets
    flows = analysis.tracker.flows.count
  }
}
let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
print(
  "mode=\(mode) packets=\(packets) flows=\(flows) seconds=\(String(format: "%.3f", seconds)) "
    + "packets_per_second=\(Int(Double(packets) / seconds)) "
    + "flow_record_bytes=\(MemoryLayout<Flow>.stride) table_slot_bytes=\(FlowTable.slotBytes)")
