import AllocationCounter
import Foundation
import Testing

@testable import RoleCall

/// Reading, decoding and flow lookup allocate nothing per packet. The test build's allocator
/// (`AllocationCounter`) counts each thread's heap allocations, so these tests count exactly
/// what their own thread allocates while it reads a capture, whatever other tests do meanwhile.
///
/// Each test first reads every capture once (`settle()`): the first use of a table built on
/// first use (a lazy `static let`) allocates once per process, in whichever test comes first.
@Suite struct AllocationTests {
  /// Reads every capture through every path the tests count, on this thread, once.
  static func settle() {
    for path in TestPaths.allCaptures {
      var analysis = FlowAnalysis()
      analysis.read(path: path, filter: nil, progress: nil, pipelined: false)
      guard let file = try? CaptureFile(path: path) else { continue }
      var live = FlowAnalysis(maxFlows: 1 << 16)
      live.beginSource("eth0")
      while let packet = try? file.next() { live.add(packet) }
    }
  }

  /// Heap allocations `body` makes on this thread.
  static func allocations(_ body: () throws -> Void) rethrows -> UInt64 {
    let before = rolecall_thread_allocations()
    try body()
    return rolecall_thread_allocations() - before
  }

  /// Allocations of reading every packet of `path` into a fresh analysis on this thread (the
  /// capture → decode → flows path; a second thread's allocations would not be counted). The
  /// records are reserved first for the flows of a 256 MiB file, more than any file here asks
  /// for, which leaves out the one allocation that depends on the file's size (reading a file
  /// over 32 MiB reserves records for its flows up front).
  static func readAllocations(_ path: String) -> UInt64 {
    var analysis = FlowAnalysis()
    analysis.tracker.reserve(flowsFor: 1 << 28)
    return allocations {
      analysis.read(path: path, filter: nil, progress: nil, pipelined: false)
    }
  }

  /// The packets of `path` after the first, decoded: no allocation at all (the first packet
  /// may allocate per file, as a pcapng interface's description does).
  @Test func decodingAllocatesNothing() throws {
    Self.settle()
    for path in TestPaths.allCaptures {
      let file = try CaptureFile(path: path)
      var decoder = PacketDecoder()
      var decoded = DecodedPacket()
      guard let first = try file.next() else { continue }
      decoder.decode(first, into: &decoded)
      var packets = 1
      let count = try Self.allocations {
        while let packet = try file.next() {
          decoder.decode(packet, into: &decoded)
          packets += 1
        }
      }
      #expect(count == 0, "\(path): \(count) allocations, \(packets) packets")
    }
  }

  /// Every packet of every capture added to a flow table: no allocation, for the packets of new
  /// flows as for those of known ones (a table has room for 32,768 flows before it first grows;
  /// growing is per flow, amortised).
  @Test func theFlowTableAllocatesNothing() throws {
    Self.settle()
    for path in TestPaths.allCaptures {
      let file = try CaptureFile(path: path)
      var decoder = PacketDecoder()
      var decoded = DecodedPacket()
      var tracker = FlowTracker()
      var count: UInt64 = 0
      while let packet = try file.next() {
        decoder.decode(packet, into: &decoded)
        count += Self.allocations { tracker.add(packet, decoded) }
      }
      #expect(count == 0, "\(path): \(count) allocations, \(tracker.flows.count) flows")
    }
  }

  /// The end of the pcap record at `offset` of a file's `bytes`: its 16-byte header, then as
  /// many bytes as the header's captured length says.
  static func recordEnd(_ bytes: [UInt8], at offset: Int) -> Int {
    let little = bytes[0] == 0xD4 || bytes[0] == 0x4D
    let field = bytes[(offset + 8)..<(offset + 12)].map(Int.init)
    let captured =
      little
      ? field[0] | field[1] << 8 | field[2] << 16 | field[3] << 24
      : field[3] | field[2] << 8 | field[1] << 16 | field[0] << 24
    return offset + 16 + captured
  }

  /// The file header and first record of a pcap file.
  static func firstRecord(of bytes: [UInt8]) -> [UInt8] {
    Array(bytes.prefix(recordEnd(bytes, at: 24)))
  }

  /// The allocations of reading the pcap file at `path` whole, and of reading its first packet
  /// alone. Both are read from one copy's path, in turn: opening a file converts its path to a
  /// C string, which allocates or not depending on how the path's string was made.
  static func wholeAndFirst(_ path: String, in folder: URL) throws -> (UInt64, UInt64) {
    let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
    let copy = try CaptureWriter.write(firstRecord(of: bytes), named: "capture.pcap", in: folder)
    _ = readAllocations(copy)
    let first = readAllocations(copy)
    try Data(bytes).write(to: URL(fileURLWithPath: copy))
    _ = readAllocations(copy)
    return (readAllocations(copy), first)
  }

  /// A whole pcap file read into an analysis (opening it, every packet, the summary) allocates
  /// exactly what its first packet alone does.
  @Test func readingAFileAllocatesAsMuchAsReadingItsFirstPacket() throws {
    let folder = try TestPaths.temporaryFolder()
    let captures = TestPaths.allCaptures.filter { $0.hasSuffix(".pcap") }
    #expect(captures.count >= 9)
    for path in captures {
      let (whole, first) = try Self.wholeAndFirst(path, in: folder)
      #expect(whole == first, "\(path): \(whole) allocations, its first packet alone \(first)")
    }
  }

  /// The benchmark's small.pcap: 476,737 packets in 20,000 flows, read with exactly the
  /// allocations of its first packet.
  @Test(.enabled(if: BenchContractTests.toolsPresent)) func aLargeCaptureAllocatesNoMore() throws {
    let (capture, _) = try BenchContractTests.prepare()
    let (whole, first) = try Self.wholeAndFirst(capture, in: try TestPaths.temporaryFolder())
    #expect(whole == first, "\(whole) allocations, its first packet alone \(first)")
  }

  /// Live capture: packets added one at a time to a bounded table (`rolecall live`) allocate
  /// nothing after a source's first packet while no flow is retired, and the link-type counts,
  /// read between packets, are the ones a file read gives.
  @Test func liveCaptureAllocatesNothingPerPacket() throws {
    Self.settle()
    var checked = 0
    for path in TestPaths.allCaptures {
      var read = FlowAnalysis()
      read.read(path: path)
      guard read.files.first?.linkTypes.count == 1, read.errors.isEmpty else { continue }
      let file = try CaptureFile(path: path)
      var live = FlowAnalysis(maxFlows: 1 << 16)
      live.beginSource("eth0")
      guard let first = try file.next() else { continue }
      live.add(first)
      var packets = 1
      let count = try Self.allocations {
        while let packet = try file.next() {
          live.add(packet)
          packets += 1
        }
      }
      #expect(live.linkTypePackets == read.linkTypePackets, "\(path)")
      #expect(live.unsupportedLinkPackets == read.unsupportedLinkPackets, "\(path)")
      // Retiring a flow (one that ended and started again, or an evicted one) adds it to the
      // ledger, which allocates per flow retired.
      guard live.tracker.retired.flows.isEmpty else { continue }
      checked += 1
      #expect(count == 0, "\(path): \(count) allocations, \(packets) packets")
    }
    // Nine samples, and 49 corpus captures, have one link type and retire no flow.
    #expect(checked == (TestPaths.corpusPresent ? 58 : 9))
  }

  /// The two-thread read, in a process of its own: the built `rolecall-bench flows` on small.pcap
  /// (476,737 packets) and on its first 40 MiB (also read on two threads, with the same table
  /// and batches) makes exactly as many allocations, counted on every thread by a counter
  /// loaded with LD_PRELOAD.
  @Test(.enabled(if: BenchContractTests.toolsPresent)) func theTwoThreadReadAllocatesNoMore()
    throws
  {
    let (capture, _) = try BenchContractTests.prepare()
    let folder = try TestPaths.temporaryFolder()
    let preload = folder.appendingPathComponent("allocation-counter.so").path
    let counter = TestPaths.repository.appendingPathComponent("Tests/AllocationCounter")
    let compiled = try ProcessResult.run(
      URL(fileURLWithPath: "/usr/bin/env"),
      [
        "gcc", "-O2", "-shared", "-fPIC", "-DROLECALL_COUNT_EVERY_THREAD",
        "-I", counter.appendingPathComponent("include").path, "-o", preload,
        counter.appendingPathComponent("AllocationCounter.c").path,
      ])
    #expect(compiled.status == 0, "\(compiled.standardError)")
    let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: capture)))
    var end = 24
    while end < 40 << 20 { end = Self.recordEnd(bytes, at: end) }
    let cut = try CaptureWriter.write(Array(bytes[..<end]), named: "cut.pcap", in: folder)
    func allocations(_ path: String) throws -> Int? {
      let run = try ProcessResult.run(
        URL(fileURLWithPath: "/usr/bin/env"),
        ["LD_PRELOAD=\(preload)", TestPaths.product("rolecall-bench").path, "flows", path])
      #expect(run.status == 0, "\(run.standardError)")
      return run.standardError.split(separator: "\n").last { $0.hasPrefix("allocations=") }
        .flatMap { Int($0.dropFirst("allocations=".count)) }
    }
    let whole = try allocations(capture)
    let part = try allocations(cut)
    #expect(
      whole != nil && whole == part, "\(String(describing: whole)) and \(String(describing: part))")
  }
}
