extension BundledCourse {
  /// How the initiator of a connection is known: the TCP handshake, and what to do without it.
  static let whoOpened = Page(
    id: "who-opened-the-connection",
    markdown: #"""
      # Roles on the Network

      ---
      ### Who Opened the Connection?
      ---
      To call a host a client, we must know which side <span class="emphasis">opened</span>
      each connection. For TCP the opening itself tells us: every connection starts with the
      <span class="emphasis">three-way handshake</span>.

      <table class="notesTable">
        <thead>
          <tr class="tableHeader">
            <th class="tableCellHeader">Step</th>
            <th class="tableCellHeader">Sent By</th>
            <th class="tableCellHeader">What It Means</th>
          </tr>
        </thead>
        <tbody>
          <tr class="tableRow">
            <td class="tableCell">1. <span class="emphasis">SYN</span></td>
            <td class="tableCell">Client</td>
            <td class="tableCell">"I want to connect": the first packet, with only the SYN flag
              set.</td>
          </tr>
          <tr class="tableRow">
            <td class="tableCell">2. <span class="emphasis">SYN-ACK</span></td>
            <td class="tableCell">Server</td>
            <td class="tableCell">"Accepted": the server agrees and acknowledges the client's
              SYN.</td>
          </tr>
          <tr class="tableRow">
            <td class="tableCell">3. <span class="emphasis">ACK</span></td>
            <td class="tableCell">Client</td>
            <td class="tableCell">The client acknowledges the server's SYN; data can now flow
              both ways.</td>
          </tr>
        </tbody>
      </table>

      The host that sends the SYN is the <span class="emphasis">initiator</span>, the client of
      that connection. The host that answers with the SYN-ACK is the
      <span class="emphasis">responder</span>, the server. A server that refuses answers the
      SYN with a RST instead, and no connection is made.

      ---
      ### When the Capture Starts Mid-Connection
      ---
      A capture often begins after some connections are already open, so their handshake is
      <span class="secondEmphasis">missing</span>. Their opener then has to be
      <span class="emphasis">inferred</span>, and an inference can be wrong.

      <table class="notesTable">
        <thead>
          <tr class="tableHeader">
            <th class="tableCellHeader">What Was Seen</th>
            <th class="tableCellHeader">What It Tells</th>
          </tr>
        </thead>
        <tbody>
          <tr class="tableRow">
            <td class="tableCell">The SYN</td>
            <td class="tableCell"><span class="emphasis">Certain</span>: its sender opened the
              connection.</td>
          </tr>
          <tr class="tableRow">
            <td class="tableCell">Only the SYN-ACK</td>
            <td class="tableCell"><span class="emphasis">Almost certain</span>: whoever received
              the SYN-ACK sent the SYN that was missed.</td>
          </tr>
          <tr class="tableRow">
            <td class="tableCell">No handshake, but one side uses a well-known port</td>
            <td class="tableCell"><span class="emphasis">A guess</span>: the side on the
              well-known port is probably the server.</td>
          </tr>
          <tr class="tableRow">
            <td class="tableCell">No handshake and no well-known port</td>
            <td class="tableCell"><span class="emphasis">Unknown</span>: a careful tool says so
              instead of guessing.</td>
          </tr>
        </tbody>
      </table>

      UDP has no handshake at all, so the first packet seen and the ports are the only clues.
      Some messages carry their direction: a DNS query always goes from client to server.

      ---
      ### Key Takeaways
      ---
      - The host that sends the <span class="emphasis">SYN</span> opened the TCP connection;
        the host that answers with the <span class="emphasis">SYN-ACK</span> accepted it.
      - When the handshake happened before the capture began, the opener is
        <span class="emphasis">inferred</span> from replies and ports, and may be wrong.
      - A report should say how it knows who opened each connection: from the handshake, by
        inference, or not at all.

      ---

      <div class="xrefNav">
        <div class="xrefItem">
          <a class="xrefBtn" href="one-host-several-roles">← Back</a>
          <div class="xrefTitle">One Host, Several Roles</div>
        </div>

        <div class="xrefItem">
          <a class="xrefBtn" href="the-web-http">Next →</a>
          <div class="xrefTitle">Next Topic: The Web: HTTP</div>
        </div>
      </div>
      """#)
}
