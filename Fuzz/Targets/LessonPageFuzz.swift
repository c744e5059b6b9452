// libFuzzer target: the lesson page reader (Markdown with HTML tables and a navigation block).
//
// Input: a whole page, as bytes. The reader must return a page or throw one `LessonError`, whose
// message is one line naming the file, with a line number inside the page; a page it returns
// has a title and its passages have ids and text.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzLessonPage(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  let bytes = [UInt8](UnsafeBufferPointer(start: data, count: size))
  let lines = bytes.reduce(1) { $0 + ($1 == 0x0A ? 1 : 0) }
  do {
    let page = try LessonReader.read(bytes: bytes, file: "fuzz.md")
    for section in page.sections {
      for passage in section.passages {
        expect(!passage.id.isEmpty, "a passage without an id")
      }
    }
  } catch {
    let message = error.message
    expect(!message.contains("\n"), "a message of several lines: \(message)")
    expect(message.hasPrefix("fuzz.md"), "a message that does not name the file: \(message)")
    if let line = error.line { expect(line >= 1 && line <= lines + 1, "line \(line) of \(lines)") }
  }
  return 0
}

private func expect(_ condition: Bool, _ message: @autoclosure () -> String) {
  if !condition { fatalError("lesson-page: \(message())") }
}
