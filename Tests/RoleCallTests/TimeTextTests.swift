import Foundation
import Testing

@testable import RoleCall

/// The reports write times and seconds themselves; the text must be what Foundation's
/// formatters wrote before, character for character.
@Suite struct TimeTextTests {
  static func foundationUTC(_ nanoseconds: Int64) -> String {
    let formatter = ISO8601DateFormatter()
    formatter.timeZone = TimeZone(identifier: "UTC")
    formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
    return formatter.string(from: Date(timeIntervalSince1970: Double(nanoseconds) / 1e9))
  }

  @Test func utcIsWhatISO8601DateFormatterWrites() {
    #expect(FlowsRenderer.utc(0) == "1970-01-01T00:00:00.000Z")
    #expect(FlowsRenderer.utc(951_782_400_000_000_000) == "2000-02-29T00:00:00.000Z")
    #expect(FlowsRenderer.utc(1_709_294_400_000_000_000) == "2024-03-01T12:00:00.000Z")
    #expect(FlowsRenderer.utc(1_709_296_343_040_000_000) == "2024-03-01T12:32:23.040Z")
    // Rounded to the nearest millisecond, as Foundation does, not cut.
    #expect(FlowsRenderer.utc(1_709_294_400_999_500_000) == "2024-03-01T12:00:01.000Z")
    #expect(FlowsRenderer.utc(1_709_294_400_123_499_000) == "2024-03-01T12:00:00.123Z")
    // A fixed pseudo-random sweep up to 2100, every other time within a microsecond of a
    // half millisecond, where the rounding of the trip through `Date` decides.
    var state: UInt64 = 0x9E37_79B9_7F4A_7C15
    func next(_ bound: UInt64) -> Int64 {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return Int64((state >> 11) % bound)
    }
    var differ = 0
    for round in 0..<2000 {
      let nanoseconds =
        round.isMultiple(of: 2)
        ? next(4_102_444_800_000_000_000)
        : next(4_102_444_800_000) * 1_000_000 + 499_000 + next(2001)
      if FlowsRenderer.utc(nanoseconds) != Self.foundationUTC(nanoseconds) { differ += 1 }
    }
    #expect(differ == 0)
  }

  @Test func fixedIsWhatStringFormatWrites() {
    #expect(FlowsRenderer.seconds(1943.04) == "1943.040")
    #expect(FlowsRenderer.seconds(0.0005) == "0.001")
    #expect(FlowsRenderer.seconds(-0.0) == "-0.000")
    #expect(FlowsRenderer.fixed(1_795_574_805.1948109, digits: 6) == "1795574805.194811")
    let values: [Double] = [
      0, 1e-7, 0.0015, 0.0025, 2.5e-4, 123_456.7895, -2.5, 1e21, 1e300,
      .greatestFiniteMagnitude, .leastNonzeroMagnitude, .infinity, -.infinity, .nan,
    ]
    for value in values {
      #expect(FlowsRenderer.seconds(value) == String(format: "%.3f", value))
      #expect(FlowsRenderer.fixed(value, digits: 6) == String(format: "%.6f", value))
    }
    #expect(FlowsRenderer.seconds(.greatestFiniteMagnitude).utf8.count == 313)
  }

  /// `FixedDecimal` (no `printf`) against glibc's `vsnprintf` for every number of decimals it
  /// takes: times as the reports make them, values across the range, exact ties (which round
  /// half to even), negatives and subnormals; and the values it leaves to `printf`.
  @Test func fixedDecimalIsWhatPrintfWrites() {
    var state: UInt64 = 0x2545_F491_4F6C_DD1D
    func next() -> UInt64 {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return state
    }
    var values: [Double] = [
      0, -0.0, 0.5, 1.5, 2.5, 0.0078125, 0.0000005, 0.00000025, 0x1p-20, 3 * 0x1p-21,
      0x1p53 - 1, -(0x1p53 - 1), 0x1p52 + 0.5, 1e-300, .leastNonzeroMagnitude,
      .leastNormalMagnitude, 1_795_574_805.1948109, 999_999.9999995, 9.9999995,
    ]
    for _ in 0..<4000 {
      values.append(Double(Int64(bitPattern: next()) % 4_102_444_800_000_000_000) / 1e9)
      values.append(Double(next() % 86_400_000_000_000) / 1e9)
      // Odd multiples of 2^-k: many are exact ties at some number of decimals.
      values.append(Double(next() % 100_000 | 1) * .ulpOfOne * Double(1 << (next() % 30)))
      let bits = next() & ~(0x7FF << 52) | ((next() % 1080) << 52)
      values.append(Double(bitPattern: bits))
    }
    var differ: [String] = []
    for value in values {
      for digits in 0...FixedDecimal.maximumDigits {
        let ours = FixedDecimal.withText(value, digits: digits) { bytes in
          bytes.map { String(decoding: $0, as: UTF8.self) }
        }
        let expected = FlowsRenderer.printed(value, digits: Int32(digits))
        if abs(value) < 0x1p53 {
          if ours != expected {
            differ.append("\(value) %.\(digits)f: \(ours ?? "nil") \(expected)")
          }
        } else if ours != nil {
          differ.append("\(value) should be left to printf")
        }
      }
    }
    #expect(differ.isEmpty, "\(differ.prefix(10))")
    #expect(values.count > 16_000)
    #expect(FixedDecimal.withText(.nan, digits: 3) { $0 == nil })
    #expect(FixedDecimal.withText(1, digits: 10) { $0 == nil })
  }
}
