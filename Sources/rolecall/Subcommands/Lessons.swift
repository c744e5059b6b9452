import ArgumentParser
import RoleCall

extension LessonsRenderer.Format: ExpressibleByArgument {}

/// Which course pages to use: the bundled course, an instructor's folder instead, or both.
///
/// An option group so that later commands that link findings to lessons take the same options.
struct LessonOptions: ParsableArguments {
  @Option(
    name: .customLong("lessons"),
    help: ArgumentHelp(
      "Use the course pages in DIR instead of the bundled course.", valueName: "DIR"))
  var replacement: String?

  @Option(
    name: .customLong("lessons-add"),
    help: ArgumentHelp("Add the course pages in DIR to the course (repeatable).", valueName: "DIR"))
  var additions: [String] = []

  /// Reads the course these options name; pages that cannot be read are in its `errors`.
  func course() -> LessonCourse {
    LessonCourse.load(replacingBundledWith: replacement, adding: additions)
  }
}

/// `rolecall lessons`: shows how rolecall read the course, page by page.
struct Lessons: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "List the course pages, sections and passages rolecall links findings to.",
    discussion: """
      Each passage (a paragraph, a table row with its column headers, a bullet or a key \
      takeaway) is shown with its id and the terms the page emphasises, so an instructor can \
      check how the pages were understood. The bundled course is used unless --lessons names a \
      folder of pages; --lessons-add adds a folder's pages, and a page replaces a bundled page \
      of the same name. A page that cannot be read gives one line on standard error, the other \
      pages are still listed, and the exit status is then 1. docs/lessons.md describes the \
      page format.
      """)

  @OptionGroup var lessons: LessonOptions

  @Option(help: "Output format: text or json.")
  var format: LessonsRenderer.Format = .text

  func run() throws {
    let course = lessons.course()
    StandardStreams.write(LessonsRenderer.render(course, as: format))
    for error in course.errors { StandardStreams.error(error.message) }
    if !course.errors.isEmpty { throw ExitCode(1) }
  }
}
