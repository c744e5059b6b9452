import Foundation
import RoleCall

// rolecall-score: compares rolecall's flow verdicts and host roles with the corpus ground truth
// (../shared/corpus/truth/*.flows.tsv and *.hosts.tsv; see the corpus README).
//
//   rolecall-score [--misses] [CORPUS_DIR]     (default ../shared/corpus)
//
// Flows are matched by transport and unordered endpoint pair. P2P precision, recall and F1 are
// printed per file and in total, on the conservative truth (basis `protocol`, labels p2p/cs)
// and on every p2p/cs row; host roles are compared on hosts with at least 3 labelled flows, as
// hosts.tsv gives them and as recomputed from flows.tsv with DHCP read from its ports.

struct Tally {
  var truePositives = 0
  var falsePositives = 0
  var falseNegatives = 0
  var rows = 0

  mutating func add(truthIsPeer: Bool, saidPeer: Bool) {
    rows += 1
    switch (truthIsPeer, saidPeer) {
    case (true, true): truePositives += 1
    case (false, true): falsePositives += 1
    case (true, false): falseNegatives += 1
    case (false, false): break
    }
  }

  mutating func add(_ other: Tally) {
    truePositives += other.truePositives
    falsePositives += other.falsePositives
    falseNegatives += other.falseNegatives
    rows += other.rows
  }

  var precision: Double {
    truePositives + falsePositives == 0
      ? 1 : Double(truePositives) / Double(truePositives + falsePositives)
  }
  var recall: Double {
    truePositives + falseNegatives == 0
      ? 1 : Double(truePositives) / Double(truePositives + falseNegatives)
  }
  var f1: Double { precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall) }
  var errors: Int { falsePositives + falseNegatives }

  var summary: String {
    String(
      format: "rows=%d tp=%d fp=%d fn=%d precision=%.3f recall=%.3f f1=%.3f", rows, truePositives,
      falsePositives, falseNegatives, precision, recall, f1)
  }
}

/// `1.2.3.4:80` or `[::1]:443` to an address and port.
func parseEndpoint(_ text: Substring) -> (String, UInt16)? {
  guard let colon = text.lastIndex(of: ":"), let port = UInt16(text[text.index(after: colon)...])
  else { return nil }
  var host = text[..<colon]
  if host.hasPrefix("[") && host.hasSuffix("]") { host = host.dropFirst().dropLast() }
  guard let address = IPAddress(host) else { return nil }
  return (address.description, port)
}

/// Host roles recomputed from a capture's flows.tsv the way the corpus derives its hosts.tsv
/// (a `cs` row's src is the client, its dst the server, except on rows marked
/// `src-may-be-server`, which are read the other way), with one more row read the other way:
/// DHCP from port 67 to port 68, whose src is the server (RFC 2131: servers listen on 67, clients
/// on 68), where the first packet seen is the server's. The corpus marks no such row, so its
/// hosts.tsv calls a DHCP client a server and the DHCP server a client.
func hostTruth(_ flowsText: String, readingDHCPFromItsPorts: Bool) -> [String: (Int, [String])] {
  var counts: [String: (p2p: Int, client: Int, server: Int)] = [:]
  let lines = flowsText.split(separator: "\n").map {
    $0.split(separator: "\t", omittingEmptySubsequences: false)
  }
  guard let header = lines.first, let hint = header.firstIndex(of: "direction_hint") else {
    return [:]
  }
  for fields in lines.dropFirst() where fields.count > 6 {
    guard let source = parseEndpoint(fields[1]), let destination = parseEndpoint(fields[3])
    else { continue }
    var (client, server) = (source.0, destination.0)
    var swapped = fields.count > hint && fields[hint].contains("src-may-be-server")
    if readingDHCPFromItsPorts && fields[0] == "UDP" && source.1 == 67 && destination.1 == 68 {
      swapped = true
    }
    if swapped { (client, server) = (server, client) }
    switch fields[6] {
    case "p2p":
      counts[client, default: (0, 0, 0)].p2p += 1
      counts[server, default: (0, 0, 0)].p2p += 1
    case "cs":
      counts[client, default: (0, 0, 0)].client += 1
      counts[server, default: (0, 0, 0)].server += 1
    default: continue
    }
  }
  return counts.mapValues { count in
    var roles: [String] = []
    if count.client > 0 { roles.append("client") }
    if count.p2p > 0 { roles.append("peer") }
    if count.server > 0 { roles.append("server") }
    return (count.p2p + count.client + count.server, roles)
  }
}

struct PairKey: Hashable {
  var transport: String
  var ends: Set<String>
}

let arguments = CommandLine.arguments.dropFirst()
let showMisses = arguments.contains("--misses")
let corpus = URL(
  fileURLWithPath: arguments.first { !$0.hasPrefix("--") }
    ?? FileManager.default.currentDirectoryPath + "/../shared/corpus")
let truthRoot = corpus.appendingPathComponent("truth")
guard let enumerator = FileManager.default.enumerator(atPath: truthRoot.path) else {
  FileHandle.standardError.write(
    Data("rolecall-score: no truth folder at \(truthRoot.path)\n".utf8))
  exit(2)
}
let truthFiles = enumerator.compactMap { $0 as? String }.filter { $0.hasSuffix(".flows.tsv") }
  .sorted()
var conservative = Tally()
var labelled = Tally()
var hostsAgreeing = 0
var hostsCompared = 0
var recomputedAgreeing = 0
var recomputedCompared = 0
var perFile: [(String, Tally, Tally, Int, Int)] = []

for truthFile in truthFiles {
  let capture = String(truthFile.dropLast(".flows.tsv".count))
  var analysis = FlowAnalysis()
  analysis.read(path: corpus.appendingPathComponent(capture).path)
  let flows = analysis.tracker.flows
  let roles = RoleInference.analyze(flows)
  var verdicts: [PairKey: FlowVerdict] = [:]
  var rules: [PairKey: String] = [:]
  for (flow, judgement) in zip(flows, roles.judgements) {
    let a = flow.key.endpoint(.a)
    let b = flow.key.endpoint(.b)
    let key = PairKey(
      transport: flow.key.ipProtocol.name,
      ends: ["\(a.address) \(a.port ?? 0)", "\(b.address) \(b.port ?? 0)"])
    let previous = verdicts[key]
    if previous != .peerToPeer
      && (previous == nil || judgement.verdict == .peerToPeer || previous != .clientServer)
    {
      verdicts[key] = judgement.verdict
      rules[key] = judgement.rules.map(\.rawValue).joined(separator: ",")
    }
  }
  var fileConservative = Tally()
  var fileLabelled = Tally()
  let text =
    (try? String(contentsOf: truthRoot.appendingPathComponent(truthFile), encoding: .utf8)) ?? ""
  for line in text.split(separator: "\n").dropFirst() {
    let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
    guard fields.count > 7, ["TCP", "UDP"].contains(fields[0]), ["p2p", "cs"].contains(fields[6]),
      let source = parseEndpoint(fields[1]), let destination = parseEndpoint(fields[3])
    else { continue }
    let key = PairKey(
      transport: fields[0].lowercased(),
      ends: ["\(source.0) \(source.1)", "\(destination.0) \(destination.1)"])
    let said = verdicts[key]
    let truthIsPeer = fields[6] == "p2p"
    let saidPeer = said == .peerToPeer
    fileLabelled.add(truthIsPeer: truthIsPeer, saidPeer: saidPeer)
    if fields[7] == "protocol" {
      fileConservative.add(truthIsPeer: truthIsPeer, saidPeer: saidPeer)
      if showMisses && truthIsPeer != saidPeer {
        print(
          "  miss \(capture): \(fields[0]) \(fields[1]) \(fields[2]) \(fields[3]) truth=\(fields[6]) said=\(said?.rawValue ?? "no-flow") [\(rules[key] ?? "")] (\(fields[4]))"
        )
      }
    }
  }
  // Host roles on hosts with at least 3 labelled flows.
  var agree = 0
  var compared = 0
  let hostsText =
    (try? String(
      contentsOf: truthRoot.appendingPathComponent(capture + ".hosts.tsv"), encoding: .utf8)) ?? ""
  let ours = Dictionary(
    roles.hosts.map { ($0.address.description, $0.roles.names) }, uniquingKeysWith: { a, _ in a })
  for line in hostsText.split(separator: "\n").dropFirst() {
    let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
    guard fields.count >= 7, let address = IPAddress(fields[0]),
      let p2p = Int(fields[1]), let asClient = Int(fields[2]), let asServer = Int(fields[3]),
      p2p + asClient + asServer >= 3
    else { continue }
    let expected =
      fields[6] == "none"
      ? [] : fields[6].split(separator: "+").map { $0 == "p2p" ? "peer" : String($0) }.sorted()
    let said = ours[address.description] ?? []
    compared += 1
    if said == expected {
      agree += 1
    } else if showMisses {
      print("  host \(capture): \(address) truth=\(expected) said=\(said)")
    }
  }
  hostsAgreeing += agree
  hostsCompared += compared
  // The same comparison on host roles recomputed with DHCP read from its ports.
  for (address, (flows, expected)) in hostTruth(text, readingDHCPFromItsPorts: true)
  where flows >= 3 {
    recomputedCompared += 1
    let said = ours[address] ?? []
    if said == expected {
      recomputedAgreeing += 1
    } else if showMisses {
      print(
        "  host (DHCP read from its ports) \(capture): \(address) truth=\(expected) said=\(said)")
    }
  }
  conservative.add(fileConservative)
  labelled.add(fileLabelled)
  perFile.append((capture, fileConservative, fileLabelled, agree, compared))
}

for (capture, fileConservative, _, agree, compared) in perFile
where fileConservative.rows > 0 || compared > 0 {
  print("\(capture)\tconservative \(fileConservative.summary)\thosts=\(agree)/\(compared)")
}
print("worst files (conservative errors):")
for (capture, fileConservative, _, _, _) in perFile.sorted(by: { $0.1.errors > $1.1.errors })
  .prefix(5)
{
  print(
    "  \(capture)\t\(fileConservative.errors) errors (fp=\(fileConservative.falsePositives) fn=\(fileConservative.falseNegatives))"
  )
}
print("TOTAL conservative \(conservative.summary)")
print("TOTAL labelled \(labelled.summary)")
print(
  String(
    format: "TOTAL hosts agree=%d compared=%d agreement=%.3f", hostsAgreeing, hostsCompared,
    hostsCompared == 0 ? 1 : Double(hostsAgreeing) / Double(hostsCompared)))
print(
  String(
    format: "TOTAL hosts-dhcp-by-port agree=%d compared=%d agreement=%.3f", recomputedAgreeing,
    recomputedCompared,
    recomputedCompared == 0 ? 1 : Double(recomputedAgreeing) / Double(recomputedCompared)))
