extension BundledCourse {
  /// The two models of sharing work, and how a capture tells them apart.
  static let peerToPeer = Page(
    id: "peer-to-peer-and-client-server",
    markdown: #"""
      # Roles on the Network

      ---
      ### Peer-to-Peer and Client/Server
      ---
      In the <span class="emphasis">client/server</span> model the work is split unevenly: a
      few servers hold the data and many clients come to them. When the server is down, no
      client is served.

      In the <span class="emphasis">peer-to-peer</span> (P2P) model every participant is a
      <span class="emphasis">peer</span>: it downloads from the others and
      <span class="secondEmphasis">uploads</span> to them too. Each peer is a client and a
      server at the same time.

      <table class="notesTable">
        <thead>
          <tr class="tableHeader">
            <th class="tableCellHeader">Model</th>
            <th class="tableCellHeader">Who Holds the Data</th>
            <th class="tableCellHeader">Who Opens Connections</th>
          </tr>
        </thead>
        <tbody>
          <tr class="tableRow">
            <td class="tableCell"><span class="emphasis">Client/Server</span></td>
            <td class="tableCell">The servers; a client keeps at most a copy.</td>
            <td class="tableCell">Clients open them and servers
              <span class="emphasis">accept</span> them, never the other way round.</td>
          </tr>
          <tr class="tableRow">
            <td class="tableCell"><span class="emphasis">Peer-to-Peer (P2P)</span></td>
            <td class="tableCell">Spread over the peers; each holds some of it.</td>
            <td class="tableCell">Any peer opens them to any other, so they go in
              <span class="secondEmphasis">both directions</span>.</td>
          </tr>
        </tbody>
      </table>

      ---
      ### Telling Them Apart in a Capture
      ---
      Look at who opens connections to whom. In client/server traffic the arrows point one way:
      many hosts connect to the same few hosts, which never connect back. In peer-to-peer
      traffic the arrows point both ways: the same group of hosts connect to each other,
      often on high port numbers that belong to no well-known service.

      <table class="notesTable">
        <thead>
          <tr class="tableHeader">
            <th class="tableCellHeader">Pattern</th>
            <th class="tableCellHeader">Likely Model</th>
          </tr>
        </thead>
        <tbody>
          <tr class="tableRow">
            <td class="tableCell">Many hosts connect to one host on one well-known port.</td>
            <td class="tableCell"><span class="emphasis">Client/server</span>: that host is a
              server and the others are its clients.</td>
          </tr>
          <tr class="tableRow">
            <td class="tableCell">A group of hosts connect to each other in both
              directions.</td>
            <td class="tableCell"><span class="emphasis">Peer-to-peer</span>: the hosts are
              peers sharing <span class="secondEmphasis">directly</span>.</td>
          </tr>
          <tr class="tableRow">
            <td class="tableCell">Two hosts each open connections to the other.</td>
            <td class="tableCell">Either peers, or two hosts that are each a server for a
              different service: the ports tell which.</td>
          </tr>
        </tbody>
      </table>

      ---
      ### Key Takeaways
      ---
      - In <span class="emphasis">client/server</span>, connections point one way: clients open
        them and servers accept them.
      - In <span class="emphasis">P2P</span>, every <span class="emphasis">peer</span> both
        downloads and uploads, so connections go in
        <span class="secondEmphasis">both directions</span>.
      - A capture tells the two models apart by who opens connections to whom, not by how much
        data flows.

      ---

      <div class="xrefNav">
        <div class="xrefItem">
          <a class="xrefBtn" href="client-and-server-roles">← Back</a>
          <div class="xrefTitle">Client and Server Roles</div>
        </div>

        <div class="xrefItem">
          <a class="xrefBtn" href="one-host-several-roles">Next →</a>
          <div class="xrefTitle">Next Topic: One Host, Several Roles</div>
        </div>
      </div>
      """#)
}
