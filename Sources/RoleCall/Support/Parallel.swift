import Dispatch

/// Work split into a few parts that run at the same time, for the stages after the flow table
/// (the machine's other core is idle once the reading thread is done).
enum Parallel {
  /// `body(0)`, …, `body(parts - 1)`, run at the same time, in order. Each part writes only its
  /// own slot of the result.
  static func map<Result>(parts: Int, _ body: @Sendable (Int) -> Result) -> [Result] {
    Array(unsafeUninitializedCapacity: parts) { buffer, initialized in
      let slots = Slots(base: buffer.baseAddress)
      DispatchQueue.concurrentPerform(iterations: parts) { part in
        slots.base?.advanced(by: part).initialize(to: body(part))
      }
      initialized = parts
    }
  }

  /// `[element(0), …, element(count - 1)]`, the elements made in `parts` consecutive ranges at
  /// the same time, each written straight into its place in the array.
  static func array<Element>(
    count: Int, parts: Int, _ element: @Sendable (Int) -> Element
  ) -> [Element] {
    guard parts > 1 else { return (0..<count).map(element) }
    return Array(unsafeUninitializedCapacity: count) { buffer, initialized in
      let slots = Slots(base: buffer.baseAddress)
      DispatchQueue.concurrentPerform(iterations: parts) { part in
        for index in count * part / parts..<count * (part + 1) / parts {
          slots.base?.advanced(by: index).initialize(to: element(index))
        }
      }
      initialized = count
    }
  }

  /// `first()` and `second()`, run at the same time.
  static func both<First, Second>(
    _ first: @Sendable () -> First, _ second: @Sendable () -> Second
  ) -> (First, Second) {
    let one = UnsafeMutablePointer<First>.allocate(capacity: 1)
    let other = UnsafeMutablePointer<Second>.allocate(capacity: 1)
    defer {
      one.deallocate()
      other.deallocate()
    }
    let slots = (Slots(base: one), Slots(base: other))
    DispatchQueue.concurrentPerform(iterations: 2) { part in
      if part == 0 {
        slots.0.base?.initialize(to: first())
      } else {
        slots.1.base?.initialize(to: second())
      }
    }
    return (one.move(), other.move())
  }

  /// Memory the parts share, each part reading and writing only its own slots (its result, or
  /// its stretch of a buffer), read by the caller after all are done.
  struct Slots<Value>: @unchecked Sendable {
    let base: UnsafeMutablePointer<Value>?
  }
}
