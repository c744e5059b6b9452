import Foundation
import Testing

@testable import RoleCall

/// Resident memory of one process, read from /proc every `interval` seconds on a thread of its own.
final class MemorySampler: @unchecked Sendable {
  struct Sample: Sendable {
    /// Seconds since the sampler started.
    var time: Double
    /// `VmRSS`: everything resident, the capture ring included (bytes).
    var resident: Int
    /// `RssAnon`: the heap and other anonymous memory, where the flow state lives (bytes).
    var anonymous: Int
  }

  private let lock = NSLock()
  private var samples: [Sample] = []
  private var running = true
  private let pid: Int32
  private let started = Date()

  init(pid: Int32, interval: Double) {
    self.pid = pid
    let thread = Thread { [self] in
      while self.isRunning {
        if let sample = self.read() { self.lock.withLock { self.samples.append(sample) } }
        Thread.sleep(forTimeInterval: interval)
      }
    }
    thread.start()
  }

  private var isRunning: Bool { lock.withLock { running } }

  /// Seconds since the sampler started.
  var now: Double { Date().timeIntervalSince(started) }

  func stop() { lock.withLock { running = false } }

  /// The samples taken from `from` to `to` seconds.
  func samples(from: Double = 0, to: Double = .infinity) -> [Sample] {
    lock.withLock { samples.filter { $0.time >= from && $0.time <= to } }
  }

  /// One reading of /proc/PID/status, or nil when the process is gone.
  func read() -> Sample? {
    MemorySampler.read(pid: pid, time: now)
  }

  static func read(pid: Int32, time: Double) -> Sample? {
    guard let text = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else {
      return nil
    }
    var fields: [String: Int] = [:]
    for line in text.split(separator: "\n")
    where line.hasPrefix("VmRSS:") || line.hasPrefix("RssAnon:") {
      let parts = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
      if parts.count >= 2, let kilobytes = Int(parts[1]) {
        fields[String(parts[0])] = kilobytes * 1024
      }
    }
    guard let resident = fields["VmRSS:"], let anonymous = fields["RssAnon:"] else { return nil }
    return Sample(time: time, resident: resident, anonymous: anonymous)
  }
}

/// The figures `rolecall live` prints in its last section ("Live capture").
struct LiveFooter {
  var packets: Int
  var received: Int
  var dropped: Int
  var flowsHeld: Int
  var evictions: Int
  var expirations: Int
  var retiredFlows: Int
  var retiredEdges: Int

  init?(_ text: String) {
    guard let section = text.components(separatedBy: "\nLive capture\n").last else { return nil }
    func number(after label: String, in text: String) -> Int? {
      guard let range = text.range(of: label) else { return nil }
      let digits = text[range.upperBound...].prefix { $0.isNumber }
      return Int(digits)
    }
    func number(before label: String) -> Int? {
      guard let range = section.range(of: label) else { return nil }
      let digits = section[..<range.lowerBound].reversed().prefix { $0.isNumber }
      return Int(String(digits.reversed()))
    }
    guard let packets = number(after: "after ", in: section),
      let received = number(before: " received"), let dropped = number(before: " dropped (buffer"),
      let held = number(after: "flow table: ", in: section),
      let evictions = number(before: " evicted"),
      let expirations = number(before: " expired idle"),
      let retired = number(before: " retired flows"),
      let edges = number(before: " edges")
    else { return nil }
    self.packets = packets
    self.received = received
    self.dropped = dropped
    flowsHeld = held
    self.evictions = evictions
    self.expirations = expirations
    retiredFlows = retired
    retiredEdges = edges
  }
}

/// Acceptance 2 of the live-capture issue: a flood of a million distinct 5-tuples into a live
/// capture inside a lab network, with resident memory sampled from /proc while it runs.
@Suite(.serialized) struct LiveFloodTests {
  /// The flood's size and pace: 1,000,000 UDP packets from 16 sources, each its own 5-tuple, at
  /// up to 100,000 packets a second (10 s), captured into a table of 32,768 flows.
  static let tuples = 1_000_000
  static let rate = 100_000
  static let maxFlows = 32_768
  /// The kernel capture buffer asked for; libpcap maps all of it when the capture starts.
  static let buffer = 32 << 20
  /// Tuples per run of the sender.
  static let run = 50_000

  /// Packets captured so far, from the last progress line ("[4.0s] 120764 packets, …").
  static func captured(_ text: String) -> Int {
    guard let range = text.range(of: "s] ", options: .backwards) else { return 0 }
    return Int(text[range.upperBound...].prefix { $0.isNumber }) ?? 0
  }

  /// The release build of rolecall when there is one at least as new as the debug build beside
  /// the tests (CI builds both); otherwise the debug build, which drops more of the flood.
  static var binary: URL {
    let debug = TestPaths.binary
    let release = debug.deletingLastPathComponent().deletingLastPathComponent()
      .appendingPathComponent("release/rolecall")
    let manager = FileManager.default
    guard manager.isExecutableFile(atPath: release.path),
      let releaseDate = (try? manager.attributesOfItem(atPath: release.path))?[.modificationDate]
        as? Date,
      let debugDate = (try? manager.attributesOfItem(atPath: debug.path))?[.modificationDate]
        as? Date,
      releaseDate >= debugDate
    else { return debug }
    return release
  }

  static var sender: URL { TestPaths.repository.appendingPathComponent("scripts/flood") }

  @Test(.enabled(if: NetnsLab.available, "needs root, ip netns and python3"))
  func aMillionTuplesKeepMemoryFlatAndAreCountedAsEvictions() throws {
    guard let lab = try NetnsLab.make(tag: "f") else { return }
    defer { lab.remove() }
    let binary = Self.binary
    let output = LiveOutput()
    let errors = LiveOutput()
    let started = Date()
    let process = try lab.startRolecall(
      [
        "live", "-i", lab.leftLink, "-f", "udp dst port 53", "--max-flows", "\(Self.maxFlows)",
        "--buffer-size", "\(Self.buffer)", "--snaplen", "128", "--every", "1",
      ], output: output, errors: errors, binary: binary)
    defer { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }
    try #require(output.wait(for: "Capturing on \(lab.leftLink)", seconds: 15), "\(errors.text)")
    // `ip netns exec` runs rolecall in its own process, so the pid is rolecall's.
    let comm = try? String(
      contentsOfFile: "/proc/\(process.processIdentifier)/comm", encoding: .utf8)
    #expect(comm == "rolecall\n")

    let sampler = MemorySampler(pid: process.processIdentifier, interval: 0.1)
    defer { sampler.stop() }
    Thread.sleep(forTimeInterval: 0.5)
    let idle = try #require(sampler.samples().last)
    let floodStart = sampler.now
    // The flood goes in runs of 50,000 tuples, each continuing the last; before each run the
    // sender waits while rolecall is more than 100,000 packets behind (its progress lines say
    // how far it is), so a slow build or a busy machine delays the flood instead of overflowing
    // the capture buffer (which holds about 150,000 of these packets at --snaplen 128).
    var sent = 0
    var waited = 0.0
    while sent < Self.tuples {
      let deadline = Date().addingTimeInterval(30)
      while Self.captured(output.text) + 100_000 < sent && Date() < deadline {
        Thread.sleep(forTimeInterval: 0.05)
        waited += 0.05
      }
      let run = min(Self.run, Self.tuples - sent)
      let send = try NetnsLab.sh(
        "ip netns exec \(lab.right) /usr/bin/python3 \(Self.sender.path) \(lab.rightLink)"
          + " --start \(sent) --flows \(run) --rate \(Self.rate)")
      try #require(send.status == 0, "\(send.standardError)")
      #expect(send.standardOutput.hasPrefix("sent \(run) packets"), "\(send.standardOutput)")
      sent += run
    }
    let floodEnd = sampler.now
    // Let rolecall drain the capture buffer, then stop it: until it has every packet, or its
    // progress lines stop moving (what it dropped never comes), or a minute has passed.
    let deadline = Date().addingTimeInterval(60)
    var last = (count: -1, since: Date())
    while Date() < deadline {
      let count = Self.captured(output.text)
      if count >= Self.tuples || Date().timeIntervalSince(last.since) > 2.5 { break }
      if count != last.count { last = (count, Date()) }
      Thread.sleep(forTimeInterval: 0.1)
    }
    sampler.stop()
    kill(process.processIdentifier, SIGINT)
    #expect(NetnsLab.wait(process, seconds: 60))
    #expect(process.terminationStatus == 0, "\(errors.text)")
    let text = output.text
    let elapsed = Date().timeIntervalSince(started)

    // Every tuple reached the capture; what rolecall could not take in time is counted as a drop.
    let footer = try #require(LiveFooter(text), "\(text.suffix(2000))")
    #expect(footer.received >= Self.tuples)
    #expect(footer.packets + footer.dropped == footer.received)
    // The table turned over many times: every captured packet opened a new flow, and every flow
    // not in the table at the end was evicted (none idled out within the UDP timeout).
    #expect(footer.packets >= 10 * Self.maxFlows, "\(footer)")
    #expect(footer.flowsHeld == Self.maxFlows)
    #expect(footer.evictions + footer.expirations + footer.flowsHeld == footer.packets)
    #expect(footer.evictions >= footer.packets - Self.maxFlows)
    #expect(footer.retiredFlows == footer.evictions + footer.expirations)
    // The 16 sources' flows fold into one ledger record each.
    #expect(footer.retiredEdges == 16)
    // The hosts keep their counts: the report counts every captured flow.
    #expect(text.contains("10.97.1.1"))

    // Memory: flat while the flood runs, and within the documented bound above the idle process.
    let bound = FlowTracker.bytes(maxFlows: Self.maxFlows)
    let during = sampler.samples(from: floodStart, to: floodEnd)
    let plateau = sampler.samples(from: floodStart + (floodEnd - floodStart) / 2, to: floodEnd)
    try #require(plateau.count >= 10, "too few samples: \(plateau.count)")
    let peakAnonymous = during.map(\.anonymous).max() ?? 0
    let peakResident = during.map(\.resident).max() ?? 0
    let spread = (plateau.map(\.resident).max() ?? 0) - (plateau.map(\.resident).min() ?? 0)
    #expect(
      peakAnonymous - idle.anonymous <= 2 * bound,
      "heap grew \(peakAnonymous - idle.anonymous) bytes; bound \(bound)")
    #expect(
      peakResident <= idle.resident + 2 * bound,
      "resident \(peakResident) bytes; idle \(idle.resident), bound \(bound)")
    #expect(spread <= max(1 << 20, bound / 50), "resident memory moved \(spread) bytes")

    let mebibytes = { (bytes: Int) in String(format: "%.1f", Double(bytes) / 1_048_576) }
    let timeline = stride(from: 0, to: during.count, by: max(during.count / 12, 1)).map {
      "\(String(format: "%.1f", during[$0].time - floodStart))s \(mebibytes(during[$0].resident))"
    }
    print(
      """
      flood test (\(binary.path.contains("/release/") ? "release" : "debug") build): \
      \(Self.tuples) tuples sent in \(String(format: "%.1f", floodEnd - floodStart)) s \
      (\(String(format: "%.1f", waited)) s waiting for rolecall); \
      libpcap received \(footer.received), dropped \(footer.dropped); captured \(footer.packets); \
      \(footer.evictions) evicted, \(footer.expirations) expired, \(footer.flowsHeld) held, \
      \(footer.retiredEdges) ledger edges; bound \(bound) bytes; \
      idle RSS \(mebibytes(idle.resident)) MiB (heap \(mebibytes(idle.anonymous))), \
      peak RSS \(mebibytes(peakResident)) MiB (heap \(mebibytes(peakAnonymous))), \
      plateau spread \(spread) bytes over \(plateau.count) samples; \
      RSS MiB: \(timeline.joined(separator: ", ")); total \(String(format: "%.1f", elapsed)) s
      """)
  }
}
