using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using Blazar.Exports;
using Blazar.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Blazar.Tests.Exports;

/// <summary>PDF export through Debian's Chromium: the text a PDF reader finds, no egress, and a render that hangs is killed.</summary>
public sealed class PdfExportTests : IAsyncLifetime
{
    private const string Chromium = "/usr/bin/chromium";
    private BlazarServer _server = null!;

    public async Task InitializeAsync() => _server = await BlazarServer.StartAsync(new Dictionary<string, string> { ["Pdf:Chromium"] = Chromium });

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task A_finished_report_prints_to_a_PDF_whose_text_has_the_title_and_the_tables_values()
    {
        var id = await Api.StartAsync(_server.Client);
        await Api.WaitForStatusAsync(_server.Client, id, "done");

        using var response = await _server.Client.GetAsync($"/r/{id}/export/pdf");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/pdf", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("q3-churn-review.pdf", response.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        var pdf = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal("%PDF-"u8.ToArray(), pdf[..5]);
        var text = await PdfTextAsync(pdf);
        Assert.Contains("Q3 churn review", text, StringComparison.Ordinal);
        Assert.Contains("North", text, StringComparison.Ordinal);
        Assert.Contains("1200", text, StringComparison.Ordinal);
        Assert.Matches(@"(?m)^\s*1\s*/\s*\d+\s*$", text); // page numbers in the footer
    }

    [Fact]
    public async Task With_Chromium_configured_PDF_is_among_the_offered_formats()
    {
        var offered = await _server.Client.GetFromJsonAsync<System.Text.Json.JsonElement>("/api/exports");

        Assert.Contains("pdf", offered.GetProperty("formats").EnumerateArray().Select(f => f.GetString()));
    }

    [Fact]
    public async Task Printing_lets_nothing_in_the_report_reach_the_network()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var target = $"http://127.0.0.1:{port}";
        using var renderer = Renderer(new PdfOptions { Chromium = Chromium });
        var html = $$"""
            <!doctype html><html><head><link rel="stylesheet" href="{{target}}/style.css"><style>body { background: url({{target}}/bg.png); } @import url({{target}}/import.css);</style></head>
            <body><h1>Sealed</h1><img src="{{target}}/pixel.png"><iframe src="{{target}}/frame"></iframe><video src="{{target}}/v.mp4" autoplay></video>
            <object data="{{target}}/o"></object><script src="{{target}}/s.js"></script><script>fetch("{{target}}/fetch")</script></body></html>
            """;

        var pdf = await renderer.RenderAsync(html, CancellationToken.None);

        Assert.Contains("Sealed", await PdfTextAsync(pdf), StringComparison.Ordinal);
        Assert.False(listener.Pending(), "a connection reached the listener while the report was printed");
    }

    [Fact]
    public async Task A_render_that_takes_too_long_is_given_up_and_its_process_killed()
    {
        var folder = TempFolder.Create();
        var pidFile = Path.Combine(folder, "pid");
        var hanging = await FakeChromium.ScriptAsync(folder, $"echo $$ > {pidFile}\nexec sleep 120");
        using var renderer = Renderer(new PdfOptions { Chromium = hanging, TimeoutSeconds = 1 });
        var watch = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<TimeoutException>(() => renderer.RenderAsync("<!doctype html><p>x", CancellationToken.None));

        Assert.Contains("1 s", error.Message, StringComparison.Ordinal);
        Assert.InRange(watch.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(15));
        var pid = int.Parse((await File.ReadAllTextAsync(pidFile)).Trim(), System.Globalization.CultureInfo.InvariantCulture);
        await Wait.UntilAsync(() => Task.FromResult(Directory.Exists($"/proc/{pid}")), alive => !alive, because: "the hanging renderer to be killed");
    }

    [Fact]
    public async Task A_render_no_longer_wanted_has_its_process_killed()
    {
        var folder = TempFolder.Create();
        var pidFile = Path.Combine(folder, "pid");
        var hanging = await FakeChromium.ScriptAsync(folder, $"echo $$ > {pidFile}.tmp && mv {pidFile}.tmp {pidFile}\nexec sleep 120");
        using var renderer = Renderer(new PdfOptions { Chromium = hanging });
        using var cancel = new CancellationTokenSource();

        var render = renderer.RenderAsync("<!doctype html><p>x", cancel.Token);
        await Wait.UntilAsync(() => Task.FromResult(File.Exists(pidFile)), started => started, because: "the renderer to start");
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => render);
        var pid = int.Parse((await File.ReadAllTextAsync(pidFile)).Trim(), System.Globalization.CultureInfo.InvariantCulture);
        await Wait.UntilAsync(() => Task.FromResult(Directory.Exists($"/proc/{pid}")), alive => !alive, because: "the cancelled renderer to be killed");
    }

    [Fact]
    public async Task Renders_take_turns_one_at_a_time()
    {
        var folder = TempFolder.Create();
        var fake = await FakeChromium.ScriptAsync(folder, $$"""
            [ -e {{folder}}/busy ] && echo overlap >> {{folder}}/overlaps
            touch {{folder}}/busy
            for a; do case "$a" in --print-to-pdf=*) out="${a#--print-to-pdf=}";; esac; done
            sleep 0.3
            rm {{folder}}/busy
            echo started >> {{folder}}/runs
            printf '%%PDF-1.4 fake' > "$out"
            """);
        using var renderer = Renderer(new PdfOptions { Chromium = fake });

        var pdfs = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => renderer.RenderAsync("<!doctype html><p>x", CancellationToken.None)));

        Assert.All(pdfs, pdf => Assert.Equal("%PDF-1.4 fake"u8.ToArray(), pdf));
        Assert.Equal(3, File.ReadAllLines(Path.Combine(folder, "runs")).Length);
        Assert.False(File.Exists(Path.Combine(folder, "overlaps")), "two renders ran at once");
    }

    [Fact]
    public async Task A_Chromium_that_fails_is_a_503_problem_and_the_server_carries_on()
    {
        var fake = await FakeChromium.ScriptAsync(TempFolder.Create(), "echo 'cannot print' >&2\nexit 3");
        await using var server = await BlazarServer.StartAsync(new Dictionary<string, string> { ["Pdf:Chromium"] = fake });
        var id = await Api.StartAsync(server.Client, new { title = "Failing print", sections = new[] { "One" } });
        await Api.WaitForStatusAsync(server.Client, id, "done");

        using var response = await server.Client.GetAsync($"/r/{id}/export/pdf");
        using var markdown = await server.Client.GetAsync($"/r/{id}/export/md");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("exit code 3", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Null(response.Content.Headers.ContentDisposition);
        Assert.Equal(HttpStatusCode.OK, markdown.StatusCode);
    }

    [Fact]
    public async Task A_Chromium_setting_that_names_no_file_stops_the_start_naming_the_key()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() =>
            BlazarServer.StartAsync(new Dictionary<string, string> { ["Pdf:Chromium"] = "/no/such/chromium" }));

        Assert.Contains("Blazar:Pdf:Chromium", error.Message, StringComparison.Ordinal);
    }

    private static PdfRenderer Renderer(PdfOptions options) =>
        new(new ChromiumRunner(Options.Create(options), NullLogger<ChromiumRunner>.Instance), Options.Create(options));

    private static async Task<string> PdfTextAsync(byte[] pdf)
    {
        var path = Path.Combine(TempFolder.Create(), "report.pdf");
        await File.WriteAllBytesAsync(path, pdf);
        var start = new ProcessStartInfo("pdftotext") { RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in new[] { "-layout", path, "-" })
            start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var text = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.Equal(0, process.ExitCode);
        return text;
    }
}
