using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using Blazar.Writers;

namespace Blazar.Tests.Writers;

public sealed class OutboundMarkupFilterTests
{
    private const string Attacker = "http://127.0.0.1:9/";

    /// <summary>Every way in a document to make a browser connect, or to send a click elsewhere than a new tab.</summary>
    private const string Hostile = $$"""
        <!doctype html><html><head><meta charset="utf-8"><meta http-equiv="refresh" content="0;url={{Attacker}}refresh">
        <META HTTP-EQUIV=x-dns-prefetch-control content=on><base href="{{Attacker}}" target=_top>
        <link rel=stylesheet href="{{Attacker}}css"><LINK REL="preconnect" href="{{Attacker}}"><link rel=dns-prefetch href={{Attacker}}>
        <link rel="prefetch" href="{{Attacker}}p"><link/rel=preload as=image href="{{Attacker}}i">
        <style>p { color: #333 }</style></head><body>
        <iframe src="{{Attacker}}frame"></iframe><IFRAME/SRC={{Attacker}}x></IFRAME><iframe	srcdoc="<script>fetch('{{Attacker}}')</script>"></iframe>
        <object data="{{Attacker}}o"><p>Fallback kept</p></object><embed src="{{Attacker}}e"><frameset><frame src="{{Attacker}}f"></frameset>
        <p title="<iframe src='{{Attacker}}in-attribute'>">Text</p><!-- <iframe src="{{Attacker}}in-comment"> -->
        <a href="https://example.com/a" target=_top rel=opener ping="{{Attacker}}ping">out</a> <a href = '#part-2' target="_blank">in</a>
        <A HREF="javascript:alert(1)">js</A> <map><area href="https://example.com/b" target=_parent></map>
        <svg viewBox="0 0 10 10"><a xlink:href="#top"><rect width="4" height="4"/></a><a href="https://example.com/c"><circle r="2"/></a></svg>
        <ifra<iframe>me src="{{Attacker}}joined"> <<iframe>iframe src="{{Attacker}}joined2">
        <textarea><meta http-equiv=refresh content="</textarea><iframe src='{{Attacker}}after-textarea'>"></textarea>
        <p>The end.</p></body></html>
        """;

    private static readonly HtmlParser Parser = new();

    private static string Filter(params string[] pieces)
    {
        var filter = new OutboundMarkupFilter();
        return string.Concat(pieces.Select(filter.Push)) + filter.Flush();
    }

    private static IDocument Parse(string html) => Parser.ParseDocument(html);

    [Fact]
    public void Elements_that_connect_are_dropped_and_their_content_kept()
    {
        var document = Parse(Filter(Hostile));

        foreach (var name in new[] { "iframe", "frame", "frameset", "object", "embed", "link", "base" })
            Assert.Empty(document.GetElementsByTagName(name));
        Assert.Empty(document.QuerySelectorAll("meta[http-equiv]"));
        Assert.Single(document.QuerySelectorAll("meta[charset]"));
        Assert.Contains("Fallback kept", document.Body!.TextContent, StringComparison.Ordinal);
        Assert.Contains("The end.", document.Body.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void No_connecting_element_is_built_even_from_tags_a_naive_filter_would_join_or_miss()
    {
        // A browser reads '<ifra<iframe>' as one tag; removing the inner one must not join '<ifra' and 'me' into an iframe.
        Assert.Equal($"<ifra<iframe>me src=\"{Attacker}\">", Filter($"<ifra<iframe>me src=\"{Attacker}\">"));
        Assert.Empty(Parse(Filter($"<p><<iframe>iframe src=\"{Attacker}\">")).GetElementsByTagName("iframe"));
        Assert.Empty(Parse(Filter($"<textarea><link title=\"</textarea><iframe src='{Attacker}'>\">")).GetElementsByTagName("iframe"));
        Assert.Empty(Parse(Filter($"<textarea><a title=\"</textarea><iframe src='{Attacker}'>\">")).GetElementsByTagName("iframe"));
        Assert.Empty(Parse(Filter($"<style><b title=\"</style><embed src='{Attacker}'>\"></style>")).GetElementsByTagName("embed"));
    }

    [Fact]
    public void Links_open_in_a_new_tab_without_an_opener_and_fragments_stay_in_the_document()
    {
        var links = Parse(Filter(Hostile)).QuerySelectorAll("a, area");

        Assert.Equal(6, links.Length);
        foreach (var link in links)
        {
            var href = link.GetAttribute("href") ?? link.GetAttribute("xlink:href") ?? "";
            Assert.Equal(href.Trim().StartsWith('#') ? "_self" : "_blank", link.GetAttribute("target"));
            if (!href.Trim().StartsWith('#'))
                Assert.Equal("noreferrer", link.GetAttribute("rel"));
        }
        Assert.Equal("<a target=_blank rel=noreferrer href=x>", Filter("<a href=x>"));
        Assert.Equal("<a target=_blank rel=noreferrer />", Filter("<a/>"));
        Assert.Equal("<a target=_self href='&#35;top'>", Filter("<a href='&#35;top'>"));
    }

    [Fact]
    public void Every_split_point_gives_the_same_text_as_one_piece()
    {
        var whole = Filter(Hostile);
        for (var split = 0; split <= Hostile.Length; split++)
            Assert.Equal(whole, Filter(Hostile[..split], Hostile[split..]));
        Assert.Equal(whole, Filter([.. Hostile.Select(c => c.ToString())]));
    }

    [Fact]
    public void Every_pair_of_split_points_around_a_tricky_tag_gives_the_same_text()
    {
        const string Text = "<p>a<ifra<iframe/src=x>me b=1><A\nHREF = '#x' target=_top>c</a><meta http-equiv=refresh content='0;url=y'>d";
        var whole = Filter(Text);
        for (var first = 0; first <= Text.Length; first++)
        {
            for (var second = first; second <= Text.Length; second++)
                Assert.Equal(whole, Filter(Text[..first], Text[first..second], Text[second..]));
        }
    }

    [Fact]
    public void Randomly_cut_documents_never_build_a_connecting_element()
    {
        string[] parts =
        [
            "<iframe src=x>", "</iframe>", "<a href=y target=_top>", "<a href=#z>", "<", "</", "<ifra", "me>", "<link rel=preload href=x>",
            "<meta http-equiv=refresh content=0>", "\"", "'", ">", "<!--", "-->", "<textarea>", "</textarea>", "<style>", "</style>",
            "<object data=x>", "<embed src=x>", "text ", "<b>", "</b>", " title=", "=", "/", "<base href=x>", "<frame src=x>",
            "iframe src=x>", "a href=y>",
        ];
        var random = new Random(12);
        for (var round = 0; round < 2000; round++)
        {
            var text = string.Concat(Enumerable.Range(0, random.Next(1, 25)).Select(_ => parts[random.Next(parts.Length)]));
            var cuts = Enumerable.Range(0, random.Next(0, 5)).Select(_ => random.Next(text.Length + 1)).Order().ToList();
            var pieces = cuts.Prepend(0).Zip(cuts.Append(text.Length), (from, to) => text[from..to]).ToArray();
            var shown = Filter(pieces);

            Assert.Equal(Filter(text), shown);
            var document = Parse("<!doctype html><body>" + shown);
            var found = document.QuerySelectorAll("iframe, frame, object, embed, link, base, meta[http-equiv]");
            if (found.Length > 0)
                Assert.Fail($"{found[0].OuterHtml} built from {text}");
            Assert.All(document.QuerySelectorAll("a[href]"), a => Assert.Equal(a.GetAttribute("href")!.StartsWith('#') ? "_self" : "_blank", a.GetAttribute("target")));
        }
    }

    [Fact]
    public void Tags_are_held_back_only_while_they_might_be_watched()
    {
        var filter = new OutboundMarkupFilter();

        Assert.Equal("<p>Hello", filter.Push("<p>Hello"));
        Assert.Equal(" ", filter.Push(" <b"));          // could be <base>
        Assert.Equal("<b>world</b><sec", filter.Push(">world</b><sec")); // no watched tag starts with "sec"
        Assert.Equal("tion>", filter.Push("tion><a hr"));
        Assert.Equal("<a target=_blank rel=noreferrer href=\"https://example.com\">", filter.Push("ef=\"https://example.com\">"));
        Assert.Equal("", filter.Push("<ifr"));
        Assert.Equal("", filter.Push("ame src=x>"));
        Assert.Equal("<", filter.Push("<<"));
        Assert.Equal("<", filter.Flush());
    }

    [Fact]
    public void An_unfinished_watched_tag_at_the_end_is_dropped_as_a_browser_drops_it()
    {
        Assert.Equal("<p>cut", Filter("<p>cut<a href=\"https://exa"));
        Assert.Equal("<p>cut", Filter("<p>cut<iframe"));
        Assert.Equal("<p>1 <", Filter("<p>1 <"));
    }

    [Fact]
    public void A_continuation_after_a_shown_angle_bracket_cannot_open_a_tag_with_it()
    {
        var filter = new OutboundMarkupFilter(shownBefore: "<p>x<");
        var shown = "<p>x<" + filter.Push($"iframe src=\"{Attacker}\">after") + filter.Flush();

        Assert.Empty(Parse(shown).GetElementsByTagName("iframe"));
        Assert.EndsWith("after", shown, StringComparison.Ordinal);
    }

    [Fact]
    public void A_watched_tag_that_never_ends_is_shown_as_text_beyond_the_limit()
    {
        var filter = new OutboundMarkupFilter();
        var shown = filter.Push("<p><a title=\"");
        for (var i = 0; i < OutboundMarkupFilter.MaxHeldTag / 100 + 1; i++)
            shown += filter.Push(new string('x', 100));
        shown += filter.Push("\" href=y>link</a>") + filter.Flush();

        Assert.StartsWith("<p>&lt;a title=\"xxx", shown, StringComparison.Ordinal);
        Assert.EndsWith("\" href=y>link</a>", shown, StringComparison.Ordinal);
    }
}
