import Foundation

/// The labs a `rolecall check` run grades against: one lab file for every capture, or a folder
/// of lab files matched to captures by name (`web.lab.yaml` grades `web-alice.pcap`).
public struct LabCatalog: Sendable {
  /// The labs read, with the name each is matched by.
  public private(set) var labs: [(stem: String, lab: Lab)] = []
  /// True when the catalog was one file: it grades every capture.
  public let single: Bool

  /// Reads the lab file at `path`, or every `*.yaml` and `*.yml` file in the folder `path`.
  /// The first malformed lab file stops the run: grading against half a lab would mislead.
  public init(path: String) throws(LabError) {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
      throw LabError(file: path, location: nil, problem: "no such lab file or folder")
    }
    single = !isDirectory.boolValue
    if single {
      labs = [(Self.stem(path), try LabReader.read(path: path))]
      return
    }
    let names = ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? [])
      .filter { !$0.hasPrefix(".") && ($0.hasSuffix(".yaml") || $0.hasSuffix(".yml")) }.sorted()
    let folder = path.hasSuffix("/") ? path : path + "/"
    for name in names {
      labs.append((Self.stem(name), try LabReader.read(path: folder + name)))
    }
    if labs.isEmpty {
      throw LabError(
        file: path, location: nil, problem: "no lab files (*.yaml, *.yml) in this folder")
    }
  }

  /// The lab for a capture: the only lab, or the one whose name is the capture's name or the
  /// longest that starts it (followed by `-`, `_` or `.`).
  public func lab(for capture: String) -> Lab? {
    if single { return labs.first?.lab }
    let name = Self.stem(capture)
    var best: (stem: String, lab: Lab)?
    for entry in labs {
      let fits =
        name == entry.stem
        || ["-", "_", "."].contains { name.hasPrefix(entry.stem + $0) }
      if fits && entry.stem.count > (best?.stem.count ?? -1) { best = entry }
    }
    return best?.lab
  }

  /// A file's name without its folder and its extensions (`.lab.yaml`, `.yaml`, `.pcap`, …).
  static func stem(_ path: String) -> String {
    var name = String(path.split(separator: "/").last ?? "")
    for suffix in [".yaml", ".yml", ".lab", ".pcapng", ".pcap", ".cap"] where name.hasSuffix(suffix)
    {
      name.removeLast(suffix.count)
    }
    return name
  }
}

/// Grades captures: reads each one on its own (its flow table is gone before the next), builds
/// its report and grades it against its lab.
public enum LabCheck {
  public static func grade(
    captures: [String], catalog: LabCatalog, linker: LessonLinker?, filter: PacketFilter? = nil,
    timeouts: FlowTimeouts = FlowTimeouts(), progress: (Int, String) -> Void = { _, _ in }
  ) -> GradeBook {
    var grades: [CaptureGrade] = []
    var graders: [String: Grader] = [:]
    for (number, capture) in captures.enumerated() {
      progress(number, capture)
      guard let lab = catalog.lab(for: capture) else {
        grades.append(unmatched(capture, catalog))
        continue
      }
      let grader = graders[lab.file] ?? Grader(lab: lab, linker: linker)
      graders[lab.file] = grader
      var analysis = FlowAnalysis(timeouts: timeouts)
      analysis.read(path: capture, filter: filter)
      let roles = RoleInference.analyze(analysis.tracker.flows)
      let report = AnalysisReport(analysis, roles: roles)
      grades.append(grader.grade(report, capture: capture, error: analysis.errors.first?.message))
    }
    return GradeBook(grades: grades)
  }

  private static func unmatched(_ capture: String, _ catalog: LabCatalog) -> CaptureGrade {
    let names = catalog.labs.map(\.stem).joined(separator: ", ")
    return CaptureGrade(
      capture: capture, lab: "", labTitle: "", points: 0, earned: 0, passed: false, bindings: [],
      checks: [], packets: 0, flows: 0,
      error: "\(capture): no lab matches this capture's name (labs: \(names))")
  }
}
