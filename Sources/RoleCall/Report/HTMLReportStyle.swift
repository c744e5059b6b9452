/// The HTML report's style sheet, inlined into every page (no external asset).
enum HTMLReportStyle {
  static let css = """
    :root {
      --client: #2b6fb6; --server: #23914a; --peer: #d9730d; --none: #9aa0a6;
      --ink: #1d2330; --muted: #5b6474; --line: #d9dee7; --paper: #ffffff; --wash: #f5f7fa;
      --warn: #b7791f;
    }
    * { box-sizing: border-box; }
    body { margin: 0; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans",
      sans-serif; color: var(--ink); background: var(--wash); }
    header { background: var(--ink); color: #fff; padding: 18px 32px; }
    header h1 { margin: 0; font-size: 22px; font-weight: 600; }
    header .subtitle { margin: 2px 0 0; color: #c9d1de; font-family: ui-monospace, "DejaVu Sans Mono",
      monospace; font-size: 14px; overflow-wrap: anywhere; }
    main { max-width: 1240px; margin: 0 auto; padding: 8px 32px 32px; }
    section { background: var(--paper); border: 1px solid var(--line); border-radius: 8px;
      padding: 12px 24px 18px; margin: 18px 0; }
    h2 { font-size: 19px; margin: 6px 0 10px; }
    h3 { font-size: 16px; margin: 14px 0 8px; }
    .help, figcaption p { color: var(--muted); font-size: 14px; margin: 4px 0 12px; }
    dl.summary { display: grid; grid-template-columns: repeat(auto-fill, minmax(330px, 1fr));
      gap: 8px 24px; margin: 0; }
    dl.summary div, dl.details div { display: flex; gap: 12px; }
    dt { color: var(--muted); min-width: 82px; }
    dd { margin: 0; overflow-wrap: anywhere; }
    .address, td.address, pre { font-family: ui-monospace, "DejaVu Sans Mono", monospace; }
    .address { font-size: 15px; } td.address { font-size: 13px; }
    .badge { display: inline-block; border-radius: 10px; padding: 0 9px; font-size: 13px;
      font-weight: 600; color: #fff; background: var(--none); vertical-align: 2px; }
    .badge.client { background: var(--client); } .badge.server { background: var(--server); }
    .badge.peer { background: var(--peer); } .badge.warn { background: var(--warn); }
    .capture { color: var(--muted); font-size: 13px; font-weight: normal; }
    article { border-top: 1px solid var(--line); padding: 6px 0 10px; }
    article:first-of-type { border-top: none; }
    .finding { display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); gap: 20px;
      margin: 6px 0; }
    .claim { margin: 4px 0; }
    .lessons blockquote { margin: 4px 0; padding: 6px 12px; border-left: 4px solid #9bb7d9;
      background: #f2f6fb; border-radius: 0 6px 6px 0; font-size: 14px; }
    blockquote p { margin: 0; }
    blockquote cite { display: block; color: var(--muted); font-size: 12.5px; margin-top: 2px; }
    blockquote.inline { margin: 4px 0 10px; padding: 6px 12px; border-left: 4px solid #9bb7d9;
      background: #f2f6fb; font-size: 14px; }
    .nolesson, .related, .quiet, .more { color: var(--muted); font-size: 13.5px; margin: 4px 0; }
    dl.details { margin: 6px 0 0; font-size: 14px; }
    .scroll { overflow-x: auto; }
    table { border-collapse: collapse; font-size: 13px; margin: 4px 0; }
    th, td { padding: 3px 10px 3px 0; text-align: left; white-space: nowrap; }
    th { color: var(--muted); font-weight: 600; border-bottom: 1px solid var(--line); }
    td.num, th.num { text-align: right; }
    td.arrow { color: var(--muted); }
    td.known.inferred { color: var(--warn); } td.known.unknown { color: #b83232; }
    h3.verdict .count { color: var(--muted); font-weight: normal; }
    ul.examples { margin: 4px 0; padding-left: 20px; font-family: ui-monospace,
      "DejaVu Sans Mono", monospace; font-size: 13px; }
    pre { background: var(--wash); padding: 10px 12px; border-radius: 6px; font-size: 13px;
      overflow-x: auto; white-space: pre-wrap; }
    footer { color: var(--muted); font-size: 13px; text-align: center; padding: 0 0 24px; }
    figure { margin: 0; }
    svg.graph { display: block; margin: 0 auto; max-width: none; }
    svg.graph .edge { fill: none; }
    .edge.client-server { stroke: #4a5a73; }
    .edge.peer-to-peer { stroke: var(--peer); stroke-dasharray: 7 4; }
    .edge.other, .edge.unknown { stroke: #9aa0a6; stroke-dasharray: 2 4; }
    marker path.client-server, svg path.client-server { fill: #4a5a73; }
    marker path.peer-to-peer { fill: var(--peer); }
    marker path.other, marker path.unknown { fill: #9aa0a6; }
    svg.dense .edges path { stroke-opacity: 0.5; }
    svg .edges path:hover { stroke-opacity: 1; stroke: #111; }
    svg .node circle.ring { fill: none; stroke: #fff; stroke-width: 2; }
    svg .client { fill: var(--client); } svg .server { fill: var(--server); }
    svg .peer { fill: var(--peer); } svg .none { fill: var(--none); }
    svg .node .label { font: 600 13px ui-monospace, "DejaVu Sans Mono", monospace; fill: var(--ink); }
    svg .node .small { font: 11px ui-monospace, "DejaVu Sans Mono", monospace; fill: var(--ink); }
    svg .node .roles { font: 12px system-ui, "DejaVu Sans", sans-serif; fill: var(--muted); }
    svg .node.aggregate .label { font-style: italic; }
    svg a:hover .label, svg a:hover .small { fill: #000; text-decoration: underline; }
    svg .edge-labels text { font: 11.5px system-ui, "DejaVu Sans", sans-serif; fill: #333;
      paint-order: stroke; stroke: #fff; stroke-width: 4px; stroke-linejoin: round; }
    ul.legend { list-style: none; display: flex; flex-wrap: wrap; gap: 6px 22px; padding: 0;
      margin: 10px 0 4px; font-size: 13.5px; }
    ul.legend li { display: flex; align-items: center; gap: 7px; }
    .dot { display: inline-block; width: 13px; height: 13px; border-radius: 50%; }
    .dot.client { background: var(--client); } .dot.server { background: var(--server); }
    .dot.peer { background: var(--peer); } .dot.none { background: var(--none); }
    ul.legend line { stroke-width: 2.5; }
    @media (max-width: 800px) { .finding { grid-template-columns: 1fr; } main { padding: 8px; } }
    """
}
