extension BundledCourse {
  /// Swarms of peers and the trackers that introduce them.
  static let bitTorrent = Page(
    id: "file-sharing-bittorrent-swarms-and-trackers",
    markdown: #"""
      # Common Services

      ---
      ### File Sharing: BitTorrent Swarms and Trackers
      ---
      BitTorrent shares a file by cutting it into <span class="emphasis">pieces</span> and
      letting every downloader also upload the pieces it already has. All the peers sharing one
      file form a <span class="emphasis">swarm</span>. The more peers join, the more upload
      capacity the swarm has.

      A peer finds the others through a <span class="emphasis">tracker</span>, an ordinary
      server that keeps a list of the peers in each swarm, or through the distributed hash
      table (DHT) that the peers keep among themselves.

      <table class="notesTable">
        <thead>
          <tr class="tableHeader">
            <th class="tableCellHeader">Part</th>
            <th class="tableCellHeader">Role</th>
            <th class="tableCellHeader">What a Capture Shows</th>
          </tr>
        </thead>
        <tbody>
          <tr class="tableRow">
            <td class="tableCell"><span class="emphasis">Tracker</span></td>
            <td class="tableCell">Server</td>
            <td class="tableCell">Peers contact it over HTTP or UDP to announce themselves and
              get a list of other peers.</td>
          </tr>
          <tr class="tableRow">
            <td class="tableCell"><span class="emphasis">Peer</span></td>
            <td class="tableCell">Client and server</td>
            <td class="tableCell">Opens connections to other peers and accepts theirs; pieces
              flow both ways.</td>
          </tr>
          <tr class="tableRow">
            <td class="tableCell"><span class="emphasis">Seed</span></td>
            <td class="tableCell">Mostly server</td>
            <td class="tableCell">A peer that has the whole file: it only uploads, though it
              still opens connections as well as accepting them.</td>
          </tr>
        </tbody>
      </table>

      ---
      ### Recognising a Swarm in a Capture
      ---
      A swarm looks very different from client/server traffic. Many hosts exchange data with
      each other <span class="secondEmphasis">directly</span>, connections are opened in both
      directions, and the ports are high and often differ from peer to peer (6881 was the
      classic default). Only the conversations with the tracker look like client/server.

      ---
      ### Key Takeaways
      ---
      - The peers of a <span class="emphasis">swarm</span> download and upload pieces
        <span class="secondEmphasis">directly</span> to and from each other: each peer is a
        client and a server.
      - The <span class="emphasis">tracker</span> is a plain server: peers ask it who else is
        in the swarm.
      - In a capture, a swarm shows as many hosts connecting to each other in both directions
        on high ports.

      ---

      <div class="xrefNav">
        <div class="xrefItem">
          <a class="xrefBtn" href="dns-resolvers-and-authoritative-servers">← Back</a>
          <div class="xrefTitle">DNS: Resolvers and Authoritative Servers</div>
        </div>
      </div>
      """#)
}
