import Mustache

// The view values that repeat (rows, hosts, nodes, edges) name their children directly, so
// Mustache does not look them up by reflection: 200,000 flow rows with `--all` stay fast.

extension HTMLReportRenderer.Row: MustacheParent {
  func child(named name: String) -> Any? {
    switch name {
    case "label": label
    case "value": value
    default: nil
    }
  }
}

extension HTMLReportRenderer.LessonView: MustacheParent {
  func child(named name: String) -> Any? {
    switch name {
    case "quote": quote
    case "source": source
    default: nil
    }
  }
}

extension HTMLReportRenderer.FindingView: MustacheParent {
  func child(named name: String) -> Any? {
    switch name {
    case "text": text
    case "lessons": lessons
    case "related": related
    default: nil
    }
  }
}

extension HTMLReportRenderer.HostView: MustacheParent {
  func child(named name: String) -> Any? {
    switch name {
    case "anchor": anchor
    case "address": address
    case "roles": roles
    case "capture": capture
    case "findings": findings
    case "hasDetails": hasDetails
    case "details": details
    default: nil
    }
  }
}

extension HTMLReportRenderer.PairView: MustacheParent {
  func child(named name: String) -> Any? {
    switch name {
    case "from": from
    case "arrow": arrow
    case "to": to
    case "flows": flows
    case "opened": opened
    case "ports": ports
    default: nil
    }
  }
}

extension HTMLReportRenderer.FlowRowView: MustacheParent {
  func child(named name: String) -> Any? {
    switch name {
    case "transport": transport
    case "initiator": initiator
    case "arrow": arrow
    case "responder": responder
    case "known": known
    case "state": state
    case "packetsOut": packetsOut
    case "packetsIn": packetsIn
    case "bytesOut": bytesOut
    case "bytesIn": bytesIn
    case "rule": rule
    case "confidence": confidence
    case "capture": capture
    default: nil
    }
  }
}

extension HTMLReportRenderer.WarningView: MustacheParent {
  func child(named name: String) -> Any? {
    switch name {
    case "kind": kind
    case "capture": capture
    case "text": text
    case "hasExamples": hasExamples
    case "examples": examples
    case "more": more
    case "lessons": lessons
    default: nil
    }
  }
}

extension HTMLReportRenderer.EdgeView: MustacheParent {
  func child(named name: String) -> Any? {
    switch name {
    case "kind": kind
    case "d": d
    case "width": width
    case "start": start
    case "end": end
    case "title": title
    default: nil
    }
  }
}

extension HTMLReportRenderer.LabelView: MustacheParent {
  func child(named name: String) -> Any? {
    switch name {
    case "x": x
    case "y": y
    case "text": text
    default: nil
    }
  }
}

extension HTMLReportRenderer.CircleView: MustacheParent {
  func child(named name: String) -> Any? {
    switch name {
    case "x": x
    case "y": y
    case "r": r
    case "role": role
    default: nil
    }
  }
}

extension HTMLReportRenderer.SliceView: MustacheParent {
  func child(named name: String) -> Any? {
    switch name {
    case "d": d
    case "role": role
    default: nil
    }
  }
}

extension HTMLReportRenderer.LineView: MustacheParent {
  func child(named name: String) -> Any? {
    switch name {
    case "x": x
    case "y": y
    case "anchor": anchor
    case "rotate": rotate
    case "kind": kind
    case "text": text
    default: nil
    }
  }
}

extension HTMLReportRenderer.NodeView: MustacheParent {
  func child(named name: String) -> Any? {
    switch name {
    case "anchor": anchor
    case "host": host
    case "aggregate": aggregate
    case "roles": roles
    case "title": title
    case "circle": circle
    case "slices": slices
    case "x": x
    case "y": y
    case "r": r
    case "lines": lines
    default: nil
    }
  }
}

extension HTMLReportRenderer.FlowRowsView: MustacheParent {
  func child(named name: String) -> Any? { name == "rows" ? rows : nil }
}

extension HTMLReportRenderer.FlowGroupEnd: MustacheParent {
  func child(named name: String) -> Any? { name == "more" ? more : nil }
}

extension HTMLReportRenderer.FlowGroupView: MustacheParent {
  func child(named name: String) -> Any? {
    switch name {
    case "verdict": verdict
    case "count": count
    case "lessons": lessons
    case "apart": apart
    default: nil
    }
  }
}

extension HTMLReportRenderer.SwarmView: MustacheParent {
  func child(named name: String) -> Any? {
    switch name {
    case "number": number
    case "capture": capture
    case "members": members
    case "text": text
    case "pairs": pairs
    case "morePairs": morePairs
    case "lessons": lessons
    default: nil
    }
  }
}

extension HTMLReportRenderer.Page: MustacheParent {
  func child(named name: String) -> Any? {
    switch name {
    case "title": title
    case "style": style
    case "summary": summary
    case "hosts": hosts
    case "moreHosts": moreHosts
    case "swarms": swarms
    case "moreSwarms": moreSwarms
    case "flowGroups": flowGroups
    default: nil
    }
  }
}

extension HTMLReportRenderer.Bottom: MustacheParent {
  func child(named name: String) -> Any? {
    switch name {
    case "warnings": warnings
    case "totals": totals
    default: nil
    }
  }
}

extension HTMLReportRenderer.MarkerView: MustacheParent {
  func child(named name: String) -> Any? {
    switch name {
    case "id": id
    case "kind": kind
    default: nil
    }
  }
}

extension HTMLReportRenderer.GraphView: MustacheParent {
  func child(named name: String) -> Any? {
    switch name {
    case "anchor": anchor
    case "capture": capture
    case "width": width
    case "height": height
    case "caption": caption
    case "help": help
    case "dense": dense
    case "markers": markers
    case "edges": edges
    case "labels": labels
    case "nodes": nodes
    default: nil
    }
  }
}
