import Foundation

/// The course pages rolecall links findings to, and the pages that could not be read.
///
/// A bad page never stops the others: it becomes one `LessonError`, and the caller decides the
/// exit status after using everything that did read.
public struct LessonCourse: Sendable, Equatable, Codable {
  /// The pages that were read, in course order.
  public var pages: [LessonPage]
  /// One error per page (or folder) that could not be read, in the order met.
  public var errors: [LessonError]

  /// Makes a course from pages already read.
  public init(pages: [LessonPage] = [], errors: [LessonError] = []) {
    self.pages = pages
    self.errors = errors
  }

  /// The course that ships with rolecall, in reading order (its pages are in
  /// Sources/RoleCall/Lessons/Bundled, written for this project).
  public static let bundled: LessonCourse = {
    var course = LessonCourse()
    for page in BundledCourse.pages {
      do throws(LessonError) {
        course.pages.append(
          try LessonReader.read(
            markdown: page.markdown, file: "bundled/\(page.id).md", id: page.id,
            source: "bundled"))
      } catch {
        course.errors.append(error)
      }
    }
    return course
  }()

  /// The `*.md` pages directly in `folder`, in file-name order (subfolders are not read).
  public static func load(folder: String) -> LessonCourse {
    let names: [String]
    do {
      names = try FileManager.default.contentsOfDirectory(atPath: folder)
    } catch {
      let exists = FileManager.default.fileExists(atPath: folder)
      let detail = exists ? "cannot list the folder" : "no such folder"
      return LessonCourse(errors: [
        LessonError(file: folder, line: nil, kind: .cannotRead, detail: detail)
      ])
    }
    let pages = names.filter { $0.hasSuffix(".md") }.sorted()
    guard !pages.isEmpty else {
      return LessonCourse(errors: [
        LessonError(file: folder, line: nil, kind: .noPages, detail: "no lesson pages (*.md) here")
      ])
    }
    var course = LessonCourse()
    let prefix = folder.hasSuffix("/") ? folder : folder + "/"
    for name in pages {
      do throws(LessonError) {
        course.add(try LessonReader.read(contentsOf: prefix + name))
      } catch {
        course.errors.append(error)
      }
    }
    return course
  }

  /// The course `rolecall lessons` and later `analyze` use: the bundled pages, or the pages in
  /// `replacement` instead, plus the pages of each folder in `additions`.
  public static func load(
    replacingBundledWith replacement: String?, adding additions: [String]
  )
    -> LessonCourse
  {
    var course = replacement.map(load(folder:)) ?? bundled
    for folder in additions { course.add(load(folder: folder)) }
    return course
  }

  /// Adds `page`; a page with the same id replaces the one already here, in its place, so an
  /// instructor's page can stand in for a bundled one and every passage id stays unique.
  public mutating func add(_ page: LessonPage) {
    if let index = pages.firstIndex(where: { $0.id == page.id }) {
      pages[index] = page
    } else {
      pages.append(page)
    }
  }

  /// Adds `other`'s pages (as `add(_:)` does) and its errors.
  public mutating func add(_ other: LessonCourse) {
    for page in other.pages { add(page) }
    errors += other.errors
  }

  /// The page with this id, if the course has it.
  public func page(id: String) -> LessonPage? {
    pages.first { $0.id == id }
  }

  /// The page a navigation link points at, if the course has it (matched by its last path part).
  public func page(linkedBy link: NavigationLink) -> LessonPage? {
    page(id: link.targetPageID)
  }
}
