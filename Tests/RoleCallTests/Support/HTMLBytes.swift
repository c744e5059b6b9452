@testable import RoleCall

/// The two ways of writing the HTML page's repeated parts, for the tests that hold the bytes to
/// the templates: Mustache's rendering of a template, and what a byte writer puts in a buffer.
enum HTMLBytes {
  static func byTemplate(_ view: Any, _ template: String) -> String {
    HTMLReportRenderer.library?.render(view, withTemplate: template) ?? "(no library)"
  }

  static func byBytes(_ write: (ByteBuffer) -> Void) -> String {
    let buffer = ByteBuffer(capacity: 16)
    write(buffer)
    return buffer.take()
  }
}
