import Foundation
import Testing

/// The built `rolecall` binary: output, one-line errors on standard error, and exit codes.
@Suite struct CommandLineTests {
  func capture(_ name: String) throws -> String {
    let folder = try TestPaths.temporaryFolder()
    let frames = [
      FrameBuilder.webSegment(toServer: true, flags: 0x02),
      FrameBuilder.webSegment(toServer: false, flags: 0x12),
      FrameBuilder.ethernet(
        FrameBuilder.ipv4(
          0x0A00_0001, 0x0A00_0035, protocol: 17, FrameBuilder.udp(40000, 53, [0, 1, 1, 0]))),
    ]
    let packets = frames.enumerated().map {
      CaptureWriter.Packet(seconds: 100 + UInt32($0.offset), fraction: 0, bytes: $0.element)
    }
    return try CaptureWriter.write(CaptureWriter.pcap(packets), named: name, in: folder)
  }

  @Test func textOutputShowsFlowsAndTotals() throws {
    let path = try capture("two.pcap")
    let result = try ProcessResult.run(TestPaths.binary, ["flows", path])
    #expect(result.status == 0)
    #expect(result.standardError.isEmpty)
    let lines = result.standardOutput.split(separator: "\n").map(String.init)
    #expect(
      lines[1].hasPrefix(
        "tcp    10.0.0.11:40000  ->  10.0.0.10:80  handshake  S1     Sh           1      54      1      54"
      ))
    #expect(
      lines[2].hasPrefix(
        "udp    10.0.0.1:40000   ->  10.0.0.53:53  inferred   S0     -            1      46      0       0"
      ))
    #expect(result.standardOutput.contains("flows 2: tcp 1, udp 1\n"))
    #expect(result.standardOutput.contains("initiator known: handshake 1, inferred 1\n"))
  }

  @Test func filtersLikeTcpdump() throws {
    let path = try capture("f.pcap")
    let trailing = try ProcessResult.run(
      TestPaths.binary, ["flows", "--format", "json", "-r", path, "udp", "port", "53"])
    #expect(trailing.status == 0)
    #expect(trailing.standardOutput.contains("\"filteredOut\" : 2"))
    let option = try ProcessResult.run(
      TestPaths.binary, ["flows", "--format", "json", path, "-f", "udp port 53"])
    #expect(option.standardOutput == trailing.standardOutput)
  }

  @Test func badFilterIsAUsageError() throws {
    let path = try capture("b.pcap")
    let result = try ProcessResult.run(TestPaths.binary, ["flows", path, "-f", "tcp port"])
    #expect(result.status == 64)
    #expect(
      result.standardError.hasPrefix(
        "Error: bad filter 'tcp port': can't parse filter expression: syntax error"))
    #expect(result.standardOutput.isEmpty)
  }

  @Test func unreadableFileStillPrintsTheRest() throws {
    let path = try capture("ok.pcap")
    let result = try ProcessResult.run(
      TestPaths.binary, ["flows", "--format", "tsv", path, "/nonexistent.pcap"])
    #expect(result.status == 1)
    #expect(
      result.standardError
        == "rolecall: /nonexistent.pcap: cannot open: no such file or directory\n")
    #expect(result.standardOutput.hasPrefix("#separator \\x09\n"))
    #expect(result.standardOutput.split(separator: "\n").filter { !$0.hasPrefix("#") }.count == 2)
  }

  @Test func tsvHasZeekHeaders() throws {
    let path = try capture("z.pcap")
    let result = try ProcessResult.run(TestPaths.binary, ["flows", "--format", "tsv", path])
    let fields = result.standardOutput.split(separator: "\n").first { $0.hasPrefix("#fields") }
    #expect(
      fields?.hasPrefix("#fields\tts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tproto\t")
        == true)
  }
}
