// libFuzzer target: the lab file reader of `rolecall check` (YAML through Yams, then the lab's
// schema).
//
// Input: a whole lab file, as bytes. The reader must return a lab or throw one `LabError`, whose
// message is one line naming the file, with a line and column inside the file; a lab it returns
// names at least one host, and every flow names hosts the lab defines.

import Foundation

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzLabFile(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
  // libyaml breaks lines at LF, CR, CR LF, NEL, LS and PS.
  var lines = 1
  var previous: Unicode.Scalar = " "
  for scalar in text.unicodeScalars {
    switch scalar {
    case "\n": if previous != "\r" { lines += 1 }
    case "\r", "\u{85}", "\u{2028}", "\u{2029}": lines += 1
    default: break
    }
    previous = scalar
  }
  do {
    let lab = try LabReader.parse(text, file: "fuzz.yaml")
    let names = Set(lab.hosts.map(\.name))
    expect(!names.isEmpty, "a lab without hosts")
    for flow in lab.flows {
      expect(names.contains(flow.from) && names.contains(flow.to), "a flow to an unknown host")
    }
    for host in lab.hosts {
      expect(host.count >= 1 && host.points >= 0, "host \(host.name): count or points")
      expect(host.services.allSatisfy { $0.points >= 0 }, "a service without points")
    }
  } catch {
    let message = error.description
    expect(!message.contains("\n"), "a message of several lines: \(message)")
    expect(message.hasPrefix("fuzz.yaml"), "a message that does not name the file: \(message)")
    if let location = error.location {
      expect(location.line >= 1 && location.line <= lines + 1, "line \(location.line) of \(lines)")
      expect(location.column >= 1, "column \(location.column)")
    }
  }
  return 0
}

private func expect(_ condition: Bool, _ message: @autoclosure () -> String) {
  if !condition { fatalError("lab-file: \(message())") }
}
