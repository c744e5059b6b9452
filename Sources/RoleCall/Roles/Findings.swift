/// The kinds of thing rolecall finds, each with the concepts a lesson about it would use.
///
/// Linking is by meaning, not by page ids: every concept set is matched against whatever course
/// is loaded, so an instructor's own pages are cited as soon as they are added.
public enum FindingKind: String, Sendable, Codable, CaseIterable {
  case webServer = "web-server"
  case mailServer = "mail-server"
  case dnsServer = "dns-server"
  case fileServer = "file-server"
  case server
  case webClient = "web-client"
  case mailClient = "mail-client"
  case dnsClient = "dns-client"
  case client
  case peer
  case clientAndServer = "client-and-server"
  /// A server that is also a client of the same kind of service: a mail relay, a resolver.
  case relay
  case clientServerFlow = "client-server-flow"
  case peerToPeerFlow = "peer-to-peer-flow"
  case unknownInitiator = "unknown-initiator"
  /// A peer both opens and accepts connections (`rolecall check` cites it for a one-way peer).
  case peerBothWays = "peer-both-ways"
  /// A connection attempt nobody answered: no server there (`rolecall check` cites it).
  case noAnswer = "no-answer"

  /// Sets of concepts; each set is linked to the passage that best teaches it.
  public var conceptSets: [[String]] {
    switch self {
    case .webServer: [["web", "server", "browser", "webpage"]]
    case .mailServer: [["mail", "email", "server"]]
    case .dnsServer: [["dns", "name", "server", "resolver"]]
    case .fileServer: [["file", "sharing", "server", "tracker"]]
    case .server: [["server", "provide", "respond", "service"]]
    case .webClient: [["client", "request", "server", "respond"], ["web", "browser", "client"]]
    case .mailClient: [["mail", "email", "client", "application"]]
    case .dnsClient: [["dns", "client", "name", "ask"]]
    case .client: [["client", "request", "service"]]
    case .peer: [["peer", "share", "directly"], ["direct", "file", "sharing"]]
    case .clientAndServer: [["client", "server", "both"]]
    case .relay: [["client", "server", "both", "relay", "resolver"]]
    case .clientServerFlow: [["client", "server", "request", "respond"]]
    case .peerToPeerFlow: [["peer", "directly", "share"]]
    case .unknownInitiator: [["handshake", "syn", "open", "connection", "midstream"]]
    case .peerBothWays: [["peer", "both", "open", "accept"]]
    case .noAnswer: [["server", "accept", "syn", "handshake", "answer"]]
    }
  }

  /// Words that, in the title of a page the course links to, mark the page on this topic.
  public var topics: [String] {
    switch self {
    case .mailServer, .mailClient: ["smtp", "email", "mail"]
    case .webServer, .webClient: ["http", "web"]
    case .dnsServer, .dnsClient: ["dns"]
    case .fileServer, .peer: ["file sharing", "bittorrent", "peer-to-peer"]
    default: []
    }
  }
}

/// What kind of service a port offers, for the finding kinds.
enum ServiceFamily {
  case web, mail, dns, fileSharing, other

  init(port: UInt16, transport: IPProtocol) {
    switch port {
    case 80, 443, 8000, 8008, 8080, 8443, 8888: self = .web
    case 25, 110, 143, 465, 587, 993, 995: self = .mail
    case 53, 853, 5353: self = .dns
    case 20, 21, 69, 139, 445, 873, 2049, 6969: self = .fileSharing
    default: self = .other
    }
  }

  var serverKind: FindingKind {
    switch self {
    case .web: .webServer
    case .mail: .mailServer
    case .dns: .dnsServer
    case .fileSharing: .fileServer
    case .other: .server
    }
  }

  var clientKind: FindingKind {
    switch self {
    case .web: .webClient
    case .mail: .mailClient
    case .dns: .dnsClient
    case .fileSharing, .other: .client
    }
  }
}
