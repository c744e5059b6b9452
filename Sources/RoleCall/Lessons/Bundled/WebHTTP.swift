extension BundledCourse {
  /// Browsers and web servers: HTTP requests and responses.
  static let webHTTP = Page(
    id: "the-web-http",
    markdown: #"""
      # Common Services

      ---
      ### The Web: HTTP
      ---
      A <span class="emphasis">web browser</span> is a client. To show a page it connects to a
      <span class="emphasis">web server</span> and sends <span class="emphasis">HTTP</span>
      requests: "GET this page", "GET this picture". The server sends back one response for
      each request.

      Plain HTTP uses TCP port 80. <span class="emphasis">HTTPS</span> is HTTP inside an
      encrypted TLS connection, on TCP port 443. A capture of HTTPS still shows who connected to
      whom, but not which pages were asked for.

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
            <td class="tableCell"><span class="emphasis">Browser</span></td>
            <td class="tableCell">Client</td>
            <td class="tableCell">Opens one or more connections to port 80 or 443, each from a
              new temporary port.</td>
          </tr>
          <tr class="tableRow">
            <td class="tableCell"><span class="emphasis">Web server</span></td>
            <td class="tableCell">Server</td>
            <td class="tableCell">Accepts connections on port 80 or 443 from many browsers, and
              never opens one to a browser.</td>
          </tr>
          <tr class="tableRow">
            <td class="tableCell"><span class="emphasis">Request</span></td>
            <td class="tableCell">From client to server</td>
            <td class="tableCell">A method and a path, such as GET /index.html, then
              headers.</td>
          </tr>
          <tr class="tableRow">
            <td class="tableCell"><span class="emphasis">Response</span></td>
            <td class="tableCell">From server to client</td>
            <td class="tableCell">A status, such as 200 OK or 404 Not Found, then headers and
              the content.</td>
          </tr>
        </tbody>
      </table>

      ---
      ### One Page, Many Servers
      ---
      A web page is rarely served by one host. The page itself may come from one server, its
      pictures from a content delivery network, and its fonts and scripts from others again.
      So a capture of one page load shows one browser acting as the client of
      <span class="secondEmphasis">several web servers</span>.

      ---
      ### Key Takeaways
      ---
      - The <span class="emphasis">browser</span> is the client; the
        <span class="emphasis">web server</span> accepts its connections on port 80 (HTTP) or
        443 (HTTPS).
      - Every HTTP exchange is a <span class="emphasis">request</span> from the client
        followed by a <span class="emphasis">response</span> from the server.
      - A busy web server answers <span class="secondEmphasis">many clients</span>, and one
        page load can make a browser the client of several servers.

      ---

      <div class="xrefNav">
        <div class="xrefItem">
          <a class="xrefBtn" href="who-opened-the-connection">← Back</a>
          <div class="xrefTitle">Who Opened the Connection?</div>
        </div>

        <div class="xrefItem">
          <a class="xrefBtn" href="email-smtp-relays">Next →</a>
          <div class="xrefTitle">Next Topic: Email: SMTP Relays</div>
        </div>
      </div>
      """#)
}
