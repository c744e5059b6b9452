/// The Mustache templates of the HTML report. `{{name}}` is HTML-escaped by swift-mustache, so
/// every string from a capture or a course page goes through it; the only unescaped insert,
/// `{{{style}}}`, is the constant style sheet below. The parts that repeat (the connection
/// graphs, host cards, swarms, flow rows and warnings) are written in bytes in the markup of
/// `graph`, `hostCard`, `swarm`, `flowRows` and `warning`, escaped the same way; the tests render
/// those templates to hold the bytes to them.
enum HTMLReportTemplates {
  static let top = #"""
    <!DOCTYPE html>
    <html lang="en">
    <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <meta name="generator" content="rolecall">
    <title>rolecall report: {{title}}</title>
    <style>
    {{{style}}}
    </style>
    </head>
    <body>
    <header>
    <h1>rolecall report</h1>
    <p class="subtitle">{{title}}</p>
    </header>
    <main>
    <section id="summary">
    <h2>Summary</h2>
    <dl class="summary">
    {{#summary}}
    <div><dt>{{label}}</dt><dd>{{value}}</dd></div>
    {{/summary}}
    </dl>
    </section>

    """#

  /// After the connection graphs, which `graph(_:to:)` writes in bytes in the `graph`
  /// template's markup.
  static let hostsStart = #"""
    <section id="hosts">
    <h2>Hosts, most significant first</h2>
    <p class="help">What each host did, in plain words, with the evidence; beside each finding, the passage of the course that explains it.</p>
    {{^hosts}}
    <p>No host: the captures hold no TCP or UDP flow.</p>
    {{/hosts}}

    """#

  /// One host's card, as `hostCard(_:to:)` writes it in bytes (a test renders both).
  static let hostCard = #"""
    <article class="host" id="{{anchor}}">
    <h3><span class="address">{{address}}</span>{{#roles}} <span class="badge {{.}}">{{.}}</span>{{/roles}}{{^roles}} <span class="badge none">no role</span>{{/roles}}{{#capture}} <span class="capture">in {{.}}</span>{{/capture}}</h3>
    {{^findings}}
    <p class="quiet">Only unanswered or unclassified traffic: no role follows from it.</p>
    {{/findings}}
    {{#findings}}
    <div class="finding">
    <p class="claim">{{text}}</p>
    <aside class="lessons">
    {{#lessons}}
    <blockquote><p>{{quote}}</p><cite>{{source}}</cite></blockquote>
    {{/lessons}}
    {{^lessons}}
    <p class="nolesson">None of the loaded course pages teaches this well enough to quote.</p>
    {{/lessons}}
    {{#related}}
    <p class="related">See also: {{.}}</p>
    {{/related}}
    </aside>
    </div>
    {{/findings}}
    {{#hasDetails}}
    <dl class="details">
    {{#details}}
    <div><dt>{{label}}</dt><dd>{{value}}</dd></div>
    {{/details}}
    </dl>
    {{/hasDetails}}
    </article>

    """#

  /// The page after the host cards, up to the first swarm.
  static let middle = #"""
    {{#moreHosts}}
    <p class="more">{{.}}</p>
    {{/moreHosts}}
    </section>
    <section id="swarms">
    <h2>Peer-to-peer groups (swarms)</h2>
    {{^swarms}}
    <p>None: no host exchanged peer-to-peer flows.</p>
    {{/swarms}}

    """#

  /// One swarm, as `swarm(_:to:)` writes it in bytes (a test renders both).
  static let swarm = #"""
    <article class="swarm">
    <h3>Swarm {{number}}{{#capture}} <span class="capture">in {{.}}</span>{{/capture}}</h3>
    <div class="finding">
    <div>
    <p class="members">{{members}}</p>
    <p class="claim">{{text}}</p>
    <table class="pairs">
    <thead><tr><th>peer</th><th></th><th>peer</th><th class="num">flows</th><th>opened</th><th>ports</th></tr></thead>
    <tbody>
    {{#pairs}}
    <tr><td class="address">{{from}}</td><td class="arrow">{{arrow}}</td><td class="address">{{to}}</td><td class="num">{{flows}}</td><td>{{opened}}</td><td>{{ports}}</td></tr>
    {{/pairs}}
    </tbody>
    </table>
    {{#morePairs}}
    <p class="more">{{.}}</p>
    {{/morePairs}}
    </div>
    <aside class="lessons">
    {{#lessons}}
    <blockquote><p>{{quote}}</p><cite>{{source}}</cite></blockquote>
    {{/lessons}}
    </aside>
    </div>
    </article>

    """#

  /// After the swarms, up to the first flow table.
  static let swarmsEnd = #"""
    {{#moreSwarms}}
    <p class="more">{{.}}</p>
    {{/moreSwarms}}
    </section>
    <section id="flows">
    <h2>Flows by verdict</h2>
    <p class="help">Known: <b>handshake</b> means the opening SYN was seen; <b>inferred</b> means the opener was worked out (a SYN-ACK, a server port, a DNS message); <b>unknown</b> means nothing shows it, and the pair is listed as A &harr; B. Packets and bytes are from the initiator (&gt;) and from the responder (&lt;).</p>
    {{^flowGroups}}
    <p>No flows.</p>
    {{/flowGroups}}

    """#

  static let flowGroupStart = #"""
    <h3 class="verdict {{verdict}}">{{verdict}} <span class="count">({{count}})</span></h3>
    {{#lessons}}
    <blockquote class="inline"><p>{{quote}}</p><cite>{{source}}</cite></blockquote>
    {{/lessons}}
    <div class="scroll">
    <table class="flows">
    <thead><tr><th>proto</th><th>initiator</th><th></th><th>responder</th><th>known</th><th>state</th><th class="num">pkts&gt;</th><th class="num">pkts&lt;</th><th class="num">bytes&gt;</th><th class="num">bytes&lt;</th><th>rule</th><th>confidence</th>{{#apart}}<th>capture</th>{{/apart}}</tr></thead>
    <tbody>

    """#

  static let flowRows = #"""
    {{#rows}}
    <tr><td>{{transport}}</td><td class="address">{{initiator}}</td><td class="arrow">{{arrow}}</td><td class="address">{{responder}}</td><td class="known {{known}}">{{known}}</td><td>{{state}}</td><td class="num">{{packetsOut}}</td><td class="num">{{packetsIn}}</td><td class="num">{{bytesOut}}</td><td class="num">{{bytesIn}}</td><td>{{rule}}</td><td>{{confidence}}</td>{{#capture}}<td>{{.}}</td>{{/capture}}</tr>
    {{/rows}}

    """#

  static let flowGroupEnd = #"""
    </tbody>
    </table>
    </div>
    {{#more}}
    <p class="more">{{.}}</p>
    {{/more}}

    """#

  /// After the flow tables, up to the first warning.
  static let bottom = #"""
    </section>
    <section id="warnings">
    <h2>Warnings</h2>
    {{^warnings}}
    <p>None: every flow was seen from its start in both directions, and every packet decoded.</p>
    {{/warnings}}

    """#

  /// One warning, as `warning(_:to:)` writes it in bytes (a test renders both).
  static let warning = #"""
    <article class="warning">
    <div class="finding">
    <div>
    <p class="claim"><span class="badge warn">{{kind}}</span>{{#capture}} <span class="capture">in {{.}}</span>{{/capture}} {{text}}</p>
    {{#hasExamples}}
    <ul class="examples">
    {{#examples}}
    <li>{{.}}</li>
    {{/examples}}
    </ul>
    {{/hasExamples}}
    {{#more}}
    <p class="more">{{.}}</p>
    {{/more}}
    </div>
    <aside class="lessons">
    {{#lessons}}
    <blockquote><p>{{quote}}</p><cite>{{source}}</cite></blockquote>
    {{/lessons}}
    </aside>
    </div>
    </article>

    """#

  /// After the warnings.
  static let bottomEnd = #"""
    </section>
    <section id="totals">
    <h2>Totals</h2>
    <pre>{{totals}}</pre>
    </section>
    </main>
    <footer>
    <p>Made by rolecall from connection patterns alone (who opened each connection, who answered, on which port), never from payload. Times are UTC.</p>
    </footer>
    </body>
    </html>

    """#

  static let graph = #"""
    <section class="graph" id="{{anchor}}">
    <h2>Connection graph{{#capture}} of {{.}}{{/capture}}</h2>
    <figure>
    <div class="scroll">
    <svg xmlns="http://www.w3.org/2000/svg" class="graph{{#dense}} dense{{/dense}}" viewBox="0 0 {{width}} {{height}}" width="{{width}}" height="{{height}}" role="img" aria-label="{{caption}}">
    <title>{{caption}}</title>
    <defs>
    {{#markers}}
    <marker id="{{id}}" viewBox="0 0 10 10" refX="9" refY="5" markerUnits="userSpaceOnUse" markerWidth="11" markerHeight="11" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" class="{{kind}}"/></marker>
    {{/markers}}
    </defs>
    <g class="edges">
    {{#edges}}
    <path class="edge {{kind}}" d="{{d}}" stroke-width="{{width}}"{{#start}} marker-start="url(#{{.}})"{{/start}}{{#end}} marker-end="url(#{{.}})"{{/end}}><title>{{title}}</title></path>
    {{/edges}}
    </g>
    <g class="edge-labels">
    {{#labels}}
    <text x="{{x}}" y="{{y}}" text-anchor="middle">{{text}}</text>
    {{/labels}}
    </g>
    <g class="nodes">
    {{#nodes}}
    <a href="#{{anchor}}"><g class="node{{#aggregate}} aggregate{{/aggregate}}"{{#host}} data-host="{{.}}"{{/host}}{{#aggregate}} data-hosts="{{.}}"{{/aggregate}} data-roles="{{roles}}">
    <title>{{title}}</title>
    {{#circle}}<circle cx="{{x}}" cy="{{y}}" r="{{r}}" class="{{role}}"/>{{/circle}}
    {{#slices}}<path d="{{d}}" class="{{role}}"/>{{/slices}}
    <circle cx="{{x}}" cy="{{y}}" r="{{r}}" class="ring"/>
    {{#lines}}<text x="{{x}}" y="{{y}}" text-anchor="{{anchor}}"{{#rotate}} transform="rotate({{.}})"{{/rotate}} class="{{kind}}">{{text}}</text>{{/lines}}
    </g></a>
    {{/nodes}}
    </g>
    </svg>
    </div>
    <figcaption>
    <ul class="legend">
    <li><span class="dot server"></span>server: answered connections</li>
    <li><span class="dot client"></span>client: opened connections that were answered</li>
    <li><span class="dot peer"></span>peer: took part in peer-to-peer flows</li>
    <li><span class="dot none"></span>no role</li>
    <li><svg width="44" height="10" aria-hidden="true"><line x1="2" y1="5" x2="34" y2="5" class="edge client-server"/><path d="M32,1 L40,5 L32,9 z" class="client-server"/></svg>client/server: from the client to the server</li>
    <li><svg width="44" height="10" aria-hidden="true"><line x1="2" y1="5" x2="40" y2="5" class="edge peer-to-peer"/></svg>peer-to-peer: arrowheads at whichever end was opened</li>
    <li><svg width="44" height="10" aria-hidden="true"><line x1="2" y1="5" x2="40" y2="5" class="edge other"/></svg>other or unknown</li>
    </ul>
    <p>{{help}}</p>
    </figcaption>
    </figure>
    </section>

    """#
}
