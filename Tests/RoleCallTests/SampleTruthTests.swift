import Foundation
import Testing
import Yams

@testable import RoleCall

/// The Samples were recorded in a lab network, so their truth is known by construction and
/// written beside each capture (`Samples/NAME.truth.yaml`). These tests read it, so nothing the
/// recording says is repeated here by hand.
@Suite struct SampleTruthTests {
  struct Truth: Decodable {
    struct FlowClass: Decodable {
      var transport: String
      var initiator: String
      var responder: String
      var responderPort: UInt16?
      var count: Int
      var handshake: Bool?

      enum CodingKeys: String, CodingKey {
        case transport, initiator, responder, count, handshake
        case responderPort = "responder_port"
      }
    }
    struct Recording: Decodable {
      var packets: Int
    }
    var capture: String
    var flows: [FlowClass]?
    var recording: Recording?
  }

  static let truthFiles: [String] = {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: TestPaths.samples.path)) ?? []
    return names.filter { $0.hasSuffix(".truth.yaml") }.sorted()
  }()

  @Test(arguments: truthFiles)
  func flowsMatchTheRecording(name: String) throws {
    let text = try String(
      contentsOf: TestPaths.samples.appendingPathComponent(name), encoding: .utf8)
    let truth = try YAMLDecoder().decode(Truth.self, from: text)
    var analysis = FlowAnalysis()
    analysis.read(path: TestPaths.samples.appendingPathComponent(truth.capture).path)
    #expect(analysis.errors.isEmpty)
    if let packets = truth.recording?.packets { #expect(analysis.packets == packets) }
    let report = FlowsReport(analysis)
    var claimed = 0
    for expected in truth.flows ?? [] {
      let matching = report.flows.filter { flow in
        let ordered =
          flow.initiator.address == expected.initiator
          && flow.responder.address == expected.responder
          && (expected.responderPort == nil || flow.responder.port == expected.responderPort)
        // An unknown initiator is shown in address order, so either order matches.
        let unordered =
          flow.initiatorKnown == .unknown
          && Set([flow.initiator.address, flow.responder.address])
            == Set([expected.initiator, expected.responder])
        return flow.transport == expected.transport && (ordered || unordered)
      }
      #expect(matching.count == expected.count, "\(expected.initiator) -> \(expected.responder)")
      if expected.handshake == false {
        #expect(matching.allSatisfy { $0.initiatorKnown != .handshake })
      } else if expected.transport == "tcp" {
        #expect(matching.allSatisfy { $0.initiatorKnown == .handshake })
      }
      claimed += matching.count
    }
    // Every TCP flow in the capture is one the recording accounts for.
    let tcp = report.flows.filter { $0.transport == "tcp" }.count
    let expectedTCP = (truth.flows ?? []).filter { $0.transport == "tcp" }.reduce(0) {
      $0 + $1.count
    }
    #expect(tcp == expectedTCP)
    #expect(claimed <= report.flows.count)
  }
}

/// The damaged Samples (`Samples/bad`, described in `bad.truth.yaml`): the packets before the
/// fault are read, and the fault is one exact line.
@Suite struct BadSampleTests {
  struct Catalog: Decodable {
    struct Entry: Decodable {
      struct Expected: Decodable {
        var completePackets: Int
        var error: String?

        enum CodingKeys: String, CodingKey {
          case completePackets = "complete_packets"
          case error
        }
      }
      var file: String
      var expected: Expected
    }
    var files: [Entry]
  }

  static let messages: [String: String] = [
    "truncated-record.pcap":
      "truncated packet record (needed 1514 bytes, 757 left) (packet 10, byte 1001)",
    "truncated-header.pcap": "truncated pcap file header (needed 24 bytes, 14 left) (byte 0)",
    "bad-magic.pcap": "not a pcap or pcapng file (unknown magic 0xdeadbeef) (byte 0)",
    "block-overrun.pcapng":
      "block runs past the end of the file (needed 4276 bytes, 180 left) (byte 848)",
    "empty.pcap": "file is empty (byte 0)",
    "not-a-capture.pcap": "not a pcap or pcapng file (unknown magic 0x54686973) (byte 0)",
  ]

  @Test func everyBadSampleKeepsWhatCameBeforeTheFault() throws {
    let folder = TestPaths.samples.appendingPathComponent("bad")
    let text = try String(
      contentsOf: folder.appendingPathComponent("bad.truth.yaml"), encoding: .utf8)
    let catalog = try YAMLDecoder().decode(Catalog.self, from: text)
    #expect(catalog.files.count >= 6)
    for entry in catalog.files {
      let path = folder.appendingPathComponent(entry.file).path
      var analysis = FlowAnalysis()
      analysis.read(path: path)
      #expect(analysis.packets == entry.expected.completePackets, "\(entry.file)")
      #expect(analysis.errors.count == (entry.expected.error == nil ? 0 : 1), "\(entry.file)")
      if let message = Self.messages[entry.file] {
        #expect(analysis.errors.first?.message == "\(path): \(message)")
      }
    }
  }
}
