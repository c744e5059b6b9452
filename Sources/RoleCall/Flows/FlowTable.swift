/// An open-addressing hash table (linear probing) from canonical flow keys to flow records.
///
/// Slots hold the key, its 32-bit hash and the index of the flow's record in `flows`; the table
/// keeps its load at or under one half and doubles when it would pass it, so a lookup is a short
/// scan of adjacent slots. Records are appended to `flows` and never move between slots: when a
/// flow ends (timeout, a new SYN after FIN or RST) the slot is pointed at the new record and the
/// old one stays in `flows`, finished.
///
/// Memory: 48 bytes per slot at a load of at most 1/2 (96 to 192 bytes per live 5-tuple) plus
/// one `Flow` record (`MemoryLayout<Flow>.stride`) per flow.
/// - Complexity: lookup and insert are O(1) expected; growth is amortized O(1) per insert.
public struct FlowTable: Sendable {
  struct Slot: Sendable {
    var key: FlowKey
    var hash: UInt32
    /// Index into `flows`, or -1 for an empty slot.
    var record: Int32
  }

  private var slots: [Slot]
  private var mask: Int
  private var occupied = 0
  /// Every flow record, in order of creation.
  public private(set) var flows: [Flow] = []

  static let emptyKey = FlowKey(
    aHigh: 0, aLow: 0, bHigh: 0, bLow: 0, aPort: 0, bPort: 0, protocolNumber: 0, version: 0,
    hasPorts: false)

  /// Makes a table with room for `capacity` live 5-tuples before its first growth.
  public init(capacity: Int = 1 << 15) {
    var size = 16
    while size < capacity * 2 { size <<= 1 }
    slots = Array(repeating: Slot(key: FlowTable.emptyKey, hash: 0, record: -1), count: size)
    mask = size - 1
    flows.reserveCapacity(capacity)
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
      if slot.hash == hash && slot.key == key { return (index, true) }
      index = (index + 1) & mask
    }
  }

  /// The record index stored in `slot`.
  @inline(__always)
  func record(at slot: Int) -> Int { Int(slots[slot].record) }

  /// Appends `flow` and points `slot` (from `probe`) at it; returns the record index.
  @inline(__always)
  mutating func insert(_ flow: Flow, at slot: Int, hash: UInt32) -> Int {
    let record = flows.count
    flows.append(flow)
    if slots[slot].record < 0 {
      occupied += 1
      slots[slot] = Slot(key: flow.key, hash: hash, record: Int32(truncatingIfNeeded: record))
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

  private mutating func grow() {
    let old = slots
    slots = Array(
      repeating: Slot(key: FlowTable.emptyKey, hash: 0, record: -1), count: old.count * 2)
    mask = slots.count - 1
    for slot in old where slot.record >= 0 {
      var index = Int(slot.hash) & mask
      while slots[index].record >= 0 { index = (index + 1) & mask }
      slots[index] = slot
    }
  }
}
