extension HTMLReportRenderer {
  /// One connection graph, written into bytes in the markup of the `graph` template and escaped
  /// as Mustache escapes. Through Mustache, every node's and edge's values were looked up by
  /// name: the graph of 155 nodes and 691 edges took 11 ms to render on big.pcap, on every
  /// page. A test holds the two to each other.
  static func graph(_ graph: GraphView, to buffer: ByteBuffer) {
    buffer.append("<section class=\"graph\" id=\"")
    buffer.appendEscapedHTML(graph.anchor)
    buffer.append("\">\n<h2>Connection graph")
    buffer.appendEscapedHTML(graph.capture, after: " of ", before: "")
    buffer.append(
      "</h2>\n<figure>\n<div class=\"scroll\">\n<svg xmlns=\"http://www.w3.org/2000/svg\" "
        + "class=\"graph")
    if graph.dense { buffer.append(" dense") }
    buffer.append("\" viewBox=\"0 0 ")
    buffer.appendEscapedHTML(graph.width)
    buffer.append(" ")
    buffer.appendEscapedHTML(graph.height)
    buffer.append("\" width=\"")
    buffer.appendEscapedHTML(graph.width)
    buffer.append("\" height=\"")
    buffer.appendEscapedHTML(graph.height)
    buffer.append("\" role=\"img\" aria-label=\"")
    buffer.appendEscapedHTML(graph.caption)
    buffer.append("\">\n<title>")
    buffer.appendEscapedHTML(graph.caption)
    buffer.append("</title>\n<defs>\n")
    for marker in graph.markers {
      buffer.append("<marker id=\"")
      buffer.appendEscapedHTML(marker.id)
      buffer.append(
        "\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerUnits=\"userSpaceOnUse\" "
          + "markerWidth=\"11\" markerHeight=\"11\" orient=\"auto-start-reverse\">"
          + "<path d=\"M0,0 L10,5 L0,10 z\" class=\"")
      buffer.appendEscapedHTML(marker.kind)
      buffer.append("\"/></marker>\n")
    }
    buffer.append("</defs>\n<g class=\"edges\">\n")
    for edge in graph.edges { self.edge(edge, to: buffer) }
    buffer.append("</g>\n<g class=\"edge-labels\">\n")
    for label in graph.labels {
      buffer.append("<text x=\"")
      buffer.appendEscapedHTML(label.x)
      buffer.append("\" y=\"")
      buffer.appendEscapedHTML(label.y)
      buffer.append("\" text-anchor=\"middle\">")
      buffer.appendEscapedHTML(label.text)
      buffer.append("</text>\n")
    }
    buffer.append("</g>\n<g class=\"nodes\">\n")
    for node in graph.nodes { self.node(node, to: buffer) }
    buffer.append("</g>\n</svg>\n</div>\n<figcaption>\n")
    buffer.append(legend)
    buffer.append("<p>")
    buffer.appendEscapedHTML(graph.help)
    buffer.append("</p>\n</figcaption>\n</figure>\n</section>\n")
  }

  private static func edge(_ edge: EdgeView, to buffer: ByteBuffer) {
    buffer.append("<path class=\"edge ")
    buffer.appendEscapedHTML(edge.kind)
    buffer.append("\" d=\"")
    buffer.appendEscapedHTML(edge.d)
    buffer.append("\" stroke-width=\"")
    buffer.appendEscapedHTML(edge.width)
    buffer.append("\"")
    buffer.appendEscapedHTML(edge.start, after: " marker-start=\"url(#", before: ")\"")
    buffer.appendEscapedHTML(edge.end, after: " marker-end=\"url(#", before: ")\"")
    buffer.append("><title>")
    buffer.appendEscapedHTML(edge.title)
    buffer.append("</title></path>\n")
  }

  private static func node(_ node: NodeView, to buffer: ByteBuffer) {
    buffer.append("<a href=\"#")
    buffer.appendEscapedHTML(node.anchor)
    buffer.append("\"><g class=\"node")
    if node.aggregate != nil { buffer.append(" aggregate") }
    buffer.append("\"")
    buffer.appendEscapedHTML(node.host, after: " data-host=\"", before: "\"")
    buffer.appendEscapedHTML(node.aggregate, after: " data-hosts=\"", before: "\"")
    buffer.append(" data-roles=\"")
    buffer.appendEscapedHTML(node.roles)
    buffer.append("\">\n<title>")
    buffer.appendEscapedHTML(node.title)
    buffer.append("</title>\n")
    if let circle = node.circle {
      buffer.append("<circle cx=\"")
      buffer.appendEscapedHTML(circle.x)
      buffer.append("\" cy=\"")
      buffer.appendEscapedHTML(circle.y)
      buffer.append("\" r=\"")
      buffer.appendEscapedHTML(circle.r)
      buffer.append("\" class=\"")
      buffer.appendEscapedHTML(circle.role)
      buffer.append("\"/>")
    }
    buffer.append("\n")
    for slice in node.slices {
      buffer.append("<path d=\"")
      buffer.appendEscapedHTML(slice.d)
      buffer.append("\" class=\"")
      buffer.appendEscapedHTML(slice.role)
      buffer.append("\"/>")
    }
    buffer.append("\n<circle cx=\"")
    buffer.appendEscapedHTML(node.x)
    buffer.append("\" cy=\"")
    buffer.appendEscapedHTML(node.y)
    buffer.append("\" r=\"")
    buffer.appendEscapedHTML(node.r)
    buffer.append("\" class=\"ring\"/>\n")
    for line in node.lines {
      buffer.append("<text x=\"")
      buffer.appendEscapedHTML(line.x)
      buffer.append("\" y=\"")
      buffer.appendEscapedHTML(line.y)
      buffer.append("\" text-anchor=\"")
      buffer.appendEscapedHTML(line.anchor)
      buffer.append("\"")
      buffer.appendEscapedHTML(line.rotate, after: " transform=\"rotate(", before: ")\"")
      buffer.append(" class=\"")
      buffer.appendEscapedHTML(line.kind)
      buffer.append("\">")
      buffer.appendEscapedHTML(line.text)
      buffer.append("</text>")
    }
    buffer.append("\n</g></a>\n")
  }

  /// The graph's legend: the same on every graph.
  private static let legend = """
    <ul class="legend">
    <li><span class="dot server"></span>server: answered connections</li>
    <li><span class="dot client"></span>client: opened connections that were answered</li>
    <li><span class="dot peer"></span>peer: took part in peer-to-peer flows</li>
    <li><span class="dot none"></span>no role</li>
    <li><svg width="44" height="10" aria-hidden="true"><line x1="2" y1="5" x2="34" y2="5" \
    class="edge client-server"/><path d="M32,1 L40,5 L32,9 z" class="client-server"/></svg>\
    client/server: from the client to the server</li>
    <li><svg width="44" height="10" aria-hidden="true"><line x1="2" y1="5" x2="40" y2="5" \
    class="edge peer-to-peer"/></svg>peer-to-peer: arrowheads at whichever end was opened</li>
    <li><svg width="44" height="10" aria-hidden="true"><line x1="2" y1="5" x2="40" y2="5" \
    class="edge other"/></svg>other or unknown</li>
    </ul>

    """
}
