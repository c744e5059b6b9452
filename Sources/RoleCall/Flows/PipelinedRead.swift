import Dispatch

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Decoded packets on their way from the reading thread to the flow table's: a ring of batches,
/// each owned by one thread at a time.
///
/// The reader takes a free batch, fills it and hands it on; the table's thread takes the next
/// filled batch, adds its packets and hands it back. Two semaphores count the free and the filled
/// batches, and each hand-over is a semaphore signal followed by a wait on the other side, which
/// orders every write to a batch before the reads of the thread that takes it next. The batches
/// are allocated once per file: nothing is allocated per packet.
final class PacketBatches: Sendable {
  /// One packet as the flow table needs it.
  struct Entry {
    var decoded = DecodedPacket()
    var timestamp: Int64 = 0
    var wireLength = 0
  }

  final class Batch: @unchecked Sendable {
    let entries: UnsafeMutablePointer<Entry>
    /// Entries filled.
    var count = 0
    /// The bytes read at each packet of the batch whose number is a multiple of 65,536.
    var progress: [Int] = []
    /// Whether the reader stopped after this batch (end of file or an error).
    var isLast = false

    init(size: Int) {
      entries = .allocate(capacity: size)
      entries.initialize(repeating: Entry(), count: size)
      // Room for every progress mark a batch can hold, so that reading never allocates.
      progress.reserveCapacity(size / 65_536 + 1)
    }

    deinit { entries.deallocate() }
  }

  /// Packets per batch: 4,096 entries of 200 bytes, 3.2 MB for the ring (in the shared cache).
  /// Each hand-over that finds the other thread waiting wakes it (a system call on each side);
  /// with threads of about equal speed, 1,024-packet batches did that about 1,800 times on
  /// big.pcap, and the flow stage took 0.33 s rather than 0.28.
  static let defaultBatchSize = 4096
  static let ringLength = 4

  let size: Int
  let ring: [Batch]
  let free = DispatchSemaphore(value: PacketBatches.ringLength)
  let filled = DispatchSemaphore(value: 0)

  init(size: Int) {
    self.size = max(size, 1)
    ring = (0..<PacketBatches.ringLength).map { _ in Batch(size: max(size, 1)) }
  }
}

/// What the reading thread owns while it reads, and hands back at the end.
private final class PipelineReader: @unchecked Sendable {
  let source: CaptureFile
  let filter: PacketFilter?
  var intake: PacketIntake
  var summary: CaptureFileSummary
  var error: CaptureError?

  init(
    source: CaptureFile, filter: PacketFilter?, intake: PacketIntake, summary: CaptureFileSummary
  ) {
    self.source = source
    self.filter = filter
    self.intake = intake
    self.summary = summary
  }

  /// Reads the whole file into `batches`; the last batch handed over has `isLast` set.
  func run(_ batches: PacketBatches) {
    // Locals, not stored properties, in the loop: no exclusivity checks per packet.
    var intake = self.intake
    var summary = self.summary
    var failure: CaptureError?
    var number = 0
    while true {
      batches.free.wait()
      let batch = batches.ring[number % PacketBatches.ringLength]
      let entries = batch.entries
      var count = 0
      var ended = false
      batch.progress.removeAll(keepingCapacity: true)
      do throws(CaptureError) {
        while count < batches.size {
          guard let packet = try source.next() else {
            ended = true
            break
          }
          if summary.packets & 0xFFFF == 0xFFFF { batch.progress.append(source.bytesRead) }
          intake.count(packet, summary: &summary)
          if let filter, try !filter.matches(packet) { continue }
          if intake.accept(packet, into: &entries[count].decoded) {
            entries[count].timestamp = packet.timestamp
            entries[count].wireLength = packet.originalLength
            count += 1
          }
        }
      } catch {
        failure = error
        ended = true
      }
      batch.count = count
      batch.isLast = ended
      if ended {
        self.intake = intake
        self.summary = summary
        self.error = failure
      }
      batches.filled.signal()
      if ended { return }
      number += 1
    }
  }
}

extension FlowAnalysis {
  /// Reads on two threads: a second thread reads, filters and decodes packets into batches while
  /// this one adds them to the flow table, in the file's order. The result, progress calls
  /// included, is the same as reading on one thread.
  mutating func readPipelined(
    _ source: CaptureFile, filter: PacketFilter?, into summary: inout CaptureFileSummary,
    progress: ((Int) -> Void)?, batchSize: Int
  ) throws(CaptureError) {
    let batches = PacketBatches(size: batchSize)
    let reader = PipelineReader(
      source: source, filter: filter, intake: intake, summary: summary)
    guard let thread = ReaderThread({ reader.run(batches) }) else {
      // No second thread to be had: read on this one.
      try read(source, filter: filter, into: &summary, progress: progress)
      return
    }
    defer { thread.join() }
    var number = 0
    while true {
      batches.filled.wait()
      let batch = batches.ring[number % PacketBatches.ringLength]
      let entries = batch.entries
      let count = batch.count
      for index in 0..<count {
        tracker.add(
          timestamp: entries[index].timestamp, wireLength: entries[index].wireLength,
          &entries[index].decoded)
      }
      if let progress { for bytes in batch.progress { progress(bytes) } }
      let last = batch.isLast
      batches.free.signal()
      if last { break }
      number += 1
    }
    intake = reader.intake
    summary = reader.summary
    if let error = reader.error { throw error }
  }
}

/// A POSIX thread running one closure, joined before the read returns (Foundation's `Thread`
/// cannot be joined, and this folder stays free of Foundation).
private final class ReaderThread {
  private final class Body: @unchecked Sendable {
    let run: @Sendable () -> Void
    init(_ run: @escaping @Sendable () -> Void) { self.run = run }
  }

  #if canImport(Darwin)
    private var thread: pthread_t?
  #else
    private var thread = pthread_t()
  #endif
  private let body: Body

  /// Starts `run` on a new thread, or returns nil when the system has no thread to give.
  init?(_ run: @escaping @Sendable () -> Void) {
    body = Body(run)
    let context = Unmanaged.passRetained(body).toOpaque()
    let status =
      pthread_create(
        &thread, nil,
        { context in
          // Optional on Linux, not on Darwin.
          let context: UnsafeMutableRawPointer? = context
          if let context { Unmanaged<Body>.fromOpaque(context).takeRetainedValue().run() }
          return nil
        }, context)
    if status != 0 {
      Unmanaged<Body>.fromOpaque(context).release()
      return nil
    }
  }

  /// Waits for the thread to end.
  func join() {
    #if canImport(Darwin)
      if let thread { pthread_join(thread, nil) }
    #else
      pthread_join(thread, nil)
    #endif
  }
}
