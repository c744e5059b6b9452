import Foundation
import Testing

@testable import RoleCall

/// Renderers hand their chunks to a `ByteOutputStream` as bytes, and to any other stream as
/// strings: both get the same text.
@Suite struct ByteOutputTests {
  /// Collects what it is given, counting what came as bytes.
  final class Collector: ByteOutputStream {
    var bytes: [UInt8] = []
    var byteWrites = 0

    func write(_ string: String) { bytes += Array(string.utf8) }

    func write(bytes chunk: UnsafeRawBufferPointer) {
      bytes += chunk
      byteWrites += 1
    }

    var text: String { String(decoding: bytes, as: UTF8.self) }
  }

  /// Every format of `analyze` (with the default lists and with every element) and of `flows`,
  /// on every sample.
  @Test func bytesAndStringsGiveTheSameText() {
    for path in TestPaths.sampleCaptures {
      let report = ReportTests.report(atPath: path)
      for format in AnalysisRenderer.Format.allCases {
        for options in [AnalysisRenderer.Options(), AnalysisRenderer.Options(limit: nil)] {
          var text = ""
          AnalysisRenderer.render(report, as: format, options: options, to: &text)
          var collector = Collector()
          AnalysisRenderer.render(report, as: format, options: options, to: &collector)
          #expect(collector.text == text, "\(format) \(path)")
          #expect(collector.byteWrites > 0, "\(format) \(path)")
        }
      }
      var analysis = FlowAnalysis()
      analysis.read(path: path)
      let flows = FlowsReport(analysis)
      for format in FlowsRenderer.Format.allCases {
        var collector = Collector()
        FlowsRenderer.render(flows, as: format, to: &collector)
        #expect(collector.text == FlowsRenderer.render(flows, as: format), "\(format) \(path)")
        #expect(collector.byteWrites > 0, "\(format) \(path)")
      }
    }
  }
}
