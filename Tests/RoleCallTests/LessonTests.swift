import Foundation
import Testing

@testable import RoleCall

/// Where the lesson tests find the instructor's page and the malformed fixtures.
enum LessonPaths {
  static let realPage = TestPaths.shared.appendingPathComponent(
    "lessons/peer-to-peer-vs-client-server.md"
  ).path
  static var realPagePresent: Bool { FileManager.default.fileExists(atPath: realPage) }
  /// Whether the built binary has the `lessons` subcommand yet.
  static let commandRegistered: Bool = {
    let help = try? ProcessResult.run(TestPaths.binary, ["lessons", "--help"])
    return help?.status == 0 && help?.standardOutput.contains("--lessons-add") == true
  }()
  static let fixtures = TestPaths.repository.appendingPathComponent(
    "Tests/RoleCallTests/Fixtures/lessons"
  ).path
}

/// The instructor's real page, read into exactly its sections, passages and links.
@Suite(.enabled(if: LessonPaths.realPagePresent, "no ../shared/lessons next to the repo"))
struct LessonReaderTests {
  let page: LessonPage

  init() throws { page = try LessonReader.read(contentsOf: LessonPaths.realPage) }

  @Test func pageTitleSectionsAndLinks() {
    #expect(page.id == "peer-to-peer-vs-client-server")
    #expect(page.title == "Peer-to-Peer vs Client/Server")
    #expect(page.heading == "Introduction")
    #expect(
      page.sections.map(\.id) == [
        "peer-to-peer-vs-client-server", "quick-examples-of-roles", "key-takeaways",
      ])
    #expect(
      page.sections.map(\.title) == [
        "Peer-to-Peer vs Client/Server", "Quick Examples of Roles", "Key Takeaways",
      ])
    #expect(page.sections.map(\.line) == [4, 29, 55])
    #expect(
      page.back?.href
        == "/tcpip-model/layers/application/basics/client-and-server-roles/fundamentals")
    #expect(page.back?.title == "Client & Server Roles → Fundamentals")
    #expect(page.back?.label == "← Back")
    #expect(
      page.next?.href == "/tcpip-model/layers/application/basics/email-and-communication/smtp")
    #expect(page.next?.title == "Next Topic: Email & Communication → SMTP")
    #expect(page.next?.label == "Next →")
    #expect(page.next?.targetPageID == "smtp")
  }

  @Test func passagesHaveStableIdsKindsAndLines() {
    let prefix = "peer-to-peer-vs-client-server#"
    #expect(
      page.passages.map(\.id) == [
        prefix + "peer-to-peer-vs-client-server/paragraph-1",
        prefix + "peer-to-peer-vs-client-server/row-1",
        prefix + "peer-to-peer-vs-client-server/row-2",
        prefix + "quick-examples-of-roles/row-1",
        prefix + "quick-examples-of-roles/row-2",
        prefix + "quick-examples-of-roles/row-3",
        prefix + "key-takeaways/takeaway-1",
        prefix + "key-takeaways/takeaway-2",
        prefix + "key-takeaways/takeaway-3",
      ])
    #expect(page.passages.map(\.line) == [6, 17, 21, 39, 43, 47, 57, 58, 59])
  }

  @Test func paragraphTextAndEmphasis() throws {
    let paragraph = try #require(page.passages.first)
    #expect(paragraph.kind == .paragraph)
    #expect(
      paragraph.text
        == "Client/server communication uses clear roles: one host requests and another host "
        + "provides.\nPeer-to-peer (P2P) is different: hosts can share resources more directly "
        + "with each other rather than relying on one central server for everything.")
    #expect(paragraph.emphasis == ["requests", "provides"])
    #expect(paragraph.secondEmphasis == ["directly"])
  }

  @Test func rowsKeepTheirHeaders() {
    let rows = page.passages.filter { $0.kind == .row }
    #expect(
      rows.map(\.text) == [
        "Model: Client/Server; How It Works: Clients request information/services; servers "
          + "respond and provide them.",
        "Model: Peer-to-Peer (P2P); How It Works: Hosts share resources directly between each "
          + "other with less centralization.",
        "Scenario: Viewing a webpage; Typical Roles: A web browser acts as the client; a web "
          + "server acts as the server.",
        "Scenario: Using email; Typical Roles: A mail application acts as the client; a mail "
          + "server provides the service.",
        "Scenario: Direct file sharing; Typical Roles: Often feels P2P-like; roles can shift "
          + "depending on who is sharing vs requesting.",
      ])
    #expect(
      rows.map { $0.cells.map(\.header) } == [
        ["Model", "How It Works"], ["Model", "How It Works"], ["Scenario", "Typical Roles"],
        ["Scenario", "Typical Roles"], ["Scenario", "Typical Roles"],
      ])
    #expect(
      rows[3].cells.map(\.text) == [
        "Using email", "A mail application acts as the client; a mail server provides the service.",
      ])
    #expect(
      rows.map(\.emphasis) == [
        ["Client/Server", "request", "respond"], ["Peer-to-Peer (P2P)"],
        ["Viewing a webpage", "browser", "web server"], ["Using email", "mail server"],
        ["Direct file sharing"],
      ])
    #expect(rows.map(\.secondEmphasis) == [[], ["directly"], [], [], ["P2P-like"]])
  }

  @Test func takeaways() {
    let takeaways = page.passages.filter { $0.kind == .takeaway }
    #expect(
      takeaways.map(\.text) == [
        "In client/server, roles are clear: a client requests and a server provides.",
        "In P2P, hosts can share resources more directly with each other.",
        "A host can still act as a client, a server, or both depending on software and context.",
      ])
    #expect(
      takeaways.map(\.emphasis) == [
        ["client/server", "requests", "provides"], ["P2P"], ["client", "server"],
      ])
    #expect(takeaways.map(\.secondEmphasis) == [[], ["directly"], ["both"]])
  }

  @Test func windowsLineEndingsReadTheSame() throws {
    let text = try String(contentsOfFile: LessonPaths.realPage, encoding: .utf8)
    let crlf = text.replacingOccurrences(of: "\n", with: "\r\n")
    let again = try LessonReader.read(bytes: Array(crlf.utf8), file: LessonPaths.realPage)
    #expect(again == page)
  }

  @Test func termsAreStemmedAndEmphasisKeptApart() throws {
    let takeaway = try #require(page.passages.last)
    #expect(
      takeaway.terms == [
        "host", "still", "act", "client", "server", "both", "depend", "softwar", "context",
      ])
    #expect(takeaway.emphasizedTerms == ["client", "server", "both"])
  }
}

/// Pages that cannot be read: one line each, naming the file, the line and the problem.
@Suite struct LessonErrorTests {
  /// Each malformed fixture and its exact message (after the `PATH:` prefix).
  static let fixtures: [(file: String, message: String)] = [
    ("binary.md", "3: binary file, not a text page (NUL byte at offset 8)"),
    ("empty.md", "1: page is empty"),
    ("header-only-table.md", "6: table has a header row but no other rows"),
    ("not-utf8.md", "3: not UTF-8 text (byte 0xE9 at offset 18)"),
    ("row-cell-count.md", "12: table row has 3 cells, the header row has 2"),
    ("table-without-header.md", "6: table has no header row"),
    ("text-before-heading.md", "1: text before the first heading"),
    ("unclosed-code.md", "6: code block is not closed (no ``` before the end of the page)"),
    (
      "unclosed-navigation.md",
      "8: navigation block is not closed (no </div> before the end of the page)"
    ),
    ("unclosed-table.md", "8: table is not closed (no </table> before the heading on line 23)"),
  ]

  @Test(arguments: fixtures.map(\.file))
  func malformedPageGivesOneLine(file: String) throws {
    let path = LessonPaths.fixtures + "/" + file
    let expected = try #require(Self.fixtures.first { $0.file == file }).message
    let error = #expect(throws: LessonError.self) { try LessonReader.read(contentsOf: path) }
    #expect(error?.message == "\(path):\(expected)")
  }

  @Test func aFolderOfBadPagesGivesOneErrorPerPageInNameOrder() {
    let course = LessonCourse.load(folder: LessonPaths.fixtures)
    #expect(course.pages.isEmpty)
    #expect(
      course.errors.map(\.message)
        == Self.fixtures.map { "\(LessonPaths.fixtures)/\($0.file):\($0.message)" })
  }

  @Test func goodPagesBesideABadOneAreStillUsed() throws {
    let folder = try TestPaths.temporaryFolder()
    let good = try #require(BundledCourse.pages.first)
    try good.markdown.write(
      to: folder.appendingPathComponent("a-good-page.md"), atomically: true, encoding: .utf8)
    try Data("# Bad\n\n<table>\n<tr><td>x</td></tr>\n</table>\n".utf8).write(
      to: folder.appendingPathComponent("b-bad-page.md"))
    try Data().write(to: folder.appendingPathComponent("notes.txt"))
    let course = LessonCourse.load(folder: folder.path)
    #expect(course.pages.map(\.id) == ["a-good-page"])
    #expect(
      course.errors.map(\.message) == ["\(folder.path)/b-bad-page.md:3: table has no header row"])
  }

  @Test func missingAndEmptyFolders() throws {
    let empty = try TestPaths.temporaryFolder()
    #expect(
      LessonCourse.load(folder: empty.path).errors.map(\.message) == [
        "\(empty.path): no lesson pages (*.md) here"
      ])
    let missing = empty.appendingPathComponent("nope").path
    #expect(
      LessonCourse.load(folder: missing).errors.map(\.message) == ["\(missing): no such folder"])
  }
}

/// The reader forgives the HTML and Markdown habits of hand-written pages.
@Suite struct LessonLenientReadingTests {
  @Test func sloppyHTMLStillReads() throws {
    let page = try LessonReader.read(
      markdown: """
        # Part

        ### Sloppy Table
        <TABLE class=notesTable>
          <tr><th>Term<th>Meaning
          <tr><td><span class=emphasis>R&D</span> &amp; more
            <td>Line one<br>line two &rarr; done&nbsp;&unknown;
        </table>
        """, file: "sloppy.md")
    let row = try #require(page.passages.first)
    #expect(row.cells.map(\.header) == ["Term", "Meaning"])
    #expect(row.cells.map(\.text) == ["R&D & more", "Line one\nline two → done &unknown;"])
    #expect(row.emphasis == ["R&D"])
  }

  @Test func inlineMarkdownGivesPlainText() throws {
    let page = try LessonReader.read(
      markdown: """
        ### Inline
        <span class="emphasis">SYN_SENT</span> is **a state**, *not* a `<tag>`; see
        [the RFC](https://www.rfc-editor.org/rfc/rfc9293) \\*literally\\*
        and 3*4*5 or snake_case_name.
        """, file: "inline.md")
    let paragraph = try #require(page.passages.first)
    #expect(
      paragraph.text
        == "SYN_SENT is a state, not a <tag>; see the RFC *literally* and 345 or snake_case_name.")
    #expect(paragraph.emphasis == ["SYN_SENT"])
    #expect(page.title == "Inline")
    #expect(page.heading == nil)
  }

  @Test func duplicateSectionTitlesGetDistinctIds() throws {
    let page = try LessonReader.read(
      markdown: "# P\n### Notes\nOne.\n### Notes\nTwo.\n- a bullet\n", file: "dup.md")
    #expect(
      page.passages.map(\.id) == [
        "dup#notes/paragraph-1", "dup#notes-2/paragraph-1", "dup#notes-2/item-1",
      ])
  }
}

/// The course that ships with rolecall.
@Suite struct BundledLessonTests {
  let course = LessonCourse.bundled

  @Test func everyPageReadsWithRowsTakeawaysAndLinks() throws {
    #expect(course.errors.isEmpty)
    #expect(course.pages.count == 8)
    for page in course.pages {
      #expect(page.source == "bundled")
      #expect(page.passages.contains { $0.kind == .row }, "\(page.id) has no table row")
      #expect(page.passages.contains { $0.kind == .takeaway }, "\(page.id) has no takeaway")
      #expect(page.sections.first?.id == page.id, "\(page.id) is not named by its first title")
      #expect(page.sections.last?.title == "Key Takeaways")
      #expect(!page.navigation.isEmpty)
    }
  }

  @Test func backAndNextLinksFollowTheReadingOrder() throws {
    let pages = course.pages
    #expect(pages.first?.back == nil)
    #expect(pages.last?.next == nil)
    for (page, following) in zip(pages, pages.dropFirst()) {
      #expect(page.next.flatMap(course.page(linkedBy:))?.id == following.id)
      #expect(following.back.flatMap(course.page(linkedBy:))?.id == page.id)
      #expect(page.next?.title == "Next Topic: \(following.title)")
      #expect(following.back?.title == page.title)
    }
  }

  @Test func idsAreStableAndUnique() throws {
    var all = LessonCourse.bundled
    if LessonPaths.realPagePresent {
      all.add(try LessonReader.read(contentsOf: LessonPaths.realPage))
    }
    let ids = all.pages.flatMap(\.passages).map(\.id)
    #expect(Set(ids).count == ids.count)
    let again = BundledCourse.pages.compactMap {
      try? LessonReader.read(markdown: $0.markdown, file: "x.md", id: $0.id, source: "bundled")
    }
    #expect(again.flatMap(\.passages).map(\.id) == course.pages.flatMap(\.passages).map(\.id))
    #expect(ids.contains("client-and-server-roles#key-takeaways/takeaway-1"))
  }

  @Test func instructorPagesReplaceOrJoinTheBundledOnes() throws {
    var course = LessonCourse.bundled
    let replacement = try LessonReader.read(
      markdown: "# Mine\n### My Own Roles Page\n- A takeaway.\n",
      file: "lessons/client-and-server-roles.md")
    course.add(replacement)
    #expect(course.pages.count == 8)
    #expect(course.pages.first?.title == "Mine")
    #expect(course.pages.first?.source == "lessons/client-and-server-roles.md")
  }
}

/// Passages chosen by meaning.
@Suite(.enabled(if: LessonPaths.realPagePresent, "no ../shared/lessons next to the repo"))
struct LessonIndexTests {
  let index: LessonIndex

  init() throws {
    index = LessonIndex(pages: [try LessonReader.read(contentsOf: LessonPaths.realPage)])
  }

  func best(_ concepts: [String]) -> String? {
    index.bestPassages(for: concepts, limit: 1).first?.passage.id
  }

  @Test func conceptsFindTheirPassage() {
    let page = "peer-to-peer-vs-client-server#"
    #expect(best(["web", "browser", "server"]) == page + "quick-examples-of-roles/row-1")
    #expect(best(["peer", "share", "directly"]) == page + "peer-to-peer-vs-client-server/row-2")
    #expect(best(["mail", "server"]) == page + "quick-examples-of-roles/row-2")
    #expect(best(["client", "server", "both"]) == page + "key-takeaways/takeaway-3")
    #expect(best(["requesting", "providers"]) == page + "key-takeaways/takeaway-1")
  }

  @Test func scoresAreOrderedAndExplained() throws {
    let matches = index.bestPassages(for: ["Web browsers", "servers"])
    #expect(matches.map(\.score) == matches.map(\.score).sorted(by: >))
    let first = try #require(matches.first)
    #expect(first.matched == ["web", "browser", "server"])
    #expect(index.bestPassages(for: ["the", "and"]).isEmpty)
    #expect(index.bestPassages(for: ["tunnel"]).isEmpty)
  }

  @Test func stemsFoldTheFormsOfOneWord() {
    #expect(
      ["request", "requests", "requested", "requesting"].map(LessonTerms.stem).allSatisfy {
        $0 == "request"
      })
    #expect(
      ["share", "shares", "shared", "sharing"].map(LessonTerms.stem).allSatisfy { $0 == "shar" })
    #expect(LessonTerms.stem("directly") == LessonTerms.stem("direct"))
    #expect(LessonTerms.stem("servers") == "server")
    #expect(LessonTerms.stem("server") != LessonTerms.stem("serve"))
    #expect(LessonTerms.stem("queries") == "query")
  }

  /// The byte paths of plain text give what the Character paths give, on 5,000 strings made of
  /// words, spaces, tabs and every ASCII newline, and on the bundled course's passages.
  @Test func plainWhitespaceEqualsCharacterWhitespace() {
    let pieces = ["a", "bc", ".", " ", "  ", "\t", "\n", "\n\n", "\u{0B}", "\u{0C}", " \n "]
    var state: UInt64 = 0x9E37_79B9_7F4A_7C15
    var samples = LessonCourse.bundled.pages.flatMap { $0.passages.map(\.text) }
    for _ in 0..<5000 {
      var text = ""
      for _ in 0..<12 {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        text += pieces[Int(state >> 33) % pieces.count]
      }
      samples.append(text)
    }
    for text in samples {
      #expect(
        InlineText.normalize(text) == InlineText.characterNormalize(text),
        "\(text.debugDescription)")
      #expect(
        InlineText.softBreaksAsSpaces(text) == String(text.map { $0.isNewline ? " " : $0 }),
        "\(text.debugDescription)")
    }
  }

  /// The byte stemmer of plain text agrees with the Character one on every word of the bundled
  /// course and of the instructor's page, and on words that reach each rule.
  @Test func plainStemsEqualCharacterStems() throws {
    var texts = LessonCourse.bundled.pages.flatMap { $0.passages.map(\.text) }
    if LessonPaths.realPagePresent {
      texts.append(try String(contentsOfFile: LessonPaths.realPage, encoding: .utf8))
    }
    texts.append(
      "classes passes queries ties shares sharing shared stopped running calls falls fizzed "
        + "directly fly only bus analysis seeds needed agreed freed sled bed sing ring ingest "
        + "hopping hoped tried cries spies eyed dyed lying boxes buzzing passing quizzes")
    var words = Set<String>()
    for text in texts {
      for word in text.lowercased().split(whereSeparator: { !$0.isASCII || !$0.isLetter }) {
        words.insert(String(word))
      }
    }
    #expect(words.count > 500)
    for word in words {
      let plain = String(decoding: LessonTerms.stem(plain: Array(word.utf8)), as: UTF8.self)
      #expect(plain == LessonTerms.stem(word), "\(word)")
    }
  }
}

/// The bundled course answers the questions rolecall's findings will ask.
@Suite struct BundledLessonIndexTests {
  let index = LessonCourse.bundled.index

  func bestPage(_ concepts: [String]) -> String? {
    index.bestPassages(for: concepts, limit: 1).first?.passage.pageID
  }

  @Test func findingsReachTheRightPage() {
    #expect(
      bestPage(["swarm", "tracker", "peer"]) == "file-sharing-bittorrent-swarms-and-trackers")
    #expect(bestPage(["resolver", "query", "both"]) == "dns-resolvers-and-authoritative-servers")
    #expect(bestPage(["smtp", "relay"]) == "email-smtp-relays")
    #expect(bestPage(["browser", "web", "server"]) == "the-web-http")
    #expect(bestPage(["syn", "handshake", "initiator"]) == "who-opened-the-connection")
    #expect(bestPage(["proxy", "client", "server"]) == "one-host-several-roles")
  }
}

/// `rolecall lessons`, run as a user would. These tests run once the command is registered in
/// RoleCallCommand's subcommand list.
@Suite(.enabled(if: LessonPaths.commandRegistered, "`rolecall lessons` is not registered yet"))
struct LessonCommandTests {
  @Test func listsTheBundledCourse() throws {
    let result = try ProcessResult.run(TestPaths.binary, ["lessons"])
    #expect(result.status == 0)
    #expect(result.standardError.isEmpty)
    let lines = result.standardOutput.split(separator: "\n").map(String.init)
    #expect(lines.first == "page client-and-server-roles: Client and Server Roles")
    #expect(lines.contains("    client-and-server-roles#key-takeaways/takeaway-1 (line 79)"))
    #expect(lines.contains("      emphasis: client | server"))
    #expect(lines.last?.hasPrefix("8 pages, 24 sections, ") == true)
  }

  @Test func badPagesGoToStandardErrorAndExitOne() throws {
    let result = try ProcessResult.run(
      TestPaths.binary, ["lessons", "--lessons", LessonPaths.fixtures])
    #expect(result.status == 1)
    let expected = LessonErrorTests.fixtures.map {
      "rolecall: \(LessonPaths.fixtures)/\($0.file):\($0.message)"
    }
    #expect(result.standardError.split(separator: "\n").map(String.init) == expected)
    #expect(result.standardOutput.hasSuffix("; 10 could not be read\n"))
  }

  @Test(.enabled(if: LessonPaths.realPagePresent))
  func addsTheInstructorsPagesAsJSON() throws {
    let folder = URL(fileURLWithPath: LessonPaths.realPage).deletingLastPathComponent().path
    let result = try ProcessResult.run(
      TestPaths.binary, ["lessons", "--lessons-add", folder, "--format", "json"])
    #expect(result.status == 0)
    let json = try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8))
    let pages = try #require((json as? [String: Any])?["pages"] as? [[String: Any]])
    #expect(pages.count == 9)
    #expect(pages.last?["id"] as? String == "peer-to-peer-vs-client-server")
  }
}
