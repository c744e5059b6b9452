/// An open-addressing hash table (linear probing) from canonical flow keys to flow records.
///
/// Slots hold the key's 32-bit hash and the index of the flow's record in `flows` (8 bytes, so
/// the index of 200,000 flows is 4 MB and stays in cache far better than one holding the keys);
/// the key itself is compared in the record, which the packet updates anyway. The table keeps its
/// load at or under one half and doubles when it would pass it, so a lookup is a short scan of
/// adjacent slots. Records are appended to `flows` and never move between slots: when a
/// flow ends (timeout, a new SYN after FIN or RST) the slot is pointed at the new record and the
/// old one stays in `flows`, finished.
///
/// Memory: 8 bytes per slot at a load of at most 1/2 (16 to 32 bytes per live 5-tuple) plus
/// one `Flow` record (`MemoryLayout<Flow>.stride`) per flow.
///
/// A bounded table (`init(limit:)`, used by live capture) holds at most `limit` records and never
/// grows: a flow that ends and starts again overwrites its own record, and when the table is full
/// the least recently seen flow is evicted (an exact LRU: an intrusive doubly linked list over
/// record indices, moved on every packet). A removed record's place is taken by the last record,
/// so `flows` is always exactly the flows in the table. Evicted and expired flows are
/// counted (`evictions`, `expirations`) and handed to the caller, which folds them into
/// `RetiredFlows`. Its memory is fixed: `slotBytes × 2^⌈log2(2·limit)⌉` for the index,
/// `MemoryLayout<Flow>.stride × limit` for the records and 8 bytes per record for the list.
/// - Complexity: lookup and insert are O(1) expected; growth is amortized O(1) per insert;
///   eviction is O(1) expected (backward-shift deletion of one slot).
public struct FlowTable: Sendable {
  struct Slot: Sendable {
    var hash: UInt32
    /// Index into `flows`, or -1 for an empty slot.
    var record: Int32
  }

  private var slots: [Slot]
  private var mask: Int
  private var occupied = 0
  /// Every flow record, in order of creation (unbounded), or the live records (bounded: slots of
  /// evicted and expired flows are reused).
  public private(set) var flows: [Flow] = []
  /// The most records a bounded table holds (`nil`: unbounded, records are never removed).
  public private(set) var limit: Int?
  /// Flows removed because the table was full (the least recently seen went first).
  public private(set) var evictions = 0
  /// Flows removed because they were idle longer than their timeout.
  public private(set) var expirations = 0
  /// Bounded tables only: the recency list over record indices, least recent at `oldest`.
  var lru = RecencyList()

  static let emptySlot = Slot(hash: 0, record: -1)

  /// Makes a table with room for `capacity` live 5-tuples before its first growth.
  public init(capacity: Int = 1 << 15) {
    var size = 16
    while size < capacity * 2 { size <<= 1 }
    slots = Array(repeating: FlowTable.emptySlot, count: size)
    mask = size - 1
    flows.reserveCapacity(capacity)
  }

  /// Makes a bounded table: at most `limit` records, the least recently seen evicted first when
  /// it is full. The index is sized once for `limit` keys at a load of 1/2 and never grows.
  public init(limit: Int) {
    let limit = max(limit, 1)
    self.init(capacity: limit)
    self.limit = limit
    lru = RecencyList(capacity: limit)
  }

  /// The bytes a bounded table of `limit` flows holds, all allocated up front: the index, the
  /// records, the recency links and the free list.
  public static func bytes(limit: Int) -> Int {
    var size = 16
    while size < limit * 2 { size <<= 1 }
    return size * slotBytes + limit * (MemoryLayout<Flow>.stride + 8)
  }

  /// The size of one slot of the index, in bytes.
  public static var slotBytes: Int { MemoryLayout<Slot>.stride }

  /// The number of distinct 5-tuples in the table.
  public var keyCount: Int { occupied }

  /// The slot holding `key`, or the empty slot where it would go (then `found` is false).
  @inline(__always)
  func probe(_ key: FlowKey, hash: UInt32) -> (slot: Int, found: Bool) {
    var index = Int(hash) & mask
    while true {
      let slot = slots[index]
      if slot.record < 0 { return (index, false) }
      if slot.hash == hash && flows[Int(slot.record)].key == key { return (index, true) }
      index = (index + 1) & mask
    }
  }

  /// The record index stored in `slot`.
  @inline(__always)
  func record(at slot: Int) -> Int { Int(slots[slot].record) }

  /// Appends `flow` and points `slot` (from `probe`) at it; returns the record index. A bounded
  /// table must have room (`isFull` false).
  @inline(__always)
  mutating func insert(_ flow: Flow, at slot: Int, hash: UInt32) -> Int {
    let record = flows.count
    flows.append(flow)
    if limit != nil { lru.pushNewest(record) }
    if slots[slot].record < 0 {
      occupied += 1
      slots[slot] = Slot(hash: hash, record: Int32(truncatingIfNeeded: record))
      if occupied * 2 > slots.count { grow() }
    } else {
      slots[slot].record = Int32(truncatingIfNeeded: record)
    }
    return record
  }

  /// Applies `body` to the record at `index` in place.
  @inline(__always)
  mutating func update<Result>(_ index: Int, _ body: (inout Flow) -> Result) -> Result {
    body(&flows[index])
  }

  /// Capture bytes per flow record reserved ahead of reading a file: one flow per KiB.
  static let bytesPerReservedFlow = 1024

  /// Unbounded tables: makes room for `count` records before they arrive.
  ///
  /// Growing the records array by doubling copies every record each time and, while it copies,
  /// holds the old array and the new one: at 200,000 flows that is 75 MB more at the peak and
  /// 90 MB of copying. Capacity reserved ahead is only address space until a record is written
  /// there (the kernel hands out pages on first touch), so a generous guess costs no memory;
  /// a capture with more flows than guessed grows as before.
  mutating func reserve(_ count: Int) {
    guard limit == nil, count > flows.capacity else { return }
    flows.reserveCapacity(count)
  }

  /// Whether a bounded table holds `limit` flows (an unbounded one is never full).
  var isFull: Bool {
    guard let limit else { return false }
    return lru.count >= limit
  }

  /// Bounded tables: marks the record at `index` as the most recently seen.
  @inline(__always)
  mutating func touch(_ index: Int) {
    if limit != nil { lru.moveToNewest(index) }
  }

  /// Bounded tables: puts `flow` in place of the record at `index` (a flow that ended and started
  /// again on the same key) and returns the record it replaces.
  mutating func replace(_ index: Int, with flow: Flow) -> Flow {
    let old = flows[index]
    flows[index] = flow
    lru.moveToNewest(index)
    return old
  }

  /// Bounded tables: removes the least recently seen flow and returns it.
  mutating func evictOldest() -> Flow? {
    guard let oldest = lru.oldest else { return nil }
    evictions += 1
    return remove(oldest)
  }

  /// Bounded tables: removes flows, least recently seen first, while the oldest has been idle
  /// past its timeout at `now`, folding each into `ledger`.
  ///
  /// The walk stops at the first flow still within its timeout, so a UDP flow queued behind a
  /// younger TCP flow waits for it (or for eviction): expiry is in recency order only.
  mutating func expire(now: Int64, timeouts: FlowTimeouts, into ledger: inout RetiredFlows) {
    while let oldest = lru.oldest {
      let flow = flows[oldest]
      let (gap, overflow) = now.subtractingReportingOverflow(flow.lastSeen)
      guard overflow || gap > timeouts.timeout(for: flow.key.ipProtocol) else { return }
      expirations += 1
      ledger.add(remove(oldest))
    }
  }

  /// Unlinks the record at `index` and deletes its key from the index; the last record moves
  /// into its place, so `flows` holds exactly the flows in the table.
  private mutating func remove(_ index: Int) -> Flow {
    let flow = flows[index]
    lru.unlink(index)
    let (slot, found) = probe(flow.key, hash: flow.key.tableHash)
    if found && Int(slots[slot].record) == index { deleteSlot(slot) }
    let last = flows.count - 1
    if index != last {
      let moved = flows[last]
      flows[index] = moved
      let (movedSlot, movedFound) = probe(moved.key, hash: moved.key.tableHash)
      if movedFound && Int(slots[movedSlot].record) == last {
        slots[movedSlot].record = Int32(truncatingIfNeeded: index)
      }
      lru.relocate(from: last, to: index)
    }
    flows.removeLast()
    return flow
  }

  /// Backward-shift deletion for linear probing: later members of the run move up into the hole
  /// unless their home slot lies cyclically after it.
  private mutating func deleteSlot(_ start: Int) {
    var hole = start
    var index = start
    while true {
      index = (index + 1) & mask
      if slots[index].record < 0 { break }
      let home = Int(slots[index].hash) & mask
      let stays = hole <= index ? (home > hole && home <= index) : (home > hole || home <= index)
      if !stays {
        slots[hole] = slots[index]
        hole = index
      }
    }
    slots[hole] = FlowTable.emptySlot
    occupied -= 1
  }

  private mutating func grow() {
    let old = slots
    slots = Array(repeating: FlowTable.emptySlot, count: old.count * 2)
    mask = slots.count - 1
    for slot in old where slot.record >= 0 {
      var index = Int(slot.hash) & mask
      while slots[index].record >= 0 { index = (index + 1) & mask }
      slots[index] = slot
    }
  }
}

/// A doubly linked recency list threaded through record indices (an intrusive LRU list): 8 bytes
/// per record.
struct RecencyList: Sendable {
  private var previous: [Int32] = []
  private var following: [Int32] = []
  private var head: Int32 = -1
  private var tail: Int32 = -1
  /// Records in the list.
  private(set) var count = 0

  init() {}

  init(capacity: Int) {
    previous = Array(repeating: -1, count: capacity)
    following = Array(repeating: -1, count: capacity)
  }

  /// The least recently seen record.
  var oldest: Int? { head < 0 ? nil : Int(head) }

  /// The records from least to most recently seen (for tests).
  var order: [Int] {
    var result: [Int] = []
    var node = head
    while node >= 0 {
      result.append(Int(node))
      node = following[Int(node)]
    }
    return result
  }

  /// Moves the list node of record `from` (in the list) to record `to` (not in the list).
  mutating func relocate(from: Int, to: Int) {
    let node = Int32(truncatingIfNeeded: to)
    let before = previous[from]
    let after = following[from]
    previous[to] = before
    following[to] = after
    if before >= 0 { following[Int(before)] = node } else { head = node }
    if after >= 0 { previous[Int(after)] = node } else { tail = node }
    previous[from] = -1
    following[from] = -1
  }

  /// Appends a record that is not in the list as the newest.
  mutating func pushNewest(_ index: Int) {
    let node = Int32(truncatingIfNeeded: index)
    previous[index] = tail
    following[index] = -1
    if tail >= 0 { following[Int(tail)] = node } else { head = node }
    tail = node
    count += 1
  }

  /// Takes a record out of the list.
  mutating func unlink(_ index: Int) {
    let before = previous[index]
    let after = following[index]
    if before >= 0 { following[Int(before)] = after } else { head = after }
    if after >= 0 { previous[Int(after)] = before } else { tail = before }
    previous[index] = -1
    following[index] = -1
    count -= 1
  }

  @inline(__always)
  mutating func moveToNewest(_ index: Int) {
    guard Int32(truncatingIfNeeded: index) != tail else { return }
    unlink(index)
    pushNewest(index)
  }
}
