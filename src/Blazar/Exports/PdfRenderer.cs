using System.Diagnostics;
using Microsoft.Extensions.Options;

namespace Blazar.Exports;

/// <summary>
/// Prints a report to PDF with headless Chromium, from a temporary file under a policy that lets nothing reach
/// the network. One render at a time per process, each bounded by <see cref="PdfOptions.TimeoutSeconds"/>; a
/// render that runs out of time or is no longer wanted has its Chromium (and every process it started) killed.
/// </summary>
internal sealed partial class PdfRenderer(IOptions<PdfOptions> options, ILogger<PdfRenderer> logger) : IDisposable
{
    private readonly SemaphoreSlim _one = new(1, 1);
    private readonly PdfOptions _options = options.Value;

    public bool Enabled => _options.Enabled;

    /// <summary>The report as PDF; <see cref="TimeoutException"/> when it took too long, <see cref="PdfRenderException"/> when Chromium failed.</summary>
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
                return await PrintAsync(html, linked.Token);
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

    private async Task<byte[]> PrintAsync(string html, CancellationToken cancellationToken)
    {
        var folder = Directory.CreateTempSubdirectory("blazar-pdf-").FullName;
        try
        {
            var input = Path.Combine(folder, "report.html");
            var output = Path.Combine(folder, "report.pdf");
            await File.WriteAllTextAsync(input, PrintDocument.ForPrint(html), cancellationToken);
            using var chromium = Process.Start(StartInfo(folder, input, output))
                ?? throw new PdfRenderException("Chromium did not start.");
            var errors = chromium.StandardError.ReadToEndAsync(CancellationToken.None);
            _ = chromium.StandardOutput.ReadToEndAsync(CancellationToken.None); // drained, so it never blocks on a full pipe
            try
            {
                await chromium.WaitForExitAsync(cancellationToken);
            }
            catch (OperationCanceledException)
            {
                chromium.Kill(entireProcessTree: true);
                throw;
            }
            if (chromium.ExitCode != 0 || !File.Exists(output) || new FileInfo(output).Length == 0)
            {
                var detail = Tail(await errors);
                LogFailed(chromium.ExitCode, detail);
                throw new PdfRenderException($"Chromium could not print the report (exit code {chromium.ExitCode}).");
            }
            return await File.ReadAllBytesAsync(output, cancellationToken);
        }
        finally
        {
            Remove(folder);
        }
    }

    private ProcessStartInfo StartInfo(string folder, string input, string output)
    {
        var start = new ProcessStartInfo(_options.Chromium!)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            RedirectStandardInput = false,
            UseShellExecute = false,
            WorkingDirectory = folder,
        };
        foreach (var argument in (string[])[
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
            "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-extensions",
            "--disable-default-apps", "--no-first-run", "--no-default-browser-check", "--mute-audio",
            "--host-resolver-rules=MAP * ~NOTFOUND", // and should the policy ever fail, no name resolves
            $"--user-data-dir={Path.Combine(folder, "profile")}",
            "--no-pdf-header-footer", $"--print-to-pdf={output}",
            new Uri(input).AbsoluteUri])
            start.ArgumentList.Add(argument);
        start.Environment["HOME"] = folder; // Chromium's caches and crash reports stay in the folder that is removed
        return start;
    }

    private void Remove(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException e)
        {
            LogNotRemoved(folder, e.Message); // a killed Chromium's last child may still hold a file
        }
        catch (UnauthorizedAccessException e)
        {
            LogNotRemoved(folder, e.Message);
        }
    }

    private static string Tail(string text) => text.Length <= 2000 ? text.Trim() : text[^2000..].Trim();

    public void Dispose() => _one.Dispose();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Chromium could not print a report to PDF (exit code {ExitCode}): {Errors}")]
    private partial void LogFailed(int exitCode, string errors);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The PDF work folder {Folder} could not be removed: {Reason}")]
    private partial void LogNotRemoved(string folder, string reason);
}
