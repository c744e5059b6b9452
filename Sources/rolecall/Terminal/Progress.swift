import Foundation
import Synchronization

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A progress line on standard error while captures are read: the stage, the file, the share
/// of the bytes done (within a file too) and the time so far. Only on a terminal, never with
/// `--quiet`, and only once a run has taken half a second, so short runs print nothing.
final class Progress: Sendable {
  private struct State {
    var label = ""
    /// Bytes of the files finished, and of all files.
    var done: Int64 = 0
    var total: Int64 = 0
    var running = true
    var drawn = false
    var tick = 0
  }

  private let state = Mutex(State())
  private let enabled: Bool
  private let started = ContinuousClock.now

  /// Starts drawing on standard error if `enabled`.
  init(enabled: Bool) {
    self.enabled = enabled
    guard enabled else { return }
    let thread = Thread { [self] in
      while draw() { Thread.sleep(forTimeInterval: 0.1) }
    }
    thread.start()
  }

  /// Names the stage now running; `done` and `total` are bytes of whole files.
  func update(_ label: String, done: Int64? = nil, total: Int64? = nil) {
    guard enabled else { return }
    state.withLock { state in
      state.label = label
      if let done { state.done = done }
      if let total { state.total = total }
    }
  }

  /// Moves the share of bytes done within the current stage.
  func update(done: Int64, total: Int64) {
    guard enabled else { return }
    state.withLock { state in
      state.done = done
      state.total = total
    }
  }

  /// Stops drawing and clears the line (once; later calls do nothing).
  func finish() {
    guard enabled else { return }
    state.withLock { state in
      guard state.running else { return }
      state.running = false
      if state.drawn { Progress.write("\r\u{1B}[K") }
    }
  }

  /// Draws one frame; false once finished.
  private func draw() -> Bool {
    let elapsed = ContinuousClock.now - started
    return state.withLock { state in
      guard state.running else { return false }
      guard elapsed >= .milliseconds(500) else { return true }
      let width = min(30, max(10, (Terminal.columns(2) ?? 80) - 60))
      var bar: String
      var share = ""
      if state.total > 0 {
        let fraction = min(1, Double(state.done) / Double(state.total))
        let filled = Int(fraction * Double(width))
        bar = String(repeating: "=", count: filled) + String(repeating: " ", count: width - filled)
        share = " \(Int(fraction * 100))%"
      } else {
        bar = String(repeating: " ", count: width)
      }
      // A moving mark: the current file is being read.
      state.tick += 1
      let position = state.tick % (2 * width - 2)
      let mark = position < width ? position : 2 * width - 2 - position
      var characters = Array(bar)
      if characters[mark] == " " { characters[mark] = "-" }
      bar = String(characters)
      let seconds =
        Double(elapsed.components.seconds)
        + Double(elapsed.components.attoseconds) / 1e18
      let label = state.label.count > 40 ? "…" + state.label.suffix(39) : state.label
      Progress.write(
        "\r\u{1B}[K[\(bar)]\(share) \(label) \(String(format: "%.1f", seconds)) s")
      state.drawn = true
      return true
    }
  }

  private static func write(_ text: String) {
    var text = text
    text.withUTF8 { bytes in _ = Glibc.write(2, bytes.baseAddress, bytes.count) }
  }
}
