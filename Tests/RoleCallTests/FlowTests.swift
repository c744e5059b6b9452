import Foundation
import Testing

@testable import RoleCall

/// Flow states, initiators and splits on small captures with known content.
@Suite struct FlowTests {
  /// Reads packets (each a frame and its time in seconds) and returns the flows.
  func flows(
    _ frames: [([UInt8], UInt32)], timeouts: FlowTimeouts = FlowTimeouts()
  ) throws -> [Flow] {
    let folder = try TestPaths.temporaryFolder()
    let packets = frames.map { CaptureWriter.Packet(seconds: $0.1, fraction: 0, bytes: $0.0) }
    let path = try CaptureWriter.write(CaptureWriter.pcap(packets), named: "f.pcap", in: folder)
    var analysis = FlowAnalysis(timeouts: timeouts)
    analysis.read(path: path)
    #expect(analysis.errors.isEmpty)
    return analysis.tracker.flows
  }

  typealias Step = (toServer: Bool, flags: UInt8, payload: Int)

  func conversation(
    _ steps: [Step], clientPort: UInt16 = 40000, start: UInt32 = 100,
    clientSequence first: UInt32 = 1000
  ) -> [([UInt8], UInt32)] {
    var clientSequence = first
    var serverSequence: UInt32 = 5000
    return steps.enumerated().map { index, step in
      let sequence = step.toServer ? clientSequence : serverSequence
      let frame = FrameBuilder.webSegment(
        toServer: step.toServer, clientPort: clientPort, flags: step.flags, sequence: sequence,
        payload: [UInt8](repeating: 0x41, count: step.payload))
      let advance = UInt32(step.payload) + (step.flags & 0x03 != 0 ? 1 : 0)
      if step.toServer { clientSequence &+= advance } else { serverSequence &+= advance }
      return (frame, start + UInt32(index))
    }
  }

  static let syn: UInt8 = 0x02
  static let synAck: UInt8 = 0x12
  static let ack: UInt8 = 0x10
  static let pshAck: UInt8 = 0x18
  static let finAck: UInt8 = 0x11
  static let rst: UInt8 = 0x04
  static let rstAck: UInt8 = 0x14

  @Test func completeConnectionIsSFWithZeekHistory() throws {
    let steps: [Step] = [
      (true, Self.syn, 0), (false, Self.synAck, 0), (true, Self.ack, 0), (true, Self.pshAck, 100),
      (false, Self.pshAck, 500), (true, Self.finAck, 0), (false, Self.finAck, 0),
      (true, Self.ack, 0),
    ]
    let result = try flows(conversation(steps))
    let flow = try #require(result.first)
    #expect(result.count == 1)
    #expect(flow.initiatorBasis == .handshake)
    #expect(flow.displayedInitiator.description == "10.0.0.11:40000")
    #expect(flow.state == .SF)
    #expect(flow.history == "ShADdFf")  // the responder never sends a pure ACK here
    #expect(flow.counters(from: flow.orientation).packets == 5)
    #expect(flow.counters(from: flow.orientation).payloadBytes == 100)
    #expect(flow.counters(from: flow.orientation.opposite).payloadBytes == 500)
  }

  @Test func connectionStates() throws {
    let cases: [([Step], FlowState, String)] = [
      ([(true, Self.syn, 0)], .S0, "S"),
      ([(true, Self.syn, 0), (false, Self.rstAck, 0)], .REJ, "Sr"),
      ([(true, Self.syn, 0), (false, Self.synAck, 0), (true, Self.ack, 0)], .S1, "ShA"),
      (
        [(true, Self.syn, 0), (false, Self.synAck, 0), (true, Self.ack, 0), (true, Self.rst, 0)],
        .RSTO, "ShAR"
      ),
      (
        [(true, Self.syn, 0), (false, Self.synAck, 0), (true, Self.ack, 0), (false, Self.rst, 0)],
        .RSTR, "ShAr"
      ),
      ([(true, Self.syn, 0), (true, Self.rst, 0)], .RSTOS0, "SR"),
      ([(true, Self.syn, 0), (true, Self.finAck, 0)], .SH, "SF"),
      (
        [
          (true, Self.syn, 0), (false, Self.synAck, 0), (true, Self.ack, 0), (true, Self.finAck, 0),
        ], .S2, "ShAF"
      ),
    ]
    for (steps, state, history) in cases {
      let flow = try #require(try flows(conversation(steps)).first)
      #expect(flow.state == state, "\(history)")
      #expect(flow.history == history)
    }
  }

  @Test func midstreamFlowsAreInferredFromPortsOrUnknown() throws {
    // No handshake: data from the server port 80 first. Zeek flips it and so do we, marked "^".
    let web = try #require(
      try flows(conversation([(false, Self.pshAck, 100), (true, Self.ack, 0)])).first)
    #expect(web.initiatorBasis == .inferred)
    #expect(web.initiatorRule == .likelyServerPort)
    #expect(web.displayedInitiator.description == "10.0.0.11:40000")
    #expect(web.history == "^dA")
    #expect(web.state == .OTH)
    // Both ports high and unlisted: nobody can tell.
    let high = FrameBuilder.ethernet(
      FrameBuilder.ipv4(
        0x0A00_0001, 0x0A00_0002, protocol: 6,
        FrameBuilder.tcp(51413, 40001, flags: Self.pshAck, payload: [1])))
    let peer = try #require(try flows([(high, 1)]).first)
    #expect(peer.initiatorBasis == .unknown)
    #expect(peer.displayedInitiator.description == "10.0.0.1:51413")
  }

  @Test func synAckWithoutSynIsInferred() throws {
    let flow = try #require(
      try flows(conversation([(false, Self.synAck, 0), (true, Self.ack, 0)])).first)
    #expect(flow.initiatorRule == .synAck)
    #expect(flow.displayedInitiator.description == "10.0.0.11:40000")
  }

  @Test func newSynAfterCloseStartsANewFlow() throws {
    let first: [Step] = [(true, Self.syn, 0), (false, Self.synAck, 0), (true, Self.rst, 0)]
    let second = conversation(
      [(true, Self.syn, 0), (false, Self.synAck, 0)], start: 200, clientSequence: 777_000)
    let result = try flows(conversation(first) + second)
    #expect(result.map(\.state) == [.RSTO, .S1])
    #expect(result.allSatisfy { $0.initiatorBasis == .handshake })
  }

  @Test func retriedSynWithTheSameSequenceStaysInItsFlow() throws {
    // A refused connect() retried by the client: SYN, RST-ACK, then the same SYN again.
    let refused: [Step] = [(true, Self.syn, 0), (false, Self.rstAck, 0)]
    let result = try flows(conversation(refused) + conversation(refused, start: 103))
    #expect(result.count == 1)
    #expect(result.first?.state == .REJ)
    #expect(result.first?.counters(from: .a).packets == 2)
  }

  @Test func idleTimeoutSplitKeepsTheInitiator() throws {
    let frames =
      conversation([(true, Self.syn, 0), (false, Self.synAck, 0), (true, Self.ack, 0)])
      + conversation([(false, Self.pshAck, 10)], start: 1000)
    let result = try flows(frames, timeouts: FlowTimeouts(tcpSeconds: 300))
    #expect(result.count == 2)
    #expect(result[1].isContinuation)
    #expect(result[1].initiatorRule == .continuation)
    #expect(result[1].displayedInitiator.description == "10.0.0.11:40000")
  }

  @Test func dnsResponseSeenFirstFlipsTheFlow() throws {
    let response = FrameBuilder.ethernet(
      FrameBuilder.ipv4(
        0x0A00_0035, 0x0A00_0001, protocol: 17, FrameBuilder.udp(53, 33333, [0, 1, 0x81, 0x80])))
    let flow = try #require(try flows([(response, 1)]).first)
    #expect(flow.initiatorRule == .dnsResponse)
    #expect(flow.displayedInitiator.description == "10.0.0.1:33333")
    #expect(flow.state == .SHR)
  }

  @Test func laterFragmentsJoinTheirFlow() throws {
    let udp = FrameBuilder.udp(4000, 4001, [UInt8](repeating: 7, count: 16))
    let first = FrameBuilder.ethernet(
      FrameBuilder.ipv4(
        0x0A00_0001, 0x0A00_0002, protocol: 17, udp, identification: 9, fragment: 0x2000))
    let second = FrameBuilder.ethernet(
      FrameBuilder.ipv4(
        0x0A00_0001, 0x0A00_0002, protocol: 17, [1, 2, 3, 4], identification: 9, fragment: 3))
    let orphan = FrameBuilder.ethernet(
      FrameBuilder.ipv4(
        0x0A00_0001, 0x0A00_0002, protocol: 17, [1, 2, 3, 4], identification: 10, fragment: 3))
    let folder = try TestPaths.temporaryFolder()
    let packets = [first, second, orphan].map {
      CaptureWriter.Packet(seconds: 1, fraction: 0, bytes: $0)
    }
    let path = try CaptureWriter.write(CaptureWriter.pcap(packets), named: "frag.pcap", in: folder)
    var analysis = FlowAnalysis()
    analysis.read(path: path)
    #expect(analysis.tracker.flows.count == 1)
    #expect(analysis.tracker.flows.first?.fromA.packets == 2)
    #expect(analysis.tracker.unflowed.orphanFragments == 1)
    #expect(analysis.tracker.unflowed.reassociatedFragments == 1)
  }
}

/// "No flow with a handshake has a wrong initiator": an independent pass over every packet of
/// every Sample and corpus capture collects who sent a SYN without ACK on each 5-tuple; every
/// flow marked `handshake` must name one of those senders as its initiator.
@Suite struct HandshakeInitiatorTests {
  static let files: [String] =
    TestPaths.allCaptures

  @Test(arguments: files)
  func handshakeInitiatorsSentTheSyn(path: String) throws {
    var synSenders: [FlowKey: Set<Side>] = [:]
    let file = try CaptureFile(path: path)
    var decoder = PacketDecoder()
    var decoded = DecodedPacket()
    while let packet = try file.next() {
      decoder.decode(packet, into: &decoded)
      guard decoded.network == .ip, decoded.ipProtocol == .tcp, decoded.hasPorts,
        decoded.tcpFlags.contains(.syn), !decoded.tcpFlags.contains(.ack)
      else { continue }
      let (key, side) = FlowKey.make(
        source: decoded.source, sourcePort: decoded.sourcePort, destination: decoded.destination,
        destinationPort: decoded.destinationPort, ipProtocol: .tcp, hasPorts: true)
      synSenders[key, default: []].insert(side)
    }
    var analysis = FlowAnalysis()
    analysis.read(path: path)
    for flow in analysis.tracker.flows where flow.initiatorBasis == .handshake {
      let initiator = try #require(flow.initiator)
      #expect(synSenders[flow.key]?.contains(initiator) == true, "\(flow.displayedInitiator)")
    }
    for flow in analysis.tracker.flows where synSenders[flow.key] == nil {
      #expect(flow.initiatorBasis != .handshake)
    }
  }
}

/// The reading progress a progress bar shows within one long file.
@Suite struct ReadProgressTests {
  @Test(arguments: [false, true])
  func progressRisesEvery65536PacketsAndEndsAtTheFileSize(pipelined: Bool) throws {
    let segment = FrameBuilder.webSegment(toServer: true, flags: 0x10)
    let packets = (0..<140_000).map { number in
      CaptureWriter.Packet(seconds: 1_000 + UInt32(number / 1000), fraction: 0, bytes: segment)
    }
    let bytes = CaptureWriter.pcap(packets)
    let folder = try TestPaths.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let path = try CaptureWriter.write(bytes, named: "long.pcap", in: folder)
    var seen: [Int] = []
    var analysis = FlowAnalysis()
    // 1,000 packets a batch: the marks fall inside batches when the file is read on two threads.
    analysis.read(
      path: path, filter: nil, progress: { seen.append($0) }, pipelined: pipelined,
      batchSize: 1000)
    let record = 16 + segment.count
    let expected: [Int] = [24 + 65_536 * record, 24 + 131_072 * record, bytes.count]
    #expect(seen == expected)
    #expect(analysis.packets == 140_000)
  }
}
