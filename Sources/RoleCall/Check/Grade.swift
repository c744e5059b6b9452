/// The outcome of one check of a lab against one capture.
public struct CheckResult: Sendable, Codable, Equatable {
  /// What the lab expects, in a sentence: `web is a server`, `alice opens a flow to web on
  /// tcp/80, client-server`.
  public var expectation: String
  /// The lab's name of the host (or of the flow's opener).
  public var host: String?
  /// The capture's addresses the check was about.
  public var addresses: [String]
  public var met: Bool
  public var points: Int
  public var earned: Int
  /// What the capture shows, with the counts: the evidence for a met check, the difference
  /// for a missed one.
  public var explanation: String
  /// For a missed check, the course passage that explains the difference.
  public var lesson: LessonLink?
  /// Where the expectation is written in the lab file.
  public var location: LabLocation
}

/// Which capture hosts a lab name stands for.
public struct HostBinding: Sendable, Codable, Equatable {
  public var name: String
  /// How the lab names it: an address, `serves tcp/80`, `uses tcp/80`.
  public var selector: String
  public var addresses: [String]
}

/// One capture graded against one lab.
public struct CaptureGrade: Sendable, Codable, Equatable {
  /// The capture's path.
  public var capture: String
  /// The lab file's path and title.
  public var lab: String
  public var labTitle: String
  public var points: Int
  public var earned: Int
  /// Every check met and the capture read without error.
  public var passed: Bool
  public var bindings: [HostBinding]
  public var checks: [CheckResult]
  /// Packets and flows read from the capture.
  public var packets: Int
  public var flows: Int
  /// The one-line error that stopped reading the capture (or grading it), if any; what was
  /// read before it is still graded.
  public var error: String?

  /// The score as a percentage of the points, 0 when the lab has no points.
  public var percent: Double { points == 0 ? 0 : Double(earned) * 100 / Double(points) }
}

/// Every capture graded: what `rolecall check` prints.
public struct GradeBook: Sendable, Codable, Equatable {
  public var grades: [CaptureGrade]
  /// Captures that passed, missed something, or could not be graded.
  public var passed: Int
  public var failed: Int
  public var errors: Int

  public init(grades: [CaptureGrade]) {
    self.grades = grades
    passed = grades.filter { $0.passed }.count
    errors = grades.filter { $0.error != nil }.count
    failed = grades.count - passed - errors
  }

  /// The exit status: 0 when every capture passed, 1 when a check was missed, 2 when a
  /// capture could not be read (or graded).
  public var exitStatus: Int32 { errors > 0 ? 2 : (failed > 0 ? 1 : 0) }
}
