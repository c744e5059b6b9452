extension ReportBuilder {
  // MARK: Connections

  /// What one pair of hosts and verdict adds up to.
  private struct Pair {
    var fromLow = 0
    var fromHigh = 0
    var undirected = 0
    var packets: UInt64 = 0
    var bytes: UInt64 = 0
  }

  /// The verdict's place in `FlowVerdict.allCases`, the order reports list verdicts in.
  static func rank(_ verdict: FlowVerdict) -> UInt8 {
    switch verdict {
    case .clientServer: 0
    case .peerToPeer: 1
    case .other: 2
    case .unknown: 3
    }
  }

  /// Reports of this many flows between two hosts or more add up their connections on two
  /// threads.
  static let parallelConnectionFlows = 16_384

  /// One connection per pair of hosts and verdict. The arrow goes from the client of a
  /// client/server flow (whoever opened it) and otherwise from the flow's opener.
  ///
  /// The flows are put in order of their pair without a table of pairs (which cost about 70
  /// bytes a pair beside the connections): a counting sort by the pair's lower host, then each
  /// host's flows sorted by the higher host and the verdict; each run of one pair is then added
  /// up in one pass. The order within a pair does not matter, its counts add up the same.
  ///
  /// With `parallelConnectionFlows` flows or more (or `parts` given), the lower hosts are cut
  /// into ranges of about as many flows each, one thread to a range: each sorts and counts its
  /// pairs, then writes its connections into its own stretch of an array reserved to the exact
  /// count. Reading the records in pair order misses the cache on nearly every flow, so two
  /// threads keep twice as many loads in flight.
  ///
  /// `scope` `.peerToPeer` keeps only the pairs joined by peer-to-peer flows.
  static func connections(
    _ flows: [Flow], _ judgements: [FlowJudgement], hosts: [HostRoles], capture: String?,
    flowHosts: [RoleAnalysis.FlowHosts] = [], names: [String]? = nil,
    scope: AnalysisReport.ConnectionScope = .all, parts: Int? = nil
  ) -> [AnalysisReport.Connection] {
    // The roles stage says where each flow's hosts are in `hosts`; without that, look them up.
    let count = min(flows.count, judgements.count)
    let sides: [RoleAnalysis.FlowHosts]
    if flowHosts.count == flows.count {
      sides = flowHosts
    } else {
      var index: [IPAddress: Int32] = [:]
      for (number, host) in hosts.enumerated() { index[host.address] = Int32(number) }
      sides = flows.map { flow in
        RoleAnalysis.FlowHosts(
          a: index[flow.key.endpoint(.a).address] ?? -1,
          b: index[flow.key.endpoint(.b).address] ?? -1)
      }
    }
    let peersOnly = scope == .peerToPeer
    /// The flow joins two hosts, and is of the kinds `scope` keeps.
    @inline(__always) func included(_ number: Int) -> Bool {
      sides[number].a >= 0 && sides[number].b >= 0 && sides[number].a != sides[number].b
        && (!peersOnly || judgements[number].verdict == .peerToPeer)
    }
    @inline(__always) func low(_ number: Int) -> Int { Int(min(sides[number].a, sides[number].b)) }
    // Within a lower host, flows are sorted by a key that is the higher host, then the verdict,
    // then the flow's number (31 bits each for the host and the number: the flow table numbers
    // its records with Int32). Sorting the keys themselves reads nothing else while it sorts.
    @inline(__always) func sortKey(_ number: Int) -> UInt64 {
      UInt64(max(sides[number].a, sides[number].b)) << 33
        | UInt64(rank(judgements[number].verdict)) << 31 | UInt64(number)
    }
    var starts = [Int](repeating: 0, count: hosts.count + 1)
    for number in 0..<count where included(number) { starts[low(number) + 1] += 1 }
    for host in hosts.indices { starts[host + 1] += starts[host] }
    var order = [UInt64](repeating: 0, count: starts[hosts.count])
    var next = starts
    for number in 0..<count where included(number) {
      order[next[low(number)]] = sortKey(number)
      next[low(number)] += 1
    }
    let parts = max(1, parts ?? (order.count >= parallelConnectionFlows ? 2 : 1))
    // The first lower host of each part, and the end: ranges of about as many flows each.
    var firstHosts = [0]
    for part in 1..<parts {
      var host = firstHosts[part - 1]
      while host < hosts.count && starts[host] < order.count * part / parts { host += 1 }
      firstHosts.append(host)
    }
    firstHosts.append(hosts.count)
    let source = PairSource(
      flows: flows, judgements: judgements, sides: sides, starts: starts,
      names: names ?? hosts.map(\.address.description), capture: capture,
      firstHosts: firstHosts)
    return order.withUnsafeMutableBufferPointer { buffer in
      // Each part sorts and reads only its own lower hosts' stretch of the keys.
      let keys = Parallel.Slots(base: buffer.baseAddress)
      let pairs = Parallel.map(parts: parts) { part in source.sortAndCountPairs(keys, part: part) }
      // Where each part's connections start: the pairs of the parts before it.
      let firstPairs = pairs.reduce(into: [0]) { firsts, count in
        firsts.append((firsts.last ?? 0) + count)
      }
      // Reserved to the exact count: doubling a growing array held both buffers at the peak.
      return Array(unsafeUninitializedCapacity: firstPairs[parts]) { buffer, initialized in
        let slots = Parallel.Slots(base: buffer.baseAddress)
        _ = Parallel.map(parts: parts) { part in
          source.addUp(keys, part: part, into: slots.base?.advanced(by: firstPairs[part]))
        }
        initialized = firstPairs[parts]
      }
    }
  }

  /// What the parts read while they add up their pairs.
  private struct PairSource: Sendable {
    let flows: [Flow]
    let judgements: [FlowJudgement]
    let sides: [RoleAnalysis.FlowHosts]
    /// Where each lower host's flows start among the keys (and the end, last).
    let starts: [Int]
    let names: [String]
    let capture: String?
    /// The first lower host of each part, and the number of hosts, last.
    let firstHosts: [Int]

    // The pair and verdict of a sort key, and its flow.
    @inline(__always) func rest(ofKey key: UInt64) -> Int { Int(key >> 31) }
    @inline(__always) func number(ofKey key: UInt64) -> Int { Int(key & 0x7FFF_FFFF) }

    /// Sorts each of the part's lower hosts' keys and counts their pairs.
    func sortAndCountPairs(_ keys: Parallel.Slots<UInt64>, part: Int) -> Int {
      guard let base = keys.base else { return 0 }
      var pairs = 0
      for host in firstHosts[part]..<firstHosts[part + 1] where starts[host] < starts[host + 1] {
        var run = UnsafeMutableBufferPointer(
          start: base + starts[host], count: starts[host + 1] - starts[host])
        run.sort()
        for position in starts[host]..<starts[host + 1]
        where position == starts[host]
          || rest(ofKey: base[position]) != rest(ofKey: base[position - 1])
        {
          pairs += 1
        }
      }
      return pairs
    }

    /// Adds up each pair of the part's lower hosts and writes its connection at `slot` onwards.
    func addUp(
      _ keys: Parallel.Slots<UInt64>, part: Int,
      into slot: UnsafeMutablePointer<AnalysisReport.Connection>?
    ) {
      guard let base = keys.base, var slot else { return }
      let verdicts: [FlowVerdict] = [.clientServer, .peerToPeer, .other, .unknown]
      // Most pairs have one service, and many pairs the same one: their lists are shared.
      var serviceLists: [UInt32: [String]] = [:]
      var codes: [UInt32] = []
      let prefetchDistance = 12
      let stop = starts[firstHosts[part + 1]]
      for lowHost in firstHosts[part]..<firstHosts[part + 1] {
        var start = starts[lowHost]
        while start < starts[lowHost + 1] {
          let key = rest(ofKey: base[start])
          var pair = Pair()
          codes.removeAll(keepingCapacity: true)
          var end = start
          while end < starts[lowHost + 1] && rest(ofKey: base[end]) == key {
            // The flows are read in pair order, all over the table: loads of their records,
            // judgements and hosts are started `prefetchDistance` flows ahead (the fields read
            // here are in a record's first 112 bytes).
            if end + prefetchDistance < stop {
              let ahead = number(ofKey: base[end + prefetchDistance])
              flows.prefetch(ahead)
              judgements.prefetch(ahead, bytes: 1)
              sides.prefetch(ahead, bytes: 1)
            }
            add(number(ofKey: base[end]), lowHost: lowHost, to: &pair, codes: &codes)
            end += 1
          }
          start = end
          codes.sort()
          codes.removeDuplicates()
          let high = key >> 2
          let lowFirst = pair.fromLow >= pair.fromHigh
          let services: [String]
          if codes.count == 1, let shared = serviceLists[codes[0]] {
            services = shared
          } else {
            services = codes.map { code in
              let name = IPProtocol(rawValue: UInt8(truncatingIfNeeded: code >> 17)).name
              return code & (1 << 16) != 0 ? name + "/" + String(code & 0xFFFF) : name
            }
            if codes.count == 1 { serviceLists[codes[0]] = services }
          }
          slot.initialize(
            to: AnalysisReport.Connection(
              capture: capture, from: names[lowFirst ? lowHost : high],
              to: names[lowFirst ? high : lowHost],
              verdict: verdicts[key & 3], flows: pair.fromLow + pair.fromHigh + pair.undirected,
              forward: lowFirst ? pair.fromLow : pair.fromHigh,
              backward: lowFirst ? pair.fromHigh : pair.fromLow, undirected: pair.undirected,
              services: services, packets: pair.packets, bytes: pair.bytes))
          slot += 1
        }
      }
    }

    /// Adds flow `number` to its pair: who opened it, the service it used, its packets and bytes.
    @inline(__always)
    private func add(_ number: Int, lowHost: Int, to pair: inout Pair, codes: inout [UInt32]) {
      let flow = flows[number]
      let judgement = judgements[number]
      let requester: Side? =
        judgement.verdict == .clientServer
        ? (judgement.server?.opposite ?? flow.initiator) : flow.initiator
      if let requester {
        let opener = requester == .a ? sides[number].a : sides[number].b
        if Int(opener) == lowHost { pair.fromLow += 1 } else { pair.fromHigh += 1 }
        let protocolNumber = UInt32(flow.key.ipProtocol.rawValue) << 17
        let service = flow.key.endpoint(requester.opposite).port.map {
          protocolNumber | 1 << 16 | UInt32($0)
        }
        codes.append(service ?? protocolNumber)
      } else {
        pair.undirected += 1
      }
      let forward = flow.counters(from: .a)
      let backward = flow.counters(from: .b)
      pair.packets += forward.packets + backward.packets
      pair.bytes += forward.wireBytes + backward.wireBytes
    }
  }
}

extension Array where Element: Equatable {
  /// Removes repeats that follow each other (all repeats, in a sorted array).
  fileprivate mutating func removeDuplicates() {
    guard count > 1 else { return }
    var kept = 1
    for index in 1..<count where self[index] != self[kept - 1] {
      self[kept] = self[index]
      kept += 1
    }
    removeLast(count - kept)
  }
}
