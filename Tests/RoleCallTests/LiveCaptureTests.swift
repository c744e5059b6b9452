import Foundation
import Testing

@testable import RoleCall

/// The bounded flow table, the pcapng writer, and `rolecall live` on a lab network of its own.
@Suite struct BoundedFlowTableTests {
  /// One TCP connection from 10.0.0.`client`:`port` to 10.0.0.10:80: SYN, SYN-ACK, ACK at `time`.
  static func connection(client: UInt32, port: UInt16, time: UInt32) -> [CaptureWriter.Packet] {
    let clientAddress = 0x0A00_0000 + client
    let server: UInt32 = 0x0A00_000A
    let segments: [(Bool, UInt8)] = [(true, 0x02), (false, 0x12), (true, 0x10)]
    return segments.map { toServer, flags in
      let segment =
        toServer
        ? FrameBuilder.tcp(port, 80, flags: flags) : FrameBuilder.tcp(80, port, flags: flags)
      let frame = FrameBuilder.ethernet(
        FrameBuilder.ipv4(
          toServer ? clientAddress : server, toServer ? server : clientAddress, protocol: 6,
          segment))
      return CaptureWriter.Packet(seconds: time, fraction: 0, bytes: frame)
    }
  }

  static func analysis(
    _ packets: [CaptureWriter.Packet], maxFlows: Int, timeouts: FlowTimeouts = FlowTimeouts()
  ) throws -> FlowAnalysis {
    let folder = try TestPaths.temporaryFolder()
    let path = try CaptureWriter.write(CaptureWriter.pcap(packets), named: "b.pcap", in: folder)
    var analysis = FlowAnalysis(timeouts: timeouts, maxFlows: maxFlows)
    analysis.read(path: path)
    return analysis
  }

  @Test func evictsTheLeastRecentlySeenAndKeepsHostCounts() throws {
    var packets: [CaptureWriter.Packet] = []
    for client in UInt32(11)...13 {
      packets += Self.connection(client: client, port: UInt16(40000 + client), time: client)
    }
    // The first connection speaks again, so the second is now the least recently seen.
    packets.append(Self.connection(client: 11, port: 40011, time: 20)[2])
    packets += Self.connection(client: 14, port: 40014, time: 21)
    var analysis = try Self.analysis(packets, maxFlows: 3)
    var table = analysis.tracker.table
    #expect(table.evictions == 1)
    #expect(table.flows.count == 3)
    let remaining = Set(table.lru.order.map { table.flows[$0].key.endpoint(.b).port ?? 0 })
    #expect(remaining == [40011, 40013, 40014])
    #expect(
      table.lru.order.map { table.flows[$0].key.endpoint(.b).port ?? 0 } == [40013, 40011, 40014])

    packets += Self.connection(client: 15, port: 40015, time: 22)
    analysis = try Self.analysis(packets, maxFlows: 3)
    table = analysis.tracker.table
    #expect(table.evictions == 2)
    #expect(table.flows.count == 3)
    #expect(analysis.tracker.retired.count == 2)
    let roles = RoleInference.analyze(table.flows, retired: analysis.tracker.retired)
    #expect(roles.judgements.count == 3)
    let server = try #require(roles.hosts.first { $0.address.description == "10.0.0.10" })
    #expect(server.roles == .server)
    #expect(server.services.count == 1)
    #expect(server.services.first?.flows == 5)
    #expect(server.services.first?.clients.count == 5)
    let clients = roles.hosts.filter { $0.roles.contains(.client) }
    #expect(clients.count == 5)
  }

  @Test func expiresIdleFlowsInRecencyOrder() throws {
    let packets =
      Self.connection(client: 11, port: 40011, time: 1)
      + Self.connection(client: 12, port: 40012, time: 100)
    let analysis = try Self.analysis(
      packets, maxFlows: 10, timeouts: FlowTimeouts(tcpSeconds: 30))
    #expect(analysis.tracker.table.expirations == 1)
    #expect(analysis.tracker.table.evictions == 0)
    #expect(analysis.tracker.table.flows.count == 1)
    #expect(analysis.tracker.table.lru.count == 1)
    let roles = RoleInference.analyze(analysis.tracker.flows, retired: analysis.tracker.retired)
    #expect(roles.hosts.first { $0.address.description == "10.0.0.10" }?.services.first?.flows == 2)
  }

  @Test func manyFlowsStayWithinTheLimitAndReuseRecords() throws {
    var packets: [CaptureWriter.Packet] = []
    for index in UInt32(0)..<2000 {
      packets += Self.connection(
        client: 11 + index % 50, port: UInt16(20000 + index), time: 1 + index / 100)
    }
    let analysis = try Self.analysis(packets, maxFlows: 64)
    #expect(analysis.tracker.table.flows.count == 64)
    #expect(analysis.tracker.table.evictions == 2000 - 64)
    #expect(analysis.tracker.table.keyCount == 64)
    let roles = RoleInference.analyze(analysis.tracker.flows, retired: analysis.tracker.retired)
    let server = roles.hosts.first { $0.address.description == "10.0.0.10" }
    #expect(server?.services.first?.flows == 2000)
    #expect(server?.services.first?.clients.count == 50)
  }

  /// The `live` section of the JSON report: keys sorted and laid out as `JSONEncoder` does, and
  /// absent from reports of files.
  @Test func liveSummaryInTheJSONReportMatchesJSONEncoder() throws {
    var packets: [CaptureWriter.Packet] = []
    for index in UInt32(0)..<40 {
      packets += Self.connection(client: 11 + index % 4, port: UInt16(20000 + index), time: 1)
    }
    let analysis = try Self.analysis(packets, maxFlows: 16)
    var report = AnalysisReport(
      analysis,
      roles: RoleInference.analyze(analysis.tracker.flows, retired: analysis.tracker.retired))
    #expect(!AnalysisRenderer.json(report).contains("\"live\""))
    let figures = LiveCaptureSummary.FlowTableFigures(analysis.tracker, maxFlows: 16)
    #expect(figures.evictions == 24)
    #expect(figures.flowsHeld == 16)
    #expect(figures.retiredFlows == 24)
    #expect(figures.retiredEdges == 4)
    #expect(figures.boundBytes == FlowTracker.bytes(maxFlows: 16))
    report.live = LiveCaptureSummary(
      interface: "veth \"0\"", stoppedBy: "an error", error: "veth0: the interface went down",
      packets: 120, libpcap: LiveStatistics(received: 130, dropped: 10, interfaceDropped: 0),
      flowTable: figures, written: .init(path: "/tmp/x.pcapng", packets: 120))
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
    let expected = String(decoding: try encoder.encode(report), as: UTF8.self) + "\n"
    #expect(AnalysisRenderer.json(report) == expected)
    report.live?.error = nil
    report.live?.libpcap = nil
    report.live?.written = nil
    let bare = String(decoding: try encoder.encode(report), as: UTF8.self) + "\n"
    #expect(AnalysisRenderer.json(report) == bare)
    #expect(
      report.live?.text
        == """
        Live capture
          stopped by an error after 120 packets
          flow table: 16 flows held (limit 16, at most \(figures.boundBytes) bytes), 24 evicted, \
        0 expired idle; 24 retired flows kept in 4 edges

        """)
  }

  /// Folding retired flows whose times are centuries apart keeps every record's span
  /// (`lastSeen - firstSeen`) representable, while the counters still add up.
  @Test func retiredFlowsWithAbsurdTimesKeepTheirSpanRepresentable() throws {
    func flow(at time: Int64, port: UInt16, reply: Bool = false) throws -> Flow {
      var tracker = FlowTracker()
      var decoder = PacketDecoder()
      var decoded = DecodedPacket()
      let frames =
        [
          FrameBuilder.ethernet(
            FrameBuilder.ipv4(
              0x0A00_000B, 0x0A00_000A, protocol: 6, FrameBuilder.tcp(port, 80, flags: 0x02)))
        ]
        + (reply
          ? [
            FrameBuilder.ethernet(
              FrameBuilder.ipv4(
                0x0A00_000A, 0x0A00_000B, protocol: 6, FrameBuilder.tcp(80, port, flags: 0x12)))
          ]
          : [])
      for frame in frames {
        frame.withUnsafeBytes { bytes in
          let packet = CapturedPacket(
            timestamp: time, originalLength: bytes.count, linkType: .ethernet, index: 1,
            interface: 0, bytes: bytes)
          decoder.decode(packet, into: &decoded)
          tracker.add(packet, decoded)
        }
      }
      return try #require(tracker.flows.first)
    }
    var ledger = RetiredFlows(capacity: 4)
    ledger.add(try flow(at: Int64.min + 10, port: 40000))
    ledger.add(try flow(at: Int64.max - 10, port: 40001, reply: true))
    ledger.add(try flow(at: 0, port: 40002, reply: true))
    ledger.add(try flow(at: Int64.min, port: 40003))
    #expect(ledger.flows.count == 1)
    #expect(ledger.weights == [4])
    let record = try #require(ledger.flows.first)
    #expect(!record.lastSeen.subtractingReportingOverflow(record.firstSeen).overflow)
    #expect(record.firstSeen <= record.lastSeen)
    #expect(record.fromA.packets + record.fromB.packets == 6)
    // Sane times still widen: the earliest first and the latest last packet.
    var sane = RetiredFlows(capacity: 4)
    sane.add(try flow(at: 5_000, port: 40000, reply: true))
    sane.add(try flow(at: 1_000, port: 40001))
    sane.add(try flow(at: 9_000, port: 40002))
    #expect(sane.flows.first?.firstSeen == 1_000)
    #expect(sane.flows.first?.lastSeen == 9_000)
  }

  /// The README states the default bound in bytes; it must be the one the code computes.
  @Test func readmeStatesTheDefaultBound() throws {
    let readme = try String(
      contentsOf: TestPaths.repository.appendingPathComponent("README.md"), encoding: .utf8)
    let bytes = FlowTracker.bytes(maxFlows: 262_144)
    var digits = String(bytes)
    var grouped = ""
    while digits.count > 3 {
      grouped = "," + digits.suffix(3) + grouped
      digits.removeLast(3)
    }
    grouped = digits + grouped
    #expect(readme.contains("\(grouped) bytes"), "README should state \(grouped) bytes")
  }

  @Test func pcapngWriterOutputReadsBack() throws {
    let folder = try TestPaths.temporaryFolder()
    let path = folder.appendingPathComponent("w.pcapng").path
    let writer = try PcapngWriter(
      path: path, linkType: .ethernet, snapLength: 262_144, interfaceName: "veth-test")
    let frames = Self.connection(client: 11, port: 40011, time: 1).map(\.bytes)
    for (number, frame) in frames.enumerated() {
      frame.withUnsafeBytes { bytes in
        let packet = CapturedPacket(
          timestamp: 1_700_000_000_123_456_789 + Int64(number), originalLength: bytes.count + 7,
          linkType: .ethernet, index: number + 1, interface: 0, bytes: bytes)
        try? writer.write(packet)
      }
    }
    try writer.close()
    let file = try CaptureFile(path: path)
    #expect(file.format == .pcapng)
    var number = 0
    while let packet = try file.next() {
      #expect(Array(packet.bytes) == frames[number])
      #expect(packet.timestamp == 1_700_000_000_123_456_789 + Int64(number))
      #expect(packet.originalLength == frames[number].count + 7)
      number += 1
    }
    #expect(number == 3)
    if let tshark = ProcessResult.which("tshark") {
      let result = try ProcessResult.run(
        tshark, ["-r", path, "-T", "fields", "-e", "frame.number"])
      #expect(result.status == 0)
      #expect(result.standardOutput == "1\n2\n3\n")
    }
  }
}

/// Output of a running process, collected as it arrives.
final class LiveOutput: @unchecked Sendable {
  private let lock = NSLock()
  private var data = Data()

  func append(_ chunk: Data) { lock.withLock { data.append(chunk) } }

  var text: String { lock.withLock { String(decoding: data, as: UTF8.self) } }

  /// Waits until `text` contains `needle`, at most `seconds`.
  func wait(for needle: String, seconds: Double) -> Bool {
    let deadline = Date().addingTimeInterval(seconds)
    while Date() < deadline {
      if text.contains(needle) { return true }
      Thread.sleep(forTimeInterval: 0.05)
    }
    return text.contains(needle)
  }
}

/// A lab network of two namespaces joined by a veth pair, removed when the test ends.
struct NetnsLab {
  let left: String
  let right: String
  let leftLink: String
  let rightLink: String

  static var available: Bool {
    getuid() == 0 && FileManager.default.isExecutableFile(atPath: "/usr/sbin/ip")
      && FileManager.default.isExecutableFile(atPath: "/usr/bin/python3")
  }

  @discardableResult
  static func sh(_ command: String) throws -> ProcessResult {
    try ProcessResult.run(URL(fileURLWithPath: "/bin/sh"), ["-c", command])
  }

  /// Namespace `left` holds 10.98.0.1 (a server) and 10.98.0.3 (a peer); `right` holds
  /// 10.98.0.2 (a client) and 10.98.0.4 (a peer). Returns nil when netns cannot be made.
  static func make(tag: String) throws -> NetnsLab? {
    let suffix = "\(getpid() % 100_000)\(tag)"
    let lab = NetnsLab(
      left: "rcl-l\(suffix)", right: "rcl-r\(suffix)", leftLink: "rcl\(suffix)a",
      rightLink: "rcl\(suffix)b")
    let setup = """
      set -e
      ip netns add \(lab.left)
      ip netns add \(lab.right)
      ip link add \(lab.leftLink) netns \(lab.left) type veth peer name \(lab.rightLink) netns \(lab.right)
      ip -n \(lab.left) addr add 10.98.0.1/24 dev \(lab.leftLink)
      ip -n \(lab.left) addr add 10.98.0.3/24 dev \(lab.leftLink)
      ip -n \(lab.right) addr add 10.98.0.2/24 dev \(lab.rightLink)
      ip -n \(lab.right) addr add 10.98.0.4/24 dev \(lab.rightLink)
      ip -n \(lab.left) link set lo up
      ip -n \(lab.right) link set lo up
      ip -n \(lab.left) link set \(lab.leftLink) up
      ip -n \(lab.right) link set \(lab.rightLink) up
      """
    let result = try sh(setup)
    guard result.status == 0 else {
      lab.remove()
      return nil
    }
    return lab
  }

  func remove() {
    _ = try? NetnsLab.sh("ip netns del \(left) 2>/dev/null; ip netns del \(right) 2>/dev/null")
  }

  /// Starts `rolecall ARGS` (the test build, unless `binary` names another) inside the left
  /// namespace.
  func startRolecall(
    _ arguments: [String], output: LiveOutput, errors: LiveOutput,
    binary: URL = TestPaths.binary
  ) throws -> Process {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/sbin/ip")
    process.arguments = ["netns", "exec", left, binary.path] + arguments
    let out = Pipe()
    let err = Pipe()
    out.fileHandleForReading.readabilityHandler = { output.append($0.availableData) }
    err.fileHandleForReading.readabilityHandler = { errors.append($0.availableData) }
    process.standardOutput = out
    process.standardError = err
    try process.run()
    return process
  }

  /// Waits for `process` to end, at most `seconds`, killing it after that.
  static func wait(_ process: Process, seconds: Double) -> Bool {
    let deadline = Date().addingTimeInterval(seconds)
    while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
    if process.isRunning {
      kill(process.processIdentifier, SIGKILL)
      process.waitUntilExit()
      return false
    }
    return true
  }
}

/// `rolecall live` capturing on the veth of a lab it builds (root and `ip netns` needed).
@Suite(.serialized) struct LiveCaptureTests {
  /// The lab's traffic: an HTTP server and its client, and two peers that connect to each other
  /// on the same port. Every socket has a timeout, so the script always ends.
  static let traffic = """
    import socket, sys, threading, time
    role = sys.argv[1]
    def serve(address, port, reply, count):
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind((address, port)); listener.listen(8); listener.settimeout(8)
        print('listening', flush=True)
        for _ in range(count):
            try:
                connection, _ = listener.accept()
            except OSError:
                return
            connection.settimeout(3)
            try:
                connection.recv(1024); connection.sendall(reply)
            finally:
                connection.close()
    def call(source, address, port, data):
        for attempt in range(40):
            try:
                connection = socket.create_connection((address, port), timeout=3, source_address=(source, 0))
                break
            except OSError:
                time.sleep(0.1)
        else:
            raise SystemExit('cannot connect to %s:%d' % (address, port))
        connection.sendall(data); connection.recv(1024); connection.close()
    if role == 'left':
        threads = [threading.Thread(target=serve, args=('10.98.0.1', 80, b'HTTP/1.0 200 OK\\r\\n\\r\\nhello', 3)),
                   threading.Thread(target=serve, args=('10.98.0.3', 6881, b'piece', 1))]
        for thread in threads: thread.start()
        time.sleep(0.5)
        call('10.98.0.3', '10.98.0.4', 6881, b'have')
        for thread in threads: thread.join()
    else:
        peer = threading.Thread(target=serve, args=('10.98.0.4', 6881, b'piece', 1)); peer.start()
        for _ in range(3): call('10.98.0.2', '10.98.0.1', 80, b'GET / HTTP/1.0\\r\\n\\r\\n')
        call('10.98.0.4', '10.98.0.3', 6881, b'have')
        peer.join()
    """

  @Test(.enabled(if: NetnsLab.available, "needs root, ip netns and python3"))
  func watchesRolesAppearAndStopsOnSIGINT() throws {
    guard let lab = try NetnsLab.make(tag: "i") else { return }
    defer { lab.remove() }
    let folder = try TestPaths.temporaryFolder()
    let script = folder.appendingPathComponent("traffic.py")
    try Self.traffic.write(to: script, atomically: true, encoding: .utf8)
    let capture = folder.appendingPathComponent("lab.pcapng").path
    let output = LiveOutput()
    let errors = LiveOutput()
    let started = Date()
    let rolecall = try lab.startRolecall(
      ["live", "-i", lab.leftLink, "-w", capture, "--every", "0.3", "-f", "tcp"],
      output: output, errors: errors)
    defer { if rolecall.isRunning { kill(rolecall.processIdentifier, SIGKILL) } }
    #expect(output.wait(for: "Capturing on \(lab.leftLink)", seconds: 10))
    let left = try NetnsLab.sh(
      "ip netns exec \(lab.left) timeout 20 /usr/bin/python3 \(script.path) left & sleep 0.2; ip netns exec \(lab.right) timeout 20 /usr/bin/python3 \(script.path) right; wait"
    )
    #expect(left.status == 0, "\(left.standardError)")
    #expect(output.wait(for: "10.98.0.4 is now a peer", seconds: 10), "\(output.text)")
    kill(rolecall.processIdentifier, SIGINT)
    #expect(NetnsLab.wait(rolecall, seconds: 10))
    let elapsed = Date().timeIntervalSince(started)
    let text = output.text
    #expect(rolecall.terminationStatus == 0, "\(errors.text)")
    #expect(text.contains("10.98.0.1 is now a server: it answered"), "\(text)")
    #expect(text.contains("10.98.0.2 is now a client"))
    #expect(text.contains("10.98.0.3 is now a peer"))
    #expect(text.contains("10.98.0.4 is now a peer"))
    #expect(!text.contains("10.98.0.1 is now a peer"))
    #expect(!text.contains("10.98.0.2 is now a peer"))
    // Roles are provisional while the exchange runs (10.98.0.3 looks like a server until the
    // reverse connection shows the pattern); the final report has them right.
    let final = text.components(separatedBy: "stopped by").first ?? ""
    let report = final.components(separatedBy: "rolecall report:").last ?? ""
    #expect(
      report.contains("- 10.98.0.1 is a server: it answered 3 connections from 1 client on tcp/80"))
    #expect(
      report.contains("- 10.98.0.2 is a client: it opened 3 accepted connections to 1 service"))
    #expect(report.contains("- 10.98.0.3 is a peer"))
    #expect(report.contains("- 10.98.0.4 is a peer"))
    #expect(!report.contains("- 10.98.0.3 is a server"))
    #expect(!report.contains("- 10.98.0.4 is a client"))
    #expect(text.contains("stopped by SIGINT"))
    #expect(text.contains("libpcap: "))
    #expect(text.contains("0 evicted"))
    // The -w file is complete and says the same.
    let file = try CaptureFile(path: capture)
    var packets = 0
    while try file.next() != nil { packets += 1 }
    #expect(packets >= 20)
    #expect(text.contains("wrote \(packets) packets to \(capture)"))
    let analyze = try ProcessResult.run(TestPaths.binary, ["analyze", capture])
    #expect(analyze.status == 0)
    #expect(analyze.standardOutput.contains("- 10.98.0.1 is a server: it answered 3 connections"))
    #expect(analyze.standardOutput.contains("- 10.98.0.3 is a peer"))
    #expect(analyze.standardOutput.contains("- 10.98.0.4 is a peer"))
    print("netns lab test: \(String(format: "%.1f", elapsed)) s, \(packets) packets")
  }

  /// A quiet interface still gets its summaries, and `--duration` ends the capture on time.
  /// (libpcap's blocking read never returns while no packet comes, whatever its timeout; roles
  /// found in the last packets of a burst were printed only at the next packet or at SIGINT.)
  @Test(.enabled(if: NetnsLab.available, "needs root, ip netns and python3"))
  func aQuietInterfaceGetsItsSummariesAndStopsAfterTheDuration() throws {
    guard let lab = try NetnsLab.make(tag: "q") else { return }
    defer { lab.remove() }
    let output = LiveOutput()
    let errors = LiveOutput()
    let started = Date()
    let rolecall = try lab.startRolecall(
      ["live", "-i", lab.leftLink, "-f", "udp port 9", "--every", "0.2", "--duration", "1.5"],
      output: output, errors: errors)
    defer { if rolecall.isRunning { kill(rolecall.processIdentifier, SIGKILL) } }
    #expect(NetnsLab.wait(rolecall, seconds: 10), "\(output.text)")
    let elapsed = Date().timeIntervalSince(started)
    #expect(rolecall.terminationStatus == 0, "\(errors.text)")
    let text = output.text
    let summaries = text.split(separator: "\n").filter {
      $0.hasPrefix("[") && $0.contains("s] 0 packets, 0 flows")
    }
    #expect(summaries.count >= 3, "\(text)")
    #expect(summaries.first?.hasPrefix("[0.2s] ") == true, "\(text)")
    #expect(text.contains("stopped by --duration 1.5 after 0 packets"), "\(text)")
    #expect(elapsed < 8, "\(elapsed) s")
  }

  @Test(.enabled(if: NetnsLab.available, "needs root, ip netns and python3"))
  func sigtermAndCountGiveTheReportAndACompleteFile() throws {
    guard let lab = try NetnsLab.make(tag: "t") else { return }
    defer { lab.remove() }
    let folder = try TestPaths.temporaryFolder()
    for (name, arguments) in [("term", [String]()), ("count", ["-c", "4"])] {
      let capture = folder.appendingPathComponent("\(name).pcapng").path
      let output = LiveOutput()
      let errors = LiveOutput()
      let rolecall = try lab.startRolecall(
        ["live", "-i", lab.leftLink, "-w", capture] + arguments, output: output, errors: errors)
      defer { if rolecall.isRunning { kill(rolecall.processIdentifier, SIGKILL) } }
      #expect(output.wait(for: "Capturing on", seconds: 10))
      let send = try NetnsLab.sh(
        "ip netns exec \(lab.right) /usr/bin/python3 -c \"import socket, time\n"
          + "s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)\n"
          + "for _ in range(12): s.sendto(b'x', ('10.98.0.1', 9999)); time.sleep(0.05)\"")
      #expect(send.status == 0, "\(send.standardError)")
      Thread.sleep(forTimeInterval: 0.3)
      if name == "term" {
        kill(rolecall.processIdentifier, SIGTERM)
      }
      #expect(NetnsLab.wait(rolecall, seconds: 10))
      #expect(rolecall.terminationStatus == 0, "\(errors.text)")
      let text = output.text
      #expect(text.contains(name == "term" ? "stopped by SIGTERM" : "stopped by -c 4"), "\(text)")
      let file = try CaptureFile(path: capture)
      var packets = 0
      while try file.next() != nil { packets += 1 }
      #expect(name == "term" ? packets >= 12 : packets == 4, "\(name): \(packets) packets\n\(text)")
      #expect(text.contains("wrote \(packets) packets"))
    }
  }

  @Test(.enabled(if: getuid() == 0, "needs root to open interfaces"))
  func unknownInterfaceAndBadFilterAreOneLine() throws {
    let unknown = try ProcessResult.run(TestPaths.binary, ["live", "-i", "rcl-nosuch0"])
    #expect(unknown.status == 1)
    #expect(unknown.standardError == "rolecall: rcl-nosuch0: no such interface\n")
    #expect(unknown.standardOutput.isEmpty)
    let filter = try ProcessResult.run(TestPaths.binary, ["live", "-i", "lo", "-f", "tcp port"])
    #expect(filter.status == 64)
    #expect(
      filter.standardError
        == "rolecall: lo: bad filter 'tcp port': can't parse filter expression: syntax error\n")
    #expect(filter.standardOutput.isEmpty)
  }

  /// Deleting the veth, or setting it down, during a capture: one line naming the interface,
  /// exit 1, and the report of what was captured before (in JSON too).
  @Test(
    .enabled(if: NetnsLab.available, "needs root, ip netns and python3"),
    arguments: [("deleted", "link del"), ("down", "link set down")])
  func anInterfaceThatGoesAwayEndsWithTheReport(name: String, command: String) throws {
    guard let lab = try NetnsLab.make(tag: name == "deleted" ? "x" : "d") else { return }
    defer { lab.remove() }
    let folder = try TestPaths.temporaryFolder()
    let capture = folder.appendingPathComponent("\(name).pcapng").path
    let output = LiveOutput()
    let errors = LiveOutput()
    let arguments =
      name == "deleted"
      ? ["live", "-i", lab.leftLink, "-w", capture]
      : ["live", "-i", lab.leftLink, "-w", capture, "--format", "json"]
    let rolecall = try lab.startRolecall(arguments, output: output, errors: errors)
    defer { if rolecall.isRunning { kill(rolecall.processIdentifier, SIGKILL) } }
    let commentary = name == "deleted" ? output : errors
    #expect(commentary.wait(for: "Capturing on", seconds: 10))
    let send = try NetnsLab.sh(
      "ip netns exec \(lab.right) /usr/bin/python3 \(LiveFloodTests.sender.path) \(lab.rightLink)"
        + " --flows 5")
    #expect(send.status == 0, "\(send.standardError)")
    Thread.sleep(forTimeInterval: 0.5)
    let change = try NetnsLab.sh("ip -n \(lab.left) \(command) \(lab.leftLink)")
    #expect(change.status == 0, "\(change.standardError)")
    #expect(NetnsLab.wait(rolecall, seconds: 10))
    #expect(rolecall.terminationStatus == 1)
    let what = name == "deleted" ? "disappeared" : "went down"
    let line = "rolecall: \(lab.leftLink): the interface \(what)\n"
    #expect(errors.text.hasSuffix(line), "\(errors.text)")
    #expect(errors.text.components(separatedBy: "rolecall: ").count == 2, "\(errors.text)")
    let text = output.text
    if name == "deleted" {
      #expect(text.contains("stopped by an error after"), "\(text)")
      #expect(text.contains(": \(lab.leftLink): the interface disappeared\n"))
      #expect(text.contains("10.97.1.1"))
    } else {
      let json = try #require(
        try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any], "\(text)")
      let live = try #require(json["live"] as? [String: Any])
      #expect(live["stoppedBy"] as? String == "an error")
      #expect(live["error"] as? String == "\(lab.leftLink): the interface went down")
      #expect((live["packets"] as? Int ?? 0) >= 5)
      let table = try #require(live["flowTable"] as? [String: Any])
      #expect((table["flowsHeld"] as? Int ?? 0) >= 5)
      #expect(table["evictions"] as? Int == 0)
      #expect(table["maxFlows"] as? Int == 262_144)
      #expect(table["boundBytes"] as? Int == FlowTracker.bytes(maxFlows: 262_144))
      let libpcap = try #require(live["libpcap"] as? [String: Any])
      #expect((libpcap["received"] as? Int ?? 0) >= 5)
      #expect(libpcap["dropped"] as? Int == 0)
      let files = try #require(json["files"] as? [[String: Any]])
      #expect(files.first?["format"] as? String == "live")
      #expect(files.first?["path"] as? String == lab.leftLink)
      let hosts = try #require(json["hosts"] as? [[String: Any]])
      #expect(hosts.contains { $0["address"] as? String == "10.97.1.1" })
    }
    // The -w file is complete.
    let file = try CaptureFile(path: capture)
    var packets = 0
    while try file.next() != nil { packets += 1 }
    #expect(packets >= 5)
  }

  /// Without the right to capture: one line, exit 1, nothing on standard output. The binary is
  /// copied where the unprivileged user can run it (the checkout may be in a private home).
  @Test(.enabled(if: getuid() == 0, "needs root to become an unprivileged user"))
  func missingPermissionIsOneLine() throws {
    let setpriv = URL(fileURLWithPath: "/usr/bin/setpriv")
    guard FileManager.default.isExecutableFile(atPath: setpriv.path) else { return }
    let folder = try TestPaths.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let binary = folder.appendingPathComponent("rolecall")
    try FileManager.default.copyItem(at: TestPaths.binary, to: binary)
    try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: folder.path)
    try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: binary.path)
    let asNobody = ["--reuid=nobody", "--regid=nogroup", "--clear-groups", binary.path]
    guard try ProcessResult.run(setpriv, asNobody + ["--help"]).status == 0 else { return }
    let result = try ProcessResult.run(setpriv, asNobody + ["live", "-i", "lo"])
    #expect(result.status == 1)
    #expect(
      result.standardError.hasPrefix(
        "rolecall: lo: permission denied: capturing needs root or CAP_NET_RAW"),
      "\(result.standardError)")
    #expect(result.standardError.split(separator: "\n").count == 1)
    #expect(result.standardOutput.isEmpty)
  }

  @Test func liveFormatsAreTextAndJSON() throws {
    let result = try ProcessResult.run(
      TestPaths.binary, ["live", "-i", "lo", "--format", "html"])
    #expect(result.status == 64)
    #expect(result.standardError.contains("--format must be text or json for a live capture"))
  }

  @Test func interfacesListsLoopback() throws {
    let result = try ProcessResult.run(TestPaths.binary, ["interfaces"])
    #expect(result.status == 0)
    #expect(result.standardOutput.contains(".lo [Up, Running, Loopback]\n    inet 127.0.0.1/8\n"))
  }
}
