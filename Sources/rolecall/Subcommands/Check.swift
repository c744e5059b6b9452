import ArgumentParser
import Foundation
import RoleCall

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

extension GradeRenderer.Format: ExpressibleByArgument {}

/// `rolecall check LAB CAPTURE|DIR…`: grades class labs. Each capture's hosts must have the
/// roles, services and flows its lab file asks for; every miss is explained with the capture's
/// counts and the lesson passage that teaches the difference.
struct Check: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Grade host roles in class labs: check captures against a lab file.",
    discussion: """
      The lab file (YAML, described in docs/lab-format.md; examples in Samples/labs/) names the \
      hosts, by address or by the service they serve or use, the roles each must or must not \
      have (client, server, peer, not server, …), the services a server must offer and the \
      flows that must appear, with the points each check is worth.

      Give one capture, several, or a folder: every *.pcap, *.pcapng and *.cap file in it is \
      graded on its own. LAB may be a folder of lab files: each capture is then graded against \
      the lab named like it (web.lab.yaml grades web.pcap and web-alice.pcap).

      Formats: text (for a terminal), csv (one row per capture, for a gradebook), json (every \
      check), markdown and html (one self-contained page).

      Exit status: 0 when every capture passes; 1 when any expectation is missed; 2 when the \
      lab file is malformed (one line: FILE:LINE:COLUMN: what is wrong) or a capture cannot be \
      read (it is reported, graded on what was read before the fault, and the others are still \
      graded); 64 for a usage error.
      """)

  @Argument(help: ArgumentHelp("The lab file, or a folder of lab files.", valueName: "lab"))
  var lab: String

  @Argument(
    help: ArgumentHelp(
      "Capture files or folders of captures (pcap or pcapng).", valueName: "capture"))
  var captures: [String] = []

  @Option(
    name: [.customShort("f"), .customLong("filter")],
    help: ArgumentHelp(
      "Only read packets that match this BPF filter (tcpdump syntax).", valueName: "expression"))
  var filter: String?

  @OptionGroup(title: "Lessons") var lessons: LessonOptions

  @OptionGroup(title: "Output") var output: OutputOptions

  @Option(help: "Output format: text, csv, json, markdown or html.")
  var format: GradeRenderer.Format = .text

  func validate() throws {
    if captures.isEmpty { throw ValidationError("no capture given: rolecall check LAB CAPTURE…") }
  }

  func run() throws {
    var compiled: PacketFilter?
    if let filter {
      do {
        compiled = try PacketFilter(expression: filter)
      } catch {
        throw ValidationError("bad filter '\(filter)': \(error.detail)")
      }
    }
    let catalog: LabCatalog
    do {
      catalog = try LabCatalog(path: lab)
    } catch {
      StandardStreams.error(error.description)
      throw ExitCode(2)
    }
    var files: [String] = []
    var missing: [String] = []
    for argument in captures {
      var isDirectory: ObjCBool = false
      if FileManager.default.fileExists(atPath: argument, isDirectory: &isDirectory),
        isDirectory.boolValue
      {
        let found = CaptureSelection.captures(in: argument)
        if found.isEmpty {
          missing.append("\(argument): no capture files (*.pcap, *.pcapng, *.cap) in this folder")
        }
        files += found
      } else {
        files.append(argument)
      }
    }
    var destination: FileOutput
    do {
      destination = try output.open()
    } catch let error as OutputError {
      StandardStreams.error(error.message)
      throw ExitCode(2)
    }
    let course = lessons.course()
    let progress = Progress(enabled: output.showsProgress)
    let book = LabCheck.grade(
      captures: files, catalog: catalog, linker: LessonLinker(course: course), filter: compiled
    ) { number, capture in
      progress.update("grading \(capture) (\(number + 1)/\(files.count))")
    }
    progress.finish()
    let options = GradeRenderer.Options(
      color: format == .text && output.colored, width: output.width)
    GradeRenderer.render(book, as: format, options: options, to: &destination)
    if output.path != nil { close(destination.descriptor) }
    for grade in book.grades {
      if let error = grade.error { StandardStreams.error(error) }
    }
    for problem in missing + course.errors.map(\.message) { StandardStreams.error(problem) }
    if let failure = destination.failureText {
      StandardStreams.error("\(output.path ?? "standard output"): cannot write: \(failure)")
      throw ExitCode(2)
    }
    let status = missing.isEmpty ? book.exitStatus : 2
    if status != 0 { throw ExitCode(status) }
  }
}
