extension BundledCourse {
  /// What a client and a server are, and how a capture shows them.
  static let clientAndServerRoles = Page(
    id: "client-and-server-roles",
    markdown: #"""
      # Roles on the Network

      ---
      ### Client and Server Roles
      ---
      Every conversation on a network has two sides. The <span class="emphasis">client</span>
      is the side that starts it, because it wants something. The
      <span class="emphasis">server</span> is the side that waits for such requests and
      answers them.

      A role belongs to a program in one conversation, not to a machine for ever. The same laptop
      is a client when it fetches a web page and a server when it shares a folder with a
      neighbour.

      <table class="notesTable">
        <thead>
          <tr class="tableHeader">
            <th class="tableCellHeader">Role</th>
            <th class="tableCellHeader">What It Does</th>
            <th class="tableCellHeader">What a Capture Shows</th>
          </tr>
        </thead>
        <tbody>
          <tr class="tableRow">
            <td class="tableCell"><span class="emphasis">Client</span></td>
            <td class="tableCell"><span class="emphasis">Starts</span> the conversation and
              sends <span class="emphasis">requests</span>.</td>
            <td class="tableCell">Opens connections from a temporary port, often to several
              different servers.</td>
          </tr>
          <tr class="tableRow">
            <td class="tableCell"><span class="emphasis">Server</span></td>
            <td class="tableCell"><span class="emphasis">Listens</span> for requests and
              <span class="emphasis">answers</span> them.</td>
            <td class="tableCell">Accepts connections on one well-known port, usually from many
              different clients.</td>
          </tr>
        </tbody>
      </table>

      ---
      ### How Clients Find a Server
      ---
      A client has to know where to send its first packet. So a server listens on an address
      and a <span class="emphasis">well-known port</span>: a number agreed in advance for its
      service. The client picks any free <span class="secondEmphasis">temporary port</span>
      for its own side, a new one for each connection.

      <table class="notesTable">
        <thead>
          <tr class="tableHeader">
            <th class="tableCellHeader">Service</th>
            <th class="tableCellHeader">Well-Known Port</th>
          </tr>
        </thead>
        <tbody>
          <tr class="tableRow">
            <td class="tableCell"><span class="emphasis">Web</span> (HTTP and HTTPS)</td>
            <td class="tableCell">TCP 80, and TCP 443 for HTTPS.</td>
          </tr>
          <tr class="tableRow">
            <td class="tableCell"><span class="emphasis">Mail</span> between servers (SMTP)</td>
            <td class="tableCell">TCP 25.</td>
          </tr>
          <tr class="tableRow">
            <td class="tableCell"><span class="emphasis">Name lookups</span> (DNS)</td>
            <td class="tableCell">UDP 53, and TCP 53 for large answers.</td>
          </tr>
          <tr class="tableRow">
            <td class="tableCell"><span class="emphasis">Remote login</span> (SSH)</td>
            <td class="tableCell">TCP 22.</td>
          </tr>
        </tbody>
      </table>

      ---
      ### Key Takeaways
      ---
      - A <span class="emphasis">client</span> starts the conversation and asks; a
        <span class="emphasis">server</span> waits and answers.
      - Roles belong to one conversation: the same host can be a client in one and a server in
        another.
      - A server listens on a <span class="emphasis">well-known port</span>; a client uses a
        <span class="secondEmphasis">temporary port</span> that changes with each connection.

      ---

      <div class="xrefNav">
        <div class="xrefItem">
          <a class="xrefBtn" href="peer-to-peer-and-client-server">Next →</a>
          <div class="xrefTitle">Next Topic: Peer-to-Peer and Client/Server</div>
        </div>
      </div>
      """#)
}
