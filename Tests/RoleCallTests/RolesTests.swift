import Foundation
import Testing
import Yams

@testable import RoleCall

/// Roles and verdicts on the Samples, whose truth is known by construction, and on the corpus,
/// scored against its ground truth.
@Suite struct RolesTests {
  struct Truth: Decodable {
    struct Host: Decodable {
      var address: String
      var roles: [String]
      var services: [String]?
    }
    struct FlowClass: Decodable {
      var transport: String
      var initiator: String
      var responder: String
      var verdict: String
    }
    var capture: String
    var hosts: [Host]
    var flows: [FlowClass]?
  }

  static let truthFiles = SampleTruthTests.truthFiles

  func analyze(_ truth: Truth) -> AnalysisReport {
    var analysis = FlowAnalysis()
    analysis.read(path: TestPaths.samples.appendingPathComponent(truth.capture).path)
    return AnalysisReport(analysis, roles: RoleInference.analyze(analysis.tracker.flows))
  }

  @Test(arguments: truthFiles)
  func hostRolesAndVerdictsAreExactlyRight(name: String) throws {
    let text = try String(
      contentsOf: TestPaths.samples.appendingPathComponent(name), encoding: .utf8)
    let truth = try YAMLDecoder().decode(Truth.self, from: text)
    let report = analyze(truth)
    let hosts = Dictionary(uniqueKeysWithValues: report.hosts.map { ($0.address, $0) })
    for expected in truth.hosts {
      let host = try #require(hosts[expected.address], "\(expected.address) missing")
      #expect(host.roles == expected.roles.sorted(), "\(expected.address)")
      let offered = Set(host.services.map { "\($0.transport)/\($0.port)" })
      let peerPorts = Set(host.evidence.peerPortsAccepted.map { "/\($0)" })
      for service in expected.services ?? [] {
        let isPeerPort = peerPorts.contains { service.hasSuffix($0) } || host.roles.contains("peer")
        #expect(
          offered.contains(service) || isPeerPort, "\(expected.address) should offer \(service)")
      }
      #expect(
        offered.isSubset(of: Set(expected.services ?? [])), "\(expected.address) offers \(offered)")
    }
    // No host outside the truth gets a role (ARP and neighbour discovery give none).
    let known = Set(truth.hosts.map(\.address))
    #expect(
      report.hosts.filter { !$0.roles.isEmpty && !known.contains($0.address) }.map(\.address) == [])
    for expected in truth.flows ?? [] {
      let matching = report.flows.filter {
        $0.transport == expected.transport
          && Set([$0.initiator.address, $0.responder.address])
            == Set([expected.initiator, expected.responder])
      }
      #expect(!matching.isEmpty)
      #expect(
        matching.allSatisfy { $0.verdict.rawValue == expected.verdict },
        "\(expected.initiator) -> \(expected.responder)")
    }
  }

  @Test func swarmFindingsCarryTheirEvidence() throws {
    var analysis = FlowAnalysis()
    analysis.read(path: TestPaths.samples.appendingPathComponent("swarm.pcap").path)
    let report = AnalysisReport(analysis, roles: RoleInference.analyze(analysis.tracker.flows))
    let tracker = try #require(report.hosts.first { $0.address == "10.99.4.2" })
    #expect(
      tracker.findings.map(\.text) == [
        "10.99.4.2 is a server: it answered 44 connections from 4 clients on tcp/6969"
      ])
    #expect(tracker.findings.map(\.kind) == [.fileServer])
    let peer = try #require(report.hosts.first { $0.address == "10.99.4.21" })
    #expect(
      peer.findings.last?.text
        == "10.99.4.21 is a peer: it accepted 3 peer connections on port 6881 and opened 3 peer "
        + "connections on 1 different port, with 3 other peers")
    #expect(peer.findings.map(\.kind) == [.client, .peer])
    #expect(report.totals.flowsByVerdict == ["client-server": 44, "peer-to-peer": 12])
  }

  @Test func resolverIsClientAndServerNotPeer() throws {
    var analysis = FlowAnalysis()
    analysis.read(path: TestPaths.samples.appendingPathComponent("dns.pcap").path)
    let report = AnalysisReport(analysis, roles: RoleInference.analyze(analysis.tracker.flows))
    let resolver = try #require(report.hosts.first { $0.address == "10.99.3.53" })
    #expect(resolver.roles == ["client", "server"])
    #expect(
      resolver.services.map { "\($0.transport)/\($0.port) \($0.name ?? "-")" } == [
        "tcp/53 domain", "udp/53 domain",
      ])
  }

  /// The scorer's totals on the corpus: the floor of the roles issue for peer-to-peer flows, and
  /// the host-role agreement, as hosts.tsv gives it and with DHCP rows read from their ports.
  @Test(.enabled(if: TestPaths.corpusPresent)) func corpusScoresMeetTheFloor() throws {
    let result = try ProcessResult.run(TestPaths.product("rolecall-score"), [TestPaths.corpus.path])
    #expect(result.status == 0)
    let totals = result.standardOutput.split(separator: "\n").filter { $0.hasPrefix("TOTAL") }
    func value(_ line: Substring?, _ key: String) -> Double? {
      guard let line else { return nil }
      for field in line.split(separator: " ") where field.hasPrefix(key + "=") {
        return Double(field.dropFirst(key.count + 1))
      }
      return nil
    }
    let conservative = totals.first { $0.hasPrefix("TOTAL conservative") }
    #expect(value(conservative, "rows") == 898)
    #expect(try #require(value(conservative, "precision")) >= 0.95)
    #expect(try #require(value(conservative, "recall")) >= 0.90)
    #expect(value(conservative, "precision") == 0.963)
    #expect(value(conservative, "recall") == 0.979)
    let hosts = totals.first { $0.hasPrefix("TOTAL hosts agree") }
    #expect(value(hosts, "compared") == 130)
    #expect(value(hosts, "agree") == 115)
    // With the corpus's DHCP rows read as RFC 2131 defines them (server on 67): the floor.
    let byPort = totals.first { $0.hasPrefix("TOTAL hosts-dhcp-by-port") }
    #expect(value(byPort, "compared") == 130)
    #expect(value(byPort, "agree") == 120)
    #expect(try #require(value(byPort, "agreement")) >= 0.90)
  }
}

/// The JSON contract of `rolecall analyze` (docs/analyze-json.md): every documented key is there
/// with its type, on a real sample, through the built binary.
@Suite struct AnalyzeJSONTests {
  @Test func documentedKeysAndTypes() throws {
    let path = TestPaths.samples.appendingPathComponent("mixed.pcap").path
    let result = try ProcessResult.run(TestPaths.binary, ["analyze", "--format", "json", path])
    #expect(result.status == 0)
    let object = try #require(
      try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
    #expect(
      Set(object.keys) == [
        "files", "summary", "hosts", "swarms", "connections", "flows", "flowLessons", "warnings",
        "totals",
      ])
    // Every top-level key is documented.
    let documentation = try String(
      contentsOf: TestPaths.repository.appendingPathComponent("docs/analyze-json.md"),
      encoding: .utf8)
    for key in object.keys {
      #expect(documentation.contains("`\(key)`"), "\(key) is not documented")
    }
    let flows = try #require(object["flows"] as? [[String: Any]])
    #expect(flows.count == 38)
    for flow in flows {
      #expect(
        Set(flow.keys) == [
          "transport", "initiator", "responder", "initiatorKnown", "initiatorRule", "verdict",
          "confidence",
          "rule", "rules", "state", "history", "start", "duration", "fromInitiator",
          "fromResponder",
        ])
      #expect(
        ["client-server", "peer-to-peer", "other", "unknown"].contains(
          flow["verdict"] as? String ?? ""))
      let initiator = try #require(flow["initiator"] as? [String: Any])
      #expect(initiator["address"] is String)
      let direction = try #require(flow["fromInitiator"] as? [String: Any])
      #expect(Set(direction.keys) == ["packets", "bytes", "ipBytes", "payloadBytes"])
    }
    let hosts = try #require(object["hosts"] as? [[String: Any]])
    let hub = try #require(hosts.first { $0["address"] as? String == "10.99.5.10" })
    #expect(hub["roles"] as? [String] == ["client", "peer", "server"])
    #expect(Set(hub.keys) == ["address", "roles", "services", "evidence", "findings"])
    let services = try #require(hub["services"] as? [[String: Any]])
    #expect(services.map { "\($0["transport"] ?? "")/\($0["port"] ?? "")" } == ["tcp/80"])
    let evidence = try #require(hub["evidence"] as? [String: Any])
    #expect(
      Set(evidence.keys) == [
        "clientFlows", "serversContacted", "serverFlows", "peerFlowsOpened", "peerFlowsAccepted",
        "peerFlowsUndirected", "peers", "peerPortsAccepted", "peerPortsContacted",
      ])
    let totals = try #require(object["totals"] as? [String: Any])
    #expect(Set(totals.keys) == ["flowsByVerdict", "hostsByRole", "capture"])
    // Stable output: a second run is byte for byte the same.
    let again = try ProcessResult.run(TestPaths.binary, ["analyze", "--format", "json", path])
    #expect(again.standardOutput == result.standardOutput)
  }
}

/// Host roles built on two (or three) threads, each filling the hosts of its share of host
/// numbers, equal those built on one: every sample and corpus capture, and a bounded table's
/// retired flows with their weights. Each host's lists hold every element once, in order.
@Suite struct HostRolesPartsTests {
  @Test func hostsBuiltInPartsEqualHostsBuiltOnOneThread() throws {
    let captures = TestPaths.allCaptures
    var hostsCompared = 0
    for path in captures {
      for maxFlows in [nil, 8] as [Int?] {
        var analysis = maxFlows.map { FlowAnalysis(maxFlows: $0) } ?? FlowAnalysis()
        analysis.read(path: path)
        let all = analysis.tracker.flows + analysis.tracker.retired.flows
        let weights =
          Array(repeating: 1, count: analysis.tracker.flows.count)
          + analysis.tracker.retired.weights
        let (facts, addresses) = RoleInference.facts(all)
        let judgements = RoleInference.judgements(facts, hostCount: addresses.count)
        let one = RoleInference.hostRoles(
          all, facts, judgements, addresses: addresses, weights: weights, parts: 1)
        for parts in [2, 3] {
          let split = RoleInference.hostRoles(
            all, facts, judgements, addresses: addresses, weights: weights, parts: parts)
          #expect(split.hosts == one.hosts, "\(path) in \(parts) parts")
          #expect(split.positions == one.positions, "\(path) in \(parts) parts")
        }
        hostsCompared += one.hosts.count
        for host in one.hosts {
          let lists = [
            ascending(host.contactedServices), ascending(host.contactedPorts),
            ascending(host.peers), ascending(host.peerPorts), ascending(host.peerPortsContacted),
          ]
          #expect(
            !lists.contains(false) && host.services.allSatisfy { ascending($0.clients) },
            "\(path): \(host.address)'s lists are not in order, each element once")
        }
      }
    }
    // The samples alone give 80 hosts, over both table sizes.
    #expect(hostsCompared > (TestPaths.corpusPresent ? 1000 : 79))
  }

  /// Whether every element of `list` is less than the next (sorted, none twice).
  private func ascending<T: Comparable>(_ list: [T]) -> Bool {
    zip(list, list.dropFirst()).allSatisfy { $0 < $1 }
  }

  /// The host patterns filled on two threads (accepted connections on one, the rest on the
  /// other) judge every flow as the patterns filled on one thread do.
  @Test func patternsBuiltOnTwoThreadsJudgeAsOnOne() throws {
    let captures = TestPaths.allCaptures
    var judged = 0
    var peerToPeer = 0
    for path in captures {
      for maxFlows in [nil, 8] as [Int?] {
        var analysis = maxFlows.map { FlowAnalysis(maxFlows: $0) } ?? FlowAnalysis()
        analysis.read(path: path)
        let (facts, addresses) = RoleInference.facts(
          analysis.tracker.flows + analysis.tracker.retired.flows)
        let one = RoleInference.judgements(
          facts, hostCount: addresses.count, parallelPatterns: false)
        let two = RoleInference.judgements(
          facts, hostCount: addresses.count, parallelPatterns: true)
        #expect(two == one, "\(path), max flows \(String(describing: maxFlows))")
        judged += one.count
        peerToPeer += one.filter { $0.verdict == .peerToPeer }.count
      }
    }
    // The samples alone give 259 judgements, 38 of them peer-to-peer.
    #expect(judged > (TestPaths.corpusPresent ? 3000 : 258))
    #expect(peerToPeer > (TestPaths.corpusPresent ? 100 : 37))
  }
}
