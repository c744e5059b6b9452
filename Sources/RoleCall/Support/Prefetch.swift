import CSupport

extension Array {
  /// Starts loading the first `bytes` of element `index` into the cache, for a loop that will
  /// read elements in an order it knows ahead (a sorted list of record numbers) but the
  /// processor cannot guess: a miss costs as much as hundreds of instructions, and loads
  /// started early overlap. A hint only: an index out of range is ignored.
  @inline(__always)
  func prefetch(_ index: Int, bytes: Int = 128) {
    guard index >= 0 && index < count else { return }
    withUnsafeBytes { buffer in
      guard let base = buffer.baseAddress else { return }
      let start = base + index * MemoryLayout<Element>.stride
      var offset = 0
      while offset < bytes {
        prefetchForReading(start + offset)
        offset += 64
      }
    }
  }
}

/// Starts loading the cache line at `address`: for readers that walk memory in an order the
/// processor's prefetcher does not follow. A hint only: it never faults.
@inline(__always)
func prefetchForReading(_ address: UnsafeRawPointer) {
  rolecall_prefetch(address)
}
