/// What `rolecall live` prints while it captures: a line each time a host takes a role or loses
/// one, worded like the report's findings ("10.0.0.1 is now a server: it answered …").
///
/// Each `update(_:)` judges the tracker's flows (the table and the retired ledger) and builds the
/// finding sentences of the hosts whose roles changed only, not a whole report, so a refresh costs
/// the role inference and nothing proportional to the flows on top. The roles last shown are kept
/// for the hosts the tracker still knows, so this memory is bounded with the flow table's.
public struct LiveRoleChanges: Sendable {
  private var shown: [IPAddress: Role] = [:]

  /// Starts with nothing shown.
  public init() {}

  /// The lines for the roles gained and lost since the last call, and how many hosts hold each
  /// role now (`client`, `server`, `peer`).
  public mutating func update(_ tracker: FlowTracker) -> (lines: [String], counts: [String: Int]) {
    let roles = RoleInference.analyze(tracker.flows, retired: tracker.retired)
    var lines: [String] = []
    var counts: [String: Int] = [:]
    var now: [IPAddress: Role] = [:]
    now.reserveCapacity(roles.hosts.count)
    for host in roles.hosts {
      for name in host.roles.names { counts[name, default: 0] += 1 }
      let before = shown[host.address] ?? []
      if !host.roles.isEmpty { now[host.address] = host.roles }
      guard host.roles != before else { continue }
      let gained = host.roles.subtracting(before)
      let address = host.address.description
      if !gained.isEmpty {
        let findings = AnalysisReport.HostRow.findings(host)
        for role in gained.names {
          let opening = "\(address) is a \(role)"
          if let finding = findings.first(where: { $0.1.hasPrefix(opening) }) {
            lines.append("\(address) is now a \(role)\(finding.1.dropFirst(opening.count))")
          } else {
            lines.append("\(address) is now a \(role)")
          }
        }
      }
      for role in before.subtracting(host.roles).names {
        lines.append("\(address) is no longer a \(role)")
      }
    }
    shown = now
    return (lines, counts)
  }
}
