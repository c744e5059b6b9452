extension AnalysisReport.HostRow {
  init(_ host: HostRoles, lessons: ReportBuilder.Lessons, capture: String?) {
    address = host.address.description
    self.capture = capture
    roles = host.roles.names
    services = host.services.map { service in
      AnalysisReport.ServiceRow(
        transport: service.transport.name, port: service.port, name: service.name,
        clients: service.clients.map(\.description), flows: service.flows,
        packetsIn: service.packetsIn, bytesIn: service.bytesIn, packetsOut: service.packetsOut,
        bytesOut: service.bytesOut)
    }
    evidence = AnalysisReport.Evidence(
      clientFlows: host.clientFlows,
      serversContacted: host.contactedServices.map(\.description).sorted(),
      serverFlows: host.services.reduce(0) { $0 + $1.flows }, peerFlowsOpened: host.peerFlowsOpened,
      peerFlowsAccepted: host.peerFlowsAccepted, peerFlowsUndirected: host.peerFlowsUndirected,
      peers: host.peers.map(\.description), peerPortsAccepted: host.peerPorts,
      peerPortsContacted: host.peerPortsContacted)
    findings = AnalysisReport.HostRow.findings(host).map { kind, text in
      AnalysisReport.FindingRow(
        kind: kind, text: text, lessons: lessons.passages(for: kind),
        relatedPage: lessons.relatedPage(for: kind), capture: capture)
    }
  }

  /// "10.0.0.5 is a server: it answered 14 connections from 3 clients on tcp/80", and so on:
  /// one finding per service, then the client, both-roles and peer findings.
  static func findings(_ host: HostRoles) -> [(FindingKind, String)] {
    var found: [(FindingKind, String)] = []
    for service in host.services {
      let name = service.name.map { " (\($0))" } ?? ""
      found.append(
        (
          ServiceFamily(port: service.port, transport: service.transport).serverKind,
          "\(host.address) is a server: it answered \(count(service.flows, "connection")) from "
            + "\(count(service.clients.count, "client")) on \(service.label)\(name)"
        ))
    }
    if host.roles.contains(.client) {
      let families = host.contactedPorts.map { ServiceFamily(port: $0, transport: .tcp) }
      let family =
        [ServiceFamily.web, .mail, .fileSharing, .dns].first { families.contains($0) } ?? .other
      found.append(
        (
          family.clientKind,
          "\(host.address) is a client: it opened \(count(host.clientFlows, "accepted connection")) "
            + "to \(count(host.contactedServices.count, "service"))"
        ))
    }
    if host.roles.isSuperset(of: [.client, .server]) {
      let offered = Set(host.services.map { ServiceFamily(port: $0.port, transport: $0.transport) })
      let used = Set(host.contactedPorts.map { ServiceFamily(port: $0, transport: .tcp) })
      // Mail and DNS servers pass requests on to other servers of their kind (relays,
      // resolvers); a web server that also browses is not a proxy for it.
      let relayed = offered.intersection(used).intersection([.mail, .dns])
      let services = host.services.map(\.label).joined(separator: ", ")
      found.append(
        relayed.isEmpty
          ? (
            .clientAndServer,
            "\(host.address) is both a client and a server: it offers \(services) and also opens "
              + "connections to other servers"
          )
          : (
            .relay,
            "\(host.address) is a server that is also a client of the same kind of service: it "
              + "answers on \(services) and passes requests on to other servers, as a relay or "
              + "resolver does"
          ))
    }
    if host.roles.contains(.peer) {
      var parts: [String] = []
      if host.peerFlowsAccepted > 0 {
        let ports = host.peerPorts.map(String.init).joined(separator: ", ")
        parts.append(
          "accepted \(count(host.peerFlowsAccepted, "peer connection")) on port \(ports)")
      }
      if host.peerFlowsOpened > 0 {
        parts.append(
          "opened \(count(host.peerFlowsOpened, "peer connection")) on "
            + "\(count(host.peerPortsContacted.count, "different port"))")
      }
      if host.peerFlowsUndirected > 0 {
        parts.append(
          "exchanged \(count(host.peerFlowsUndirected, "peer flow")) whose opener is unknown")
      }
      found.append(
        (
          .peer,
          "\(host.address) is a peer: it \(parts.joined(separator: " and ")), with "
            + "\(count(host.peers.count, "other peer"))"
        ))
    }
    return found
  }

  private static func count(_ value: Int, _ noun: String) -> String {
    ReportBuilder.count(value, noun)
  }
}
