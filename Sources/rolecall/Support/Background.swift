import Foundation

/// A value worked out on another thread while this one does something else: `analyze` reads the
/// course pages while it reads the capture. `value()` waits for it.
final class Background<Value: Sendable>: @unchecked Sendable {
  private let done = DispatchSemaphore(value: 0)
  /// Written once by the worker before it signals `done`; read only after waiting on it.
  private var result: Value?

  init(_ work: @escaping @Sendable () -> Value) {
    Thread.detachNewThread { [self] in
      result = work()
      done.signal()
    }
  }

  /// The value, once the other thread has it.
  func value() -> Value {
    done.wait()
    defer { done.signal() }
    guard let result else { preconditionFailure("background work ended without a value") }
    return result
  }
}
