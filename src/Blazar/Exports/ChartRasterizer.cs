using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Extensions.Options;

namespace Blazar.Exports;

/// <summary>
/// Draws a report's charts as PNG pictures with headless Chromium (<see cref="ChromiumRunner"/>), one screenshot
/// of each chart alone on its page, two at a time. The first <see cref="MaxCharts"/> charts are drawn, all of them
/// within <see cref="PdfOptions.TimeoutSeconds"/>; a chart that fails or is not drawn in time simply has no
/// picture (its Chromium is killed), so an export never fails because of a chart.
/// </summary>
internal sealed partial class ChartRasterizer(ChromiumRunner chromium, IOptions<PdfOptions> options, ILogger<ChartRasterizer> logger)
{
    public const int MaxCharts = 20;

    /// <summary>The page is this many CSS pixels wide and drawn at twice the resolution, sharp when printed.</summary>
    private const int PageWidth = 640;
    private const int Scale = 2;

    private static readonly IReadOnlyDictionary<ChartBlock, byte[]> None = new Dictionary<ChartBlock, byte[]>();

    /// <summary>The pictures drawn, by chart (the very block, not an equal one); empty when Chromium is not configured.</summary>
    public async Task<IReadOnlyDictionary<ChartBlock, byte[]>> DrawAsync(IReadOnlyList<ReportBlock> blocks, string reportHtml, CancellationToken cancellationToken)
    {
        var charts = blocks.OfType<ChartBlock>().Take(MaxCharts).ToList();
        if (!chromium.Enabled || charts.Count == 0)
            return None;
        var styles = ChartPage.Styles(reportHtml);
        var pictures = new ConcurrentDictionary<ChartBlock, byte[]>(ReferenceEqualityComparer.Instance);
        var seconds = options.Value.TimeoutSeconds;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = 2, CancellationToken = linked.Token };
        try
        {
            await Parallel.ForEachAsync(charts, parallel, async (chart, token) =>
            {
                if (await DrawAsync(chart, styles, token) is { } png)
                    pictures[chart] = png;
            });
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            LogOutOfTime(seconds, pictures.Count, charts.Count);
        }
        return pictures;
    }

    private async Task<byte[]?> DrawAsync(ChartBlock chart, string styles, CancellationToken cancellationToken)
    {
        var height = (int)Math.Clamp(Math.Round(PageWidth * chart.Height / chart.Width), 16, 4 * PageWidth);
        var size = string.Create(CultureInfo.InvariantCulture, $"{PageWidth},{height}");
        try
        {
            var png = await chromium.RunAsync(ChartPage.For(chart, styles), "chart.png",
                output => ["--hide-scrollbars", $"--window-size={size}", $"--force-device-scale-factor={Scale}", $"--screenshot={output}"],
                "draw a chart", cancellationToken);
            if (PngImage.Size(png) is not null)
                return png;
            LogNotPng(png.Length);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogFailed(e.Message); // the chart keeps its table
        }
        return null;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A chart could not be drawn for a Word export: {Reason}")]
    private partial void LogFailed(string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Chromium's picture of a chart was no PNG ({Length} bytes)")]
    private partial void LogNotPng(int length);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Charts were not all drawn within {Seconds} s: {Drawn} of {Total}; the rest are tables only")]
    private partial void LogOutOfTime(int seconds, int drawn, int total);
}
