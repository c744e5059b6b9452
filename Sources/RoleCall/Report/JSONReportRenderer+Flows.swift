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
      flows.read(
        number, record: { source, offset in write(source, offset, &json) },
        row: { write($0, &json) })
    }
  }

  /// Writes flow `number` of `source` exactly as `write(source.row(number), &json)` does (the
  /// tests compare them), without making the row: a row's strings, its array of rules and its
  /// copies were a third of the time spent writing flows. Its texts are names from fixed lists,
  /// addresses and a TCP history, none of which needs escaping.
  static func write(
    _ source: AnalysisReport.FlowRows.Source, _ number: Int, _ json: inout JSONWriter
  ) {
    let flow = source.flows[number]
    let judgement = source.judgements[number]
    let names = source.hostNames(number)
    let shown = flow.initiator ?? .a
    let first = flow.firstSeen
    json.beginObject()
    if let capture = source.capture { json.field("capture", capture) }
    json.plainField("confidence", judgement.confidence.rawValue)
    json.field("duration", Double(flow.lastSeen - first) / 1e9)
    json.key("fromInitiator")
    write(FlowsReport.DirectionRow(flow.counters(from: shown)), &json)
    json.key("fromResponder")
    write(FlowsReport.DirectionRow(flow.counters(from: shown.opposite)), &json)
    json.plainField("history", flow.history)
    json.key("initiator")
    writePlain(FlowsReport.EndpointRow(flow, shown, names: names), &json)
    json.plainField("initiatorKnown", flow.initiatorBasis.rawValue)
    json.plainField("initiatorRule", flow.initiatorRule.rawValue)
    json.key("responder")
    writePlain(FlowsReport.EndpointRow(flow, shown.opposite, names: names), &json)
    json.plainField("rule", judgement.rule.rawValue)
    json.key("rules")
    json.beginArray()
    for rule in judgement.ruleSequence {
      json.element()
      json.plainString(rule.rawValue)
    }
    json.endArray()
    json.field("start", Double(first) / 1e9)
    json.plainField("state", flow.state.rawValue)
    json.plainField("transport", flow.key.ipProtocol.name)
    json.plainField("verdict", judgement.verdict.rawValue)
    json.endObject()
  }

  /// `write(_: EndpointRow, _:)` for an endpoint made from a flow record, whose address text
  /// needs no escaping.
  private static func writePlain(_ endpoint: FlowsReport.EndpointRow, _ json: inout JSONWriter) {
    json.beginObject()
    json.plainField("address", endpoint.address)
    if let port = endpoint.port { json.field("port", Int(port)) }
    json.endObject()
  }

  /// Writes the elements of the `hosts` array as `writeFlows` writes the flows (hosts with
  /// their findings and lessons are the next largest part).
  static func writeHosts(
    _ hosts: AnalysisReport.HostRows, _ json: inout JSONWriter,
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
