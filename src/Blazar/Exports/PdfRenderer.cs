using Microsoft.Extensions.Options;

namespace Blazar.Exports;

/// <summary>
/// Prints a report to PDF with headless Chromium (<see cref="ChromiumRunner"/>: no network). One PDF at a time
/// per process, each bounded by <see cref="PdfOptions.TimeoutSeconds"/>; a render that runs out of time or is no
/// longer wanted has its Chromium (and every process it started) killed.
/// </summary>
internal sealed class PdfRenderer(ChromiumRunner chromium, IOptions<PdfOptions> options) : IDisposable
{
    private readonly SemaphoreSlim _one = new(1, 1);
    private readonly PdfOptions _options = options.Value;

    public bool Enabled => chromium.Enabled;

    /// <summary>The report as PDF; <see cref="TimeoutException"/> when it took too long, <see cref="ChromiumRenderException"/> when Chromium failed.</summary>
    public async Task<byte[]> RenderAsync(string html, CancellationToken cancellationToken)
    {
        if (!Enabled)
            throw new InvalidOperationException("PDF export is not configured (Blazar:Pdf:Chromium).");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(_options.TimeoutSeconds));
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            await _one.WaitAsync(linked.Token);
            try
            {
                return await chromium.RunAsync(PrintDocument.ForPrint(html), "report.pdf",
                    output => ["--no-pdf-header-footer", $"--print-to-pdf={output}"], "print the report", linked.Token);
            }
            finally
            {
                _one.Release();
            }
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"The PDF took longer than {_options.TimeoutSeconds} s to render.");
        }
    }

    public void Dispose() => _one.Dispose();
}
