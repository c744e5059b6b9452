extension BundledCourse {
  /// How mail moves between servers with SMTP, and why a relay has both roles.
  static let emailSMTP = Page(
    id: "email-smtp-relays",
    markdown: #"""
      # Common Services

      ---
      ### Email: SMTP Relays
      ---
      An email crosses several hosts on its way. The sender's mail program hands the message to
      its <span class="emphasis">mail server</span>, that server passes it on to the
      recipient's mail server, and the recipient later reads it from there. Each handoff uses
      <span class="emphasis">SMTP</span>, the Simple Mail Transfer Protocol.

      In every SMTP handoff the host that has the message is the client and the host that takes
      it is the server. So a <span class="emphasis">relay</span> is a server while it receives
      a message and a client while it sends the message on.

      <table class="notesTable">
        <thead>
          <tr class="tableHeader">
            <th class="tableCellHeader">Step</th>
            <th class="tableCellHeader">Client</th>
            <th class="tableCellHeader">Server</th>
            <th class="tableCellHeader">Port</th>
          </tr>
        </thead>
        <tbody>
          <tr class="tableRow">
            <td class="tableCell"><span class="emphasis">Submission</span></td>
            <td class="tableCell">The sender's mail program</td>
            <td class="tableCell">The sender's mail server</td>
            <td class="tableCell">TCP 587, or 465 with TLS from the start</td>
          </tr>
          <tr class="tableRow">
            <td class="tableCell"><span class="emphasis">Relay</span></td>
            <td class="tableCell">The sender's mail server</td>
            <td class="tableCell">The recipient's mail server, found with a DNS MX lookup</td>
            <td class="tableCell">TCP 25</td>
          </tr>
          <tr class="tableRow">
            <td class="tableCell"><span class="emphasis">Reading</span></td>
            <td class="tableCell">The recipient's mail program</td>
            <td class="tableCell">The recipient's mail server, using IMAP or POP3 rather than
              SMTP</td>
            <td class="tableCell">TCP 143 or 993 (IMAP), 110 or 995 (POP3)</td>
          </tr>
        </tbody>
      </table>

      ---
      ### Spotting a Relay in a Capture
      ---
      A relay shows both roles on the mail ports: it accepts connections on port 25 (or 587)
      and opens its own connections to port 25 on other servers. A host that only opens
      connections to port 25 is sending mail; a host that only accepts them is where mail
      ends up.

      ---
      ### Key Takeaways
      ---
      - SMTP moves mail from the host that has a message (the client) to the host that takes
        it (the server).
      - A <span class="emphasis">mail relay</span> is a server to the host that hands it mail
        and a client of the next mail server: it has <span class="secondEmphasis">both</span>
        roles.
      - Reading mail uses other protocols, IMAP and POP3, with the mail program as the client.

      ---

      <div class="xrefNav">
        <div class="xrefItem">
          <a class="xrefBtn" href="the-web-http">← Back</a>
          <div class="xrefTitle">The Web: HTTP</div>
        </div>

        <div class="xrefItem">
          <a class="xrefBtn" href="dns-resolvers-and-authoritative-servers">Next →</a>
          <div class="xrefTitle">Next Topic: DNS: Resolvers and Authoritative Servers</div>
        </div>
      </div>
      """#)
}
