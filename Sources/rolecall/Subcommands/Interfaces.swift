import ArgumentParser
import RoleCall

/// `rolecall interfaces`: the interfaces `rolecall live -i` can capture on, like `tcpdump -D`.
struct Interfaces: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "List the interfaces rolecall live can capture on, with their addresses.",
    discussion: """
      One line per interface as tcpdump -D prints it (number, name, description, flags), then \
      its IPv4 and IPv6 addresses with their prefix lengths. Pass the name to rolecall live -i.
      """)

  func run() throws {
    let interfaces: [CaptureInterface]
    do {
      interfaces = try CaptureInterface.all()
    } catch {
      StandardStreams.error(error.message)
      throw ExitCode(1)
    }
    var output = ""
    for (number, interface) in interfaces.enumerated() {
      output += interface.line(number: number + 1) + "\n"
      for address in interface.addresses {
        let prefix = address.prefixLength.map { "/\($0)" } ?? ""
        output += "    \(address.family) \(address.address)\(prefix)\n"
      }
    }
    StandardStreams.write(output)
  }
}
