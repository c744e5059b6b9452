extension BundledCourse {
  /// Stub resolvers, recursive resolvers and authoritative servers.
  static let dns = Page(
    id: "dns-resolvers-and-authoritative-servers",
    markdown: #"""
      # Common Services

      ---
      ### DNS: Resolvers and Authoritative Servers
      ---
      Before a client can connect to www.example.com it needs that host's address, so it asks
      the <span class="emphasis">Domain Name System</span> (DNS). It sends a short
      <span class="emphasis">query</span>, usually one UDP packet to port 53, and gets one
      <span class="emphasis">response</span> back.

      DNS servers come in two kinds. A <span class="emphasis">resolver</span> does the
      searching for its clients. An <span class="emphasis">authoritative server</span> holds
      the records of its own zones, such as example.com, and answers only about those.

      <table class="notesTable">
        <thead>
          <tr class="tableHeader">
            <th class="tableCellHeader">Host</th>
            <th class="tableCellHeader">Role</th>
            <th class="tableCellHeader">What It Does</th>
          </tr>
        </thead>
        <tbody>
          <tr class="tableRow">
            <td class="tableCell"><span class="emphasis">Stub resolver</span> (in the laptop or
              phone)</td>
            <td class="tableCell">Client</td>
            <td class="tableCell">Sends the question to its configured resolver and waits for
              the answer.</td>
          </tr>
          <tr class="tableRow">
            <td class="tableCell"><span class="emphasis">Recursive resolver</span></td>
            <td class="tableCell">Server and client</td>
            <td class="tableCell">Answers its clients, from its cache when it can; otherwise
              asks other name servers itself.</td>
          </tr>
          <tr class="tableRow">
            <td class="tableCell"><span class="emphasis">Root and TLD servers</span></td>
            <td class="tableCell">Server</td>
            <td class="tableCell">Do not know the final answer, but refer the resolver to the
              servers for the next part of the name (.com, then example.com).</td>
          </tr>
          <tr class="tableRow">
            <td class="tableCell"><span class="emphasis">Authoritative server</span></td>
            <td class="tableCell">Server</td>
            <td class="tableCell">Gives the final answer for the names in its zones.</td>
          </tr>
        </tbody>
      </table>

      ---
      ### Reading DNS in a Capture
      ---
      A query always goes from client to server, so even without a handshake the sender of a
      query is the client. A recursive resolver is easy to spot: it receives queries on port 53
      from many hosts and sends queries of its own to port 53 on many others. Large answers,
      and copies of whole zones, travel over TCP port 53 instead of UDP.

      ---
      ### Key Takeaways
      ---
      - The host that sends a DNS <span class="emphasis">query</span> is the client; the host
        that answers it is the server.
      - A <span class="emphasis">recursive resolver</span> is a server for its clients and a
        client of the root, TLD and authoritative servers: it has
        <span class="secondEmphasis">both</span> roles.
      - An <span class="emphasis">authoritative server</span> answers from its own records: it
        does not ask other servers to answer a query.

      ---

      <div class="xrefNav">
        <div class="xrefItem">
          <a class="xrefBtn" href="email-smtp-relays">← Back</a>
          <div class="xrefTitle">Email: SMTP Relays</div>
        </div>

        <div class="xrefItem">
          <a class="xrefBtn" href="file-sharing-bittorrent-swarms-and-trackers">Next →</a>
          <div class="xrefTitle">Next Topic: File Sharing: BitTorrent Swarms and Trackers</div>
        </div>
      </div>
      """#)
}
