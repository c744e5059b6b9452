import Yams

/// The lab file's schema, checked over Yams' node tree so that each error names its place.
struct LabSchema {
  let file: String

  /// One key of a mapping with its value.
  private struct Entry {
    var key: String
    var keyNode: Node
    var value: Node
  }

  mutating func lab(_ root: Node) throws(LabError) -> Lab {
    let entries = try mapping(root, "the lab", keys: ["lab", "description", "hosts", "flows"])
    var title: String?
    var description: String?
    var hosts: [LabHost] = []
    var flows: [FlowExpectation] = []
    var hostsNode: Node?
    for entry in entries {
      switch entry.key {
      case "lab": title = try string(entry.value, "'lab'")
      case "description": description = try string(entry.value, "'description'")
      case "hosts":
        hostsNode = entry.value
        for host in try mapping(entry.value, "'hosts'", keys: nil) {
          hosts.append(try self.host(named: host.key, at: host.keyNode, host.value))
        }
      default:
        guard let items = entry.value.sequence else {
          throw error(entry.value, "'flows' must be a list of flows")
        }
        for item in items { flows.append(try flow(item)) }
      }
    }
    guard let title else { throw error(root, "the lab has no title: add 'lab: <title>'") }
    guard let hostsNode else { throw error(root, "the lab names no hosts: add 'hosts:'") }
    if hosts.isEmpty { throw error(hostsNode, "'hosts' is empty: name at least one host") }
    let names = Set(hosts.map(\.name))
    for (flow, node) in zip(flows, flowNodes) {
      for name in [flow.from, flow.to] where !names.contains(name) {
        throw error(
          node, "the flow names host '\(name)', which is not under 'hosts' (\(list(names)))")
      }
    }
    return Lab(title: title, description: description, hosts: hosts, flows: flows, file: file)
  }

  /// The nodes of the flows read so far, to point at a flow that names an unknown host.
  private var flowNodes: [Node] = []

  init(file: String) { self.file = file }

  private func host(
    named name: String, at keyNode: Node, _ node: Node
  ) throws(LabError)
    -> LabHost
  {
    let entries = try mapping(
      node, "host '\(name)'",
      keys: ["address", "serves", "uses", "count", "roles", "services", "points"])
    var selector: HostSelector?
    var count = 1
    var roles: [RoleExpectation] = []
    var services: [ServiceExpectation] = []
    var points = 1
    for entry in entries {
      switch entry.key {
      case "address", "serves", "uses":
        if selector != nil {
          throw error(
            entry.keyNode, "host '\(name)' is named twice: give one of address, serves, uses")
        }
        let text = try string(entry.value, "'\(entry.key)'")
        if entry.key == "address" {
          guard let address = IPAddress(text) else {
            throw error(entry.value, "'\(text)' is not an IPv4 or IPv6 address")
          }
          selector = .address(address)
        } else {
          let service = try serviceLabel(entry.value, text)
          selector = entry.key == "serves" ? .serves(service) : .uses(service)
        }
      case "count": count = try integer(entry.value, "'count'", minimum: 1)
      case "roles": roles = try self.roles(entry.value)
      case "services":
        guard let items = entry.value.sequence else {
          throw error(entry.value, "'services' must be a list such as [tcp/80]")
        }
        for item in items { services.append(try service(item)) }
      default: points = try integer(entry.value, "'points'", minimum: 0)
      }
    }
    guard let selector else {
      throw error(
        keyNode,
        "host '\(name)' needs an address, or 'serves: tcp/PORT', or 'uses: tcp/PORT'")
    }
    for index in services.indices where services[index].points < 0 {
      services[index].points = points
    }
    return LabHost(
      name: name, selector: selector, count: count, roles: roles, services: services,
      points: points, location: location(keyNode))
  }

  private func roles(_ node: Node) throws(LabError) -> [RoleExpectation] {
    let items = node.sequence.map(Array.init) ?? [node]
    var roles: [RoleExpectation] = []
    for item in items {
      let text = try string(item, "a role")
      var words = text.lowercased().split(separator: " ").map(String.init)
      let present = words.first != "not"
      if !present { words.removeFirst() }
      guard words.count == 1, let role = LabRole(rawValue: words[0]) else {
        throw error(
          item,
          "unknown role '\(text)' (roles are client, server, peer, each may follow 'not ')")
      }
      if roles.contains(where: { $0.role == role }) {
        throw error(item, "role '\(role.rawValue)' is given twice")
      }
      roles.append(RoleExpectation(role: role, present: present, location: location(item)))
    }
    return roles
  }

  /// `tcp/80`, or `{service: tcp/80, clients: 2, points: 3}`; points < 0 means the host's.
  private func service(_ node: Node) throws(LabError) -> ServiceExpectation {
    if node.mapping == nil {
      let text = try string(node, "a service")
      return ServiceExpectation(
        service: try serviceLabel(node, text), minimumClients: 1, points: -1,
        location: location(node))
    }
    var service: ServiceLabel?
    var clients = 1
    var points = -1
    for entry in try mapping(node, "a service", keys: ["service", "clients", "points"]) {
      switch entry.key {
      case "service": service = try serviceLabel(entry.value, try string(entry.value, "'service'"))
      case "clients": clients = try integer(entry.value, "'clients'", minimum: 1)
      default: points = try integer(entry.value, "'points'", minimum: 0)
      }
    }
    guard let service else { throw error(node, "a service needs 'service: tcp/PORT'") }
    return ServiceExpectation(
      service: service, minimumClients: clients, points: points, location: location(node))
  }

  private mutating func flow(_ node: Node) throws(LabError) -> FlowExpectation {
    let entries = try mapping(
      node, "a flow", keys: ["from", "to", "between", "service", "transport", "verdict", "points"])
    var from: String?
    var to: String?
    var between: [String]?
    var service: ServiceLabel?
    var transport: IPProtocol?
    var verdict: FlowVerdict?
    var points = 1
    for entry in entries {
      switch entry.key {
      case "from": from = try string(entry.value, "'from'")
      case "to": to = try string(entry.value, "'to'")
      case "between":
        guard let items = entry.value.sequence, items.count == 2 else {
          throw error(entry.value, "'between' must be a list of two host names")
        }
        between = []
        for item in items { between?.append(try string(item, "a host name")) }
      case "service":
        service = try serviceLabel(entry.value, try string(entry.value, "'service'"))
      case "transport":
        switch try string(entry.value, "'transport'").lowercased() {
        case "tcp": transport = .tcp
        case "udp": transport = .udp
        case let other: throw error(entry.value, "unknown transport '\(other)' (tcp or udp)")
        }
      case "verdict":
        let text = try string(entry.value, "'verdict'")
        guard let value = FlowVerdict(rawValue: text) else {
          throw error(
            entry.value,
            "unknown verdict '\(text)' (\(FlowVerdict.allCases.map(\.rawValue).joined(separator: ", ")))"
          )
        }
        verdict = value
      default: points = try integer(entry.value, "'points'", minimum: 0)
      }
    }
    let ends: (String, String, Bool)
    switch (from, to, between) {
    case (let from?, let to?, nil): ends = (from, to, true)
    case (nil, nil, let pair?): ends = (pair[0], pair[1], false)
    default:
      throw error(
        node, "a flow needs 'from' and 'to' (who opened it and who accepted), or 'between'")
    }
    if let service, let transport, service.transport != transport {
      throw error(
        node, "the flow's transport \(transport.name) differs from its service \(service)")
    }
    flowNodes.append(node)
    return FlowExpectation(
      from: ends.0, to: ends.1, directed: ends.2, service: service, transport: transport,
      verdict: verdict, points: points, location: location(node))
  }

  // MARK: Values

  private func mapping(
    _ node: Node, _ what: String, keys: Set<String>?
  ) throws(LabError)
    -> [Entry]
  {
    guard let mapping = node.mapping else {
      throw error(node, "\(what) must be a mapping of 'key: value' lines")
    }
    var entries: [Entry] = []
    for (key, value) in mapping {
      guard let name = key.scalar?.string else { throw error(key, "a key must be a plain word") }
      if let keys, !keys.contains(name) {
        throw error(key, "unknown key '\(name)' in \(what) (expected \(list(keys)))")
      }
      entries.append(Entry(key: name, keyNode: key, value: value))
    }
    return entries
  }

  private func string(_ node: Node, _ what: String) throws(LabError) -> String {
    guard let scalar = node.scalar else { throw error(node, "\(what) must be a single value") }
    let text = scalar.string.trimmingWhitespace
    if text.isEmpty { throw error(node, "\(what) is empty") }
    return text
  }

  private func integer(_ node: Node, _ what: String, minimum: Int) throws(LabError) -> Int {
    let text = try string(node, what)
    guard let value = Int(text), value >= minimum, value <= 1_000_000 else {
      throw error(node, "\(what) must be a whole number from \(minimum) up, not '\(text)'")
    }
    return value
  }

  private func serviceLabel(_ node: Node, _ text: String) throws(LabError) -> ServiceLabel {
    guard let service = ServiceLabel(text) else {
      throw error(node, "'\(text)' is not a service such as tcp/80 or udp/53")
    }
    return service
  }

  private func location(_ node: Node) -> LabLocation {
    LabLocation(line: node.mark?.line ?? 1, column: node.mark?.column ?? 1)
  }

  private func error(_ node: Node, _ problem: String) -> LabError {
    LabError(file: file, location: location(node), problem: problem)
  }

  private func list(_ words: Set<String>) -> String { words.sorted().joined(separator: ", ") }
}

extension String {
  /// The text without spaces, tabs and line breaks at either end.
  fileprivate var trimmingWhitespace: String {
    var text = Substring(self)
    while let first = text.first, first.isWhitespace { text.removeFirst() }
    while let last = text.last, last.isWhitespace { text.removeLast() }
    return String(text)
  }
}
