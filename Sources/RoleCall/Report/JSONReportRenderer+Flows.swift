import Foundation

extension JSONReportRenderer {
  /// Flows per chunk when the flows are written on two threads: about 70 KB of JSON, the size of
  /// the pieces the writer hands to its output anyway.
  static let flowChunk = 64
  /// Reports with fewer flows are written on one thread.
  static let parallelFlows = 4096

  /// Writes the elements of the `flows` array: one after another for a small report; for a large
  /// one (`parallelFlows` or more), in chunks of `flowChunk` flows, the odd chunks made on a
  /// second thread while this one makes the even ones, and all written in order. Making a flow's
  /// row and its JSON is the largest cost of `--format json` after the flow table; the bytes are
  /// the same either way.
  static func writeFlows(
    _ flows: AnalysisReport.FlowRows, _ json: inout JSONWriter,
    to output: inout some TextOutputStream
  ) {
    writeElements(count: flows.count, json: &json, to: &output) { number, json in
      write(flows[number], &json)
    }
  }

  /// Writes the elements of the `hosts` array as `writeFlows` writes the flows (hosts with
  /// their findings and lessons are the next largest part).
  static func writeHosts(
    _ hosts: [AnalysisReport.HostRow], _ json: inout JSONWriter,
    to output: inout some TextOutputStream
  ) {
    writeElements(count: hosts.count, json: &json, to: &output) { number, json in
      write(hosts[number], &json)
    }
  }

  /// Writes `count` elements of the open array, element `number` by `writeElement`, on two
  /// threads when there are `parallelFlows` or more.
  private static func writeElements(
    count: Int, json: inout JSONWriter, to output: inout some TextOutputStream,
    _ writeElement: @escaping @Sendable (Int, inout JSONWriter) -> Void
  ) {
    let chunks = (count + flowChunk - 1) / flowChunk
    guard count >= parallelFlows else {
      for number in 0..<count {
        json.element()
        writeElement(number, &json)
        json.drain(into: &output)
      }
      return
    }
    let relay = ChunkRelay()
    let depth = json.openLevels
    Thread.detachNewThread {
      for chunk in stride(from: 1, to: chunks, by: 2) {
        let slot = relay.slots[chunk / 2 % 2]
        slot.free.wait()
        var part = JSONWriter(continuingAt: depth, after: chunk * flowChunk)
        for number in chunkRange(chunk, of: count) {
          part.element()
          writeElement(number, &part)
        }
        slot.text = part.takeText()
        slot.ready.signal()
      }
    }
    for chunk in 0..<chunks {
      let range = chunkRange(chunk, of: count)
      if chunk % 2 == 0 {
        for number in range {
          json.element()
          writeElement(number, &json)
          json.drain(into: &output)
        }
      } else {
        let slot = relay.slots[chunk / 2 % 2]
        slot.ready.wait()
        json.drain(into: &output, everything: true)
        output.write(slot.text)
        slot.text = ""
        slot.free.signal()
        json.skip(range.count)
      }
    }
  }

  private static func chunkRange(_ chunk: Int, of count: Int) -> Range<Int> {
    chunk * flowChunk..<min((chunk + 1) * flowChunk, count)
  }
}

/// Two slots of text passed from the second thread to the writing one. A slot's text is written
/// by the second thread between `free.wait()` and `ready.signal()`, and read and emptied by the
/// writing thread between `ready.wait()` and `free.signal()`: one owner at a time.
private final class ChunkRelay: Sendable {
  final class Slot: @unchecked Sendable {
    var text = ""
    let free = DispatchSemaphore(value: 1)
    let ready = DispatchSemaphore(value: 0)
  }

  let slots = [Slot(), Slot()]
}
