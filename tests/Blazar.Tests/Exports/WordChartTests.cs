using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using AngleSharp.Html.Parser;
using Blazar.Exports;
using Blazar.Tests.Infrastructure;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Validation;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using DW = DocumentFormat.OpenXml.Drawing.Wordprocessing;
using A = DocumentFormat.OpenXml.Drawing;
using W = DocumentFormat.OpenXml.Wordprocessing;

namespace Blazar.Tests.Exports;

/// <summary>Charts in the Word export: pictures drawn by Debian's Chromium above their tables, and tables alone whenever Chromium cannot draw.</summary>
public sealed class WordChartTests
{
    private const string Chromium = "/usr/bin/chromium";

    [Fact]
    public async Task With_Chromium_each_chart_is_an_inline_PNG_with_its_caption_as_alt_text_above_its_data_table()
    {
        await using var server = await BlazarServer.StartAsync(new Dictionary<string, string> { ["Pdf:Chromium"] = Chromium });
        var id = await Api.StartAsync(server.Client);
        await Api.WaitForStatusAsync(server.Client, id, "done");
        var captions = await CaptionsAsync(server.Client, id);

        using var word = await DocxAsync(server.Client, id);

        var main = word.MainDocumentPart!;
        Assert.True(captions.Count > 0, "the report has charts");
        Assert.Equal(captions.Count, main.ImageParts.Count());
        var drawings = main.Document!.Body!.Descendants<W.Drawing>().ToList();
        Assert.Equal(captions, drawings.Select(d => d.Descendants<DW.DocProperties>().Single().Description?.Value));
        foreach (var drawing in drawings)
        {
            Assert.NotNull(drawing.GetFirstChild<DW.Inline>());
            var next = drawing.Ancestors<W.Paragraph>().Single().NextSibling();
            var table = Assert.IsType<W.Table>(next); // the chart's data follows its picture
            Assert.Equal("Region", table.Descendants<W.TableCell>().First().InnerText);
            var part = (ImagePart)main.GetPartById(drawing.Descendants<A.Blip>().Single().Embed!.Value!);
            Assert.Equal("image/png", part.ContentType);
            using var stream = part.GetStream();
            var png = new byte[stream.Length];
            stream.ReadExactly(png);
            Assert.Equal(new byte[] { 137, 80, 78, 71, 13, 10, 26, 10 }, png[..8]);
            var (width, height) = (BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16)), BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20)));
            Assert.Equal(1280, width); // 640 CSS pixels at twice the resolution
            Assert.InRange(height, 200, 1200); // three bars: wider than tall
            var extent = drawing.Descendants<DW.Extent>().Single();
            Assert.InRange(extent.Cx!.Value, 5_000_000L, 5_904_230L); // the width of an A4 page's text
            Assert.InRange((double)extent.Cy!.Value / extent.Cx.Value, (double)height / width * 0.99, (double)height / width * 1.01);
        }
        Assert.Empty(new OpenXmlValidator().Validate(word).Select(e => $"{e.Path?.XPath}: {e.Description}"));
    }

    [Fact]
    public async Task A_Chromium_that_fails_leaves_each_chart_its_table_and_the_export_succeeds()
    {
        await using var server = await BlazarServer.StartAsync(new Dictionary<string, string> { ["Pdf:Chromium"] = "/bin/false" });
        var id = await Api.StartAsync(server.Client);
        await Api.WaitForStatusAsync(server.Client, id, "done");
        var charts = (await CaptionsAsync(server.Client, id)).Count;

        using var word = await DocxAsync(server.Client, id);

        var body = word.MainDocumentPart!.Document!.Body!;
        Assert.Empty(word.MainDocumentPart.ImageParts);
        Assert.Empty(body.Descendants<W.Drawing>());
        Assert.Equal(1 + charts, body.Descendants<W.Table>().Count()); // the data and each chart as its data
        Assert.Empty(new OpenXmlValidator().Validate(word));
    }

    [Fact]
    public async Task A_chart_drawn_lets_nothing_in_it_reach_the_network()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var target = $"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}";
        var html = $$"""
            <!doctype html><html><head><style>@import url({{target}}/import.css); svg { background: url({{target}}/bg.png); }</style></head><body>
            <figure class="chart"><svg viewBox="0 0 360 120"><image href="{{target}}/pixel.png" width="10" height="10"/><rect width="200" height="40" fill="#2a6"/>
            <foreignObject width="100" height="50"><iframe src="{{target}}/frame"></iframe><img src="{{target}}/img.png"></foreignObject>
            <script>fetch("{{target}}/fetch")</script></svg><figcaption>Sealed chart</figcaption></figure></body></html>
            """;
        var blocks = ReportOutline.Read(html);

        var pictures = await Rasterizer(Chromium).DrawAsync(blocks, html, CancellationToken.None);

        var png = pictures[blocks.OfType<ChartBlock>().Single()];
        Assert.Equal((1280, 426), PngImage.Size(png));
        Assert.False(listener.Pending(), "a connection reached the listener while the chart was drawn");
    }

    [Fact]
    public async Task A_picture_that_is_no_PNG_is_left_out()
    {
        var folder = TempFolder.Create();
        var fake = await FakeChromium.ScriptAsync(folder, Screenshot + "\nprintf 'GIF89a not a png' > \"$out\"");
        var html = Charts(1);
        var blocks = ReportOutline.Read(html);

        var pictures = await Rasterizer(fake).DrawAsync(blocks, html, CancellationToken.None);

        Assert.Empty(pictures);
        Assert.Single(blocks.OfType<TableBlock>()); // and the chart keeps its table
    }

    [Fact]
    public async Task At_most_twenty_charts_are_drawn_two_at_a_time_and_the_rest_are_tables_only()
    {
        var folder = TempFolder.Create();
        var png = Path.Combine(folder, "chart.png");
        await File.WriteAllBytesAsync(png, TinyPng());
        Directory.CreateDirectory(Path.Combine(folder, "busy"));
        var fake = await FakeChromium.ScriptAsync(folder, Screenshot + $$"""

            slot=""
            for s in 1 2 3; do mkdir {{folder}}/busy/$s 2>/dev/null && { slot=$s; break; }; done
            [ "$slot" = 3 ] && echo overlap >> {{folder}}/overlaps
            sleep 0.1
            echo run >> {{folder}}/runs
            cp {{png}} "$out"
            rmdir {{folder}}/busy/$slot
            """);
        var html = Charts(25);
        var blocks = ReportOutline.Read(html);

        var pictures = await Rasterizer(fake).DrawAsync(blocks, html, CancellationToken.None);

        var charts = blocks.OfType<ChartBlock>().ToList();
        Assert.Equal(25, charts.Count);
        Assert.Equal(charts.Take(ChartRasterizer.MaxCharts), pictures.Keys.OrderBy(charts.IndexOf));
        Assert.Equal(ChartRasterizer.MaxCharts, File.ReadAllLines(Path.Combine(folder, "runs")).Length);
        Assert.False(File.Exists(Path.Combine(folder, "overlaps")), "three Chromiums ran at once");
        var word = WordExport.Write(blocks, "Many charts", pictures);
        using var document = WordprocessingDocument.Open(new MemoryStream(word), isEditable: false);
        Assert.Equal(ChartRasterizer.MaxCharts, document.MainDocumentPart!.Document!.Body!.Descendants<W.Drawing>().Count());
        Assert.Equal(25, document.MainDocumentPart.Document.Body.Descendants<W.Table>().Count());
    }

    [Fact]
    public async Task Drawing_that_takes_too_long_is_given_up_and_its_Chromium_killed()
    {
        var folder = TempFolder.Create();
        var pidFile = Path.Combine(folder, "pid");
        var hanging = await FakeChromium.ScriptAsync(folder, $"echo $$ > {pidFile}.tmp && mv {pidFile}.tmp {pidFile}\nexec sleep 120");
        var html = Charts(1);
        var blocks = ReportOutline.Read(html);
        var watch = System.Diagnostics.Stopwatch.StartNew();

        var pictures = await Rasterizer(hanging, timeoutSeconds: 1).DrawAsync(blocks, html, CancellationToken.None);

        Assert.Empty(pictures);
        Assert.InRange(watch.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(15));
        var pid = int.Parse((await File.ReadAllTextAsync(pidFile)).Trim(), System.Globalization.CultureInfo.InvariantCulture);
        await Wait.UntilAsync(() => Task.FromResult(Directory.Exists($"/proc/{pid}")), alive => !alive, because: "the hanging Chromium to be killed");
    }

    private const string Screenshot = """for a; do case "$a" in --screenshot=*) out="${a#--screenshot=}";; esac; done""";

    private static ChartRasterizer Rasterizer(string chromium, int timeoutSeconds = 30)
    {
        var options = Options.Create(new PdfOptions { Chromium = chromium, TimeoutSeconds = timeoutSeconds });
        return new ChartRasterizer(new ChromiumRunner(options, NullLogger<ChromiumRunner>.Instance), options, NullLogger<ChartRasterizer>.Instance);
    }

    /// <summary>A report of <paramref name="count"/> bar charts marked as the offline writer marks them.</summary>
    private static string Charts(int count) => "<!doctype html><body>" + string.Concat(Enumerable.Range(1, count).Select(i => $"""
        <figure class="chart"><svg viewBox="0 0 360 80" aria-label="churn by region"><title>churn</title>
        <text class="label">North</text><text class="value">{i}</text><rect class="bar" width="{i * 10}" height="12"/></svg>
        <figcaption>Chart {i}</figcaption></figure>
        """));

    /// <summary>A PNG's signature, header and end, all the rasterizer checks (the pixels are never decoded here).</summary>
    private static byte[] TinyPng()
    {
        byte[] header = [0, 0, 0, 13, .."IHDR"u8, 0, 0, 0, 4, 0, 0, 0, 2, 8, 2, 0, 0, 0, 0, 0, 0, 0, 0];
        return [137, 80, 78, 71, 13, 10, 26, 10, .. header, 0, 0, 0, 0, .."IEND"u8, 0xAE, 0x42, 0x60, 0x82];
    }

    private static async Task<List<string>> CaptionsAsync(HttpClient client, string id)
    {
        var raw = await client.GetStringAsync($"/r/{id}/raw");
        return new HtmlParser().ParseDocument(raw).QuerySelectorAll("figure.chart figcaption")
            .Select(c => string.Join(' ', c.TextContent.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))).ToList();
    }

    private static async Task<WordprocessingDocument> DocxAsync(HttpClient client, string id)
    {
        using var response = await client.GetAsync($"/r/{id}/export/docx");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        return WordprocessingDocument.Open(new MemoryStream(bytes), isEditable: false);
    }
}
