import Foundation
import Yams

/// A lab file that cannot be used, with the place in the file that is wrong.
public struct LabError: Error, Sendable, Equatable, CustomStringConvertible {
  public var file: String
  /// Where the problem is; nil when the file could not be read at all.
  public var location: LabLocation?
  public var problem: String

  /// One line: `FILE:LINE:COLUMN: problem`.
  public var description: String {
    let problem = problem.split(whereSeparator: \.isNewline).joined(separator: " ")
    if let location { return "\(file):\(location): \(problem)" }
    return "\(file): \(problem)"
  }
}

/// Reads lab files (docs/lab-format.md). Yams parses the YAML; this checks it against the
/// lab's schema node by node, so every complaint carries the line and column it is about.
public enum LabReader {
  /// Reads the lab file at `path`.
  public static func read(path: String) throws(LabError) -> Lab {
    guard let data = FileManager.default.contents(atPath: path) else {
      throw LabError(file: path, location: nil, problem: "cannot read the lab file")
    }
    guard let text = String(data: data, encoding: .utf8) else {
      throw LabError(file: path, location: nil, problem: "not a text file (not UTF-8)")
    }
    return try parse(text, file: path)
  }

  /// Reads a lab from YAML text; `file` names it in errors.
  public static func parse(_ text: String, file: String) throws(LabError) -> Lab {
    let root: Node?
    do {
      root = try Yams.compose(yaml: text)
    } catch let error as YamlError {
      throw syntaxError(error, file: file)
    } catch {
      throw LabError(file: file, location: nil, problem: "not YAML: \(error)")
    }
    guard let root else {
      throw LabError(
        file: file, location: LabLocation(line: 1, column: 1), problem: "empty lab file")
    }
    var schema = LabSchema(file: file)
    return try schema.lab(root)
  }

  /// The line and column of a byte offset (the reader's errors carry only the offset).
  private static func position(ofByte offset: Int, in text: String) -> LabLocation {
    var line = 1
    var column = 1
    for byte in text.utf8.prefix(max(0, offset)) {
      if byte == 0x0A {
        line += 1
        column = 1
      } else if byte & 0xC0 != 0x80 {
        column += 1
      }
    }
    return LabLocation(line: line, column: column)
  }

  /// Turns Yams' multi-line error into one line with the position of the problem.
  private static func syntaxError(_ error: YamlError, file: String) -> LabError {
    func at(_ mark: Mark, _ problem: String, _ context: YamlError.Context?) -> LabError {
      let context = context.map { "\($0.text), " } ?? ""
      return LabError(
        file: file, location: LabLocation(line: mark.line, column: mark.column),
        problem: "not valid YAML: \(context)\(problem)")
    }
    switch error {
    case .scanner(let context, let problem, let mark, _),
      .parser(let context, let problem, let mark, _),
      .composer(let context, let problem, let mark, _):
      return at(mark, problem, context)
    case .duplicatedKeysInMapping(let duplicates, let context):
      return LabError(
        file: file, location: LabLocation(line: context.mark.line, column: context.mark.column),
        problem: "a key is given twice: \(duplicates.sorted().joined(separator: ", "))")
    case .reader(let problem, let offset, _, let yaml):
      return LabError(
        file: file, location: offset.map { position(ofByte: $0, in: yaml) },
        problem: "not valid YAML: \(problem)")
    default:
      return LabError(file: file, location: nil, problem: "not valid YAML: \(error)")
    }
  }
}
