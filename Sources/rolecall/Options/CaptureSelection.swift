import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The captures a command was given, with folders opened: every `*.pcap`, `*.pcapng` and
/// `*.cap` file directly inside a folder, sorted by name.
///
/// Files given one by one are read as one stream, as `rolecall flows` reads them (a capture
/// split into pieces joins up again). Once a folder is among them, every capture is analysed
/// on its own and the report joins them, naming the capture of each row.
struct CaptureSelection {
  /// The captures to analyse, each a list of files read as one stream.
  var units: [[String]] = []
  /// Whether each capture is analysed on its own.
  var apart = false
  /// One-line problems with the arguments (a folder without captures).
  var errors: [String] = []

  static let extensions: Set<String> = ["pcap", "pcapng", "cap"]

  init(arguments: [String]) {
    var files: [String] = []
    for argument in arguments {
      var isDirectory: ObjCBool = false
      guard argument != "-",
        FileManager.default.fileExists(atPath: argument, isDirectory: &isDirectory),
        isDirectory.boolValue
      else {
        files.append(argument)
        continue
      }
      apart = true
      let found = Self.captures(in: argument)
      if found.isEmpty {
        errors.append("\(argument): no capture files (*.pcap, *.pcapng, *.cap) in this folder")
      }
      files += found
    }
    units = apart ? files.map { [$0] } : (files.isEmpty ? [] : [files])
  }

  /// The captures directly inside `folder`, sorted by name, as `folder/name`.
  static func captures(in folder: String) -> [String] {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
    var base = folder
    while base.count > 1 && base.hasSuffix("/") { base.removeLast() }
    let prefix = base == "/" ? "/" : base + "/"
    return names.filter { name in
      guard !name.hasPrefix("."), let dot = name.lastIndex(of: ".") else { return false }
      guard extensions.contains(name[name.index(after: dot)...].lowercased()) else { return false }
      var isDirectory: ObjCBool = false
      return FileManager.default.fileExists(atPath: prefix + name, isDirectory: &isDirectory)
        && !isDirectory.boolValue
    }.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }.map { prefix + $0 }
  }

  /// Bytes of a file, through symbolic links (0 for standard input and files that cannot be
  /// read).
  static func size(_ path: String) -> Int64 {
    var info = stat()
    guard path != "-", stat(path, &info) == 0 else { return 0 }
    return Int64(info.st_size)
  }
}
