extension ReportBuilder {
  // MARK: Warnings

  /// Missed starts, one-way flows, damaged packets and unreadable files, in that order of
  /// files first, then packets, then flows.
  static func warnings(
    files: [CaptureFileSummary], flows: AnalysisReport.FlowRows, totals: FlowsReport.Totals,
    lessons: Lessons, capture: String?
  ) -> [AnalysisReport.Warning] {
    var warnings: [AnalysisReport.Warning] = []
    func add(
      _ kind: AnalysisReport.Warning.Kind, _ text: String, count: Int, flows: [Int] = [],
      lessons: [LessonLink] = []
    ) {
      warnings.append(
        AnalysisReport.Warning(
          capture: capture, kind: kind, text: text, count: count, flows: flows, lessons: lessons))
    }
    for file in files {
      if let error = file.error {
        let covered =
          file.packets == 0
          ? "Nothing could be read from it."
          : "The report covers the \(count(file.packets, "packet")) read before the fault."
        add(.unreadableFile, "\(error). \(covered)", count: 1)
      } else if file.packets == 0 {
        add(.noPackets, "\(file.path) holds no packets.", count: 1)
      }
    }
    for (kind, name, meaning) in [
      (
        AnalysisReport.Warning.Kind.truncatedPackets, "truncated",
        "were cut short in the capture (its snap length was smaller than the packet): decoding "
          + "stopped where the bytes ran out"
      ),
      (
        .malformedPackets, "malformed",
        "had header values that cannot be right: decoding stopped at the bad header"
      ),
    ] {
      let layers = totals.decodeProblems[name] ?? [:]
      let total = layers.values.reduce(0, +)
      guard total > 0 else { continue }
      add(
        kind,
        "\(count(total, "packet")) \(meaning) (\(FlowsRenderer.counts(layers))). What came before "
          + "the problem still counts in the flows.", count: total)
    }
    let unsupported = totals.unsupportedLinkTypes.values.reduce(0, +)
    if unsupported > 0 {
      add(
        .unsupportedLinkType,
        "\(count(unsupported, "packet")) use a link type rolecall does not decode "
          + "(\(FlowsRenderer.counts(totals.unsupportedLinkTypes))): they are counted but belong "
          + "to no flow.", count: unsupported)
    }
    var missedStart: [Int] = []
    var unknown: [Int] = []
    var oneWay: [Int] = []
    var unanswered = 0
    // Connections only: ICMP and other control traffic has no opener or answer to speak of.
    // Each flow is glanced at, not made into a row.
    for number in flows.indices {
      let flow = flows.glance(at: number)
      guard flow.isTCP || flow.isUDP else { continue }
      if flow.isTCP && flow.initiatorKnown == .inferred && flow.initiatorRule != .continuation {
        missedStart.append(number)
      }
      if flow.initiatorKnown == .unknown { unknown.append(number) }
      if !flow.twoWay && flow.rule != .multicastOrBroadcast {
        oneWay.append(number)
        if flow.rule == .noAnswer { unanswered += 1 }
      }
    }
    let openerLessons = lessons.passages(for: .unknownInitiator)
    if !missedStart.isEmpty {
      let were = missedStart.count == 1 ? "was" : "were"
      let them = missedStart.count == 1 ? "it" : "them"
      add(
        .startNotSeen,
        "\(count(missedStart.count, "TCP flow")) \(were) seen without the opening SYN (begun "
          + "before the capture, or the SYN was missed): who opened \(them) was inferred from a "
          + "SYN-ACK or the server's port, not seen.", count: missedStart.count,
        flows: missedStart, lessons: openerLessons)
    }
    if !unknown.isEmpty {
      let them = unknown.count == 1 ? "it" : "them"
      add(
        .initiatorUnknown,
        "\(count(unknown.count, "flow")) \(unknown.count == 1 ? "shows" : "show") no sign of who "
          + "opened \(them) (no handshake, no "
          + "request, no well-known port): \(unknown.count == 1 ? "it is" : "they are") listed "
          + "in address order with <->, and a verdict on \(them) rests on ports or host patterns.",
        count: unknown.count, flows: unknown, lessons: openerLessons)
    }
    if !oneWay.isEmpty {
      let carried = "\(count(oneWay.count, "flow")) carried packets in one direction only"
      let attempts = unanswered > 0 ? " (\(unanswered) of them attempts nobody answered)" : ""
      let text =
        unanswered == oneWay.count
        ? "\(carried): attempts nobody answered (or whose answers the capture missed)."
        : "\(carried)\(attempts): either nobody answered, or the capture saw only one side of "
          + "the conversation (a tap or mirror port on one direction)."
      add(.oneDirection, text, count: oneWay.count, flows: oneWay)
    }
    return warnings
  }
}
