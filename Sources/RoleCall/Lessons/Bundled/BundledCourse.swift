/// The course that ships with rolecall, written for this project in the instructor's format so
/// one reader serves both. Each page is one file in this folder; this list is the reading order,
/// which the pages' back/next links follow.
enum BundledCourse {
  /// One page: its id (which its first section's title slugs to) and its Markdown.
  struct Page: Sendable {
    var id: String
    var markdown: String
  }

  static let pages: [Page] = [
    clientAndServerRoles, peerToPeer, severalRoles, whoOpened, webHTTP, emailSMTP, dns, bitTorrent,
  ]
}
