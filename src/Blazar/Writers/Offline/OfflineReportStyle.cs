namespace Blazar.Writers.Offline;

/// <summary>The offline report's stylesheet: calm, readable, print-friendly.</summary>
internal static class OfflineReportStyle
{
    public const string Css = """
        :root { --ink: #1d2330; --muted: #5b6475; --accent: #2f6fde; --rule: #dde2ea; --paper: #ffffff; --band: #f4f6fa; }
        * { box-sizing: border-box; }
        html { background: var(--band); }
        body { margin: 0; font: 17px/1.6 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); }
        main { max-width: 52rem; margin: 2.5rem auto; padding: 3rem 3.5rem; background: var(--paper); border-radius: 10px; box-shadow: 0 1px 3px rgba(20, 30, 50, .08); }
        .title-block { border-bottom: 3px solid var(--accent); padding-bottom: 1.5rem; margin-bottom: 2rem; }
        .kicker { text-transform: uppercase; letter-spacing: .12em; font-size: .75rem; color: var(--accent); margin: 0 0 .5rem; font-weight: 600; }
        h1 { font-size: 2.3rem; line-height: 1.15; margin: 0 0 .75rem; }
        .subtitle { font-size: 1.2rem; color: var(--muted); margin: 0 0 .75rem; }
        .meta { font-size: .85rem; color: var(--muted); margin: 0; }
        section { margin: 0 0 2.25rem; }
        h2 { font-size: 1.45rem; margin: 2rem 0 .75rem; padding-bottom: .3rem; border-bottom: 1px solid var(--rule); }
        p { margin: 0 0 1rem; max-width: 70ch; }
        ul.points { background: var(--band); border-left: 4px solid var(--accent); padding: .8rem 1rem .8rem 2.2rem; border-radius: 0 6px 6px 0; }
        figure { margin: 1.5rem 0; break-inside: avoid; }
        figcaption { font-size: .8rem; color: var(--muted); margin-top: .4rem; }
        figure.table { overflow-x: auto; }
        table { border-collapse: collapse; width: 100%; font-size: .9rem; }
        th, td { padding: .45rem .7rem; border-bottom: 1px solid var(--rule); text-align: left; }
        thead th { background: var(--band); font-weight: 600; border-bottom: 2px solid var(--rule); }
        .num { text-align: right; font-variant-numeric: tabular-nums; }
        tr.total td { font-weight: 600; border-top: 2px solid var(--rule); }
        figure.chart { max-width: 27rem; }
        svg { display: block; width: 100%; height: auto; font-family: system-ui, sans-serif; }
        svg .bar { fill: var(--accent); }
        svg .bar.negative { fill: #d0533f; }
        svg .axis { stroke: var(--muted); }
        svg .label { fill: var(--muted); }
        svg .value { fill: var(--ink); font-variant-numeric: tabular-nums; }
        svg .value.negative { fill: #b23c2a; }
        footer { margin-top: 3rem; font-size: .8rem; color: var(--muted); border-top: 1px solid var(--rule); padding-top: 1rem; }
        @media (max-width: 640px) { main { margin: 0; padding: 1.5rem 1.25rem; border-radius: 0; } h1 { font-size: 1.8rem; } }
        @media print { html { background: none; } main { margin: 0; padding: 0; box-shadow: none; max-width: none; } h2 { break-after: avoid; } tr { break-inside: avoid; } }

        """;
}
