extension BundledCourse {
  /// Hosts that are clients and servers at once: resolvers, relays, proxies, peers.
  static let severalRoles = Page(
    id: "one-host-several-roles",
    markdown: #"""
      # Roles on the Network

      ---
      ### One Host, Several Roles
      ---
      Roles belong to conversations, so one host can hold several at once. A host is a
      <span class="emphasis">client</span> in every conversation it opens and a
      <span class="emphasis">server</span> in every conversation it accepts. When it does
      <span class="secondEmphasis">both</span>, it is both, and a good report says so instead
      of picking one.

      Many servers have to ask another server before they can answer. While such a server
      waits, it is a server to the host that asked it and a client of the host it asks.

      <table class="notesTable">
        <thead>
          <tr class="tableHeader">
            <th class="tableCellHeader">Kind of Host</th>
            <th class="tableCellHeader">Server To</th>
            <th class="tableCellHeader">Client Of</th>
          </tr>
        </thead>
        <tbody>
          <tr class="tableRow">
            <td class="tableCell"><span class="emphasis">DNS resolver</span></td>
            <td class="tableCell">The laptops and phones that send it questions.</td>
            <td class="tableCell">Root, top-level-domain and authoritative name servers.</td>
          </tr>
          <tr class="tableRow">
            <td class="tableCell"><span class="emphasis">Mail relay</span></td>
            <td class="tableCell">The mail programs and servers that hand it messages.</td>
            <td class="tableCell">The next mail server on the way to the recipient.</td>
          </tr>
          <tr class="tableRow">
            <td class="tableCell"><span class="emphasis">Web proxy</span></td>
            <td class="tableCell">The browsers set up to use it.</td>
            <td class="tableCell">The web servers it fetches pages from.</td>
          </tr>
          <tr class="tableRow">
            <td class="tableCell"><span class="emphasis">Application server</span></td>
            <td class="tableCell">Browsers, or the load balancer in front of it.</td>
            <td class="tableCell">Its database, cache and other internal services.</td>
          </tr>
          <tr class="tableRow">
            <td class="tableCell"><span class="emphasis">BitTorrent peer</span></td>
            <td class="tableCell">Peers that download pieces from it.</td>
            <td class="tableCell">Peers it downloads pieces from, and the tracker.</td>
          </tr>
        </tbody>
      </table>

      ---
      ### Proxies and Relays
      ---
      A <span class="emphasis">proxy</span> stands in the middle on purpose: the client
      connects to the proxy, and the proxy opens a second connection to the real server. A
      capture shows two connections, not one: the proxy accepts the first and opens the
      second.

      A <span class="emphasis">relay</span> passes something along without being its final
      destination. A mail relay accepts a message from one server and then delivers it to the
      next.

      ---
      ### Key Takeaways
      ---
      - A host is a client in the conversations it opens and a server in those it accepts; it
        can be <span class="secondEmphasis">both</span> at once.
      - <span class="emphasis">Resolvers</span>, <span class="emphasis">relays</span> and
        <span class="emphasis">proxies</span> are servers that are also clients: they ask
        other servers for what they were asked.
      - Through a proxy, one exchange becomes two connections, with the proxy in the middle.

      ---

      <div class="xrefNav">
        <div class="xrefItem">
          <a class="xrefBtn" href="peer-to-peer-and-client-server">← Back</a>
          <div class="xrefTitle">Peer-to-Peer and Client/Server</div>
        </div>

        <div class="xrefItem">
          <a class="xrefBtn" href="who-opened-the-connection">Next →</a>
          <div class="xrefTitle">Next Topic: Who Opened the Connection?</div>
        </div>
      </div>
      """#)
}
