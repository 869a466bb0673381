using System.ComponentModel;
using System.Diagnostics;
using Microsoft.Extensions.Options;

namespace Blazar.Exports;

/// <summary>
/// Runs headless Chromium on one page written to a temporary folder, under flags that let nothing reach the
/// network, and returns the file it wrote. At most two Chromiums run at once per instance; one that is no longer
/// wanted (its caller's timeout or cancellation) is killed with every process it started. The page itself must
/// carry a policy that blocks scripts and the network (a <c>&lt;meta http-equiv&gt;</c>).
/// </summary>
internal sealed partial class ChromiumRunner(IOptions<PdfOptions> options, ILogger<ChromiumRunner> logger) : IDisposable
{
    private readonly SemaphoreSlim _slots = new(2, 2);
    private readonly PdfOptions _options = options.Value;

    public bool Enabled => _options.Enabled;

    /// <summary>
    /// Opens <paramref name="page"/> and returns the file Chromium wrote to the path given to <paramref name="task"/>,
    /// whose arguments say what to make (<c>--print-to-pdf=…</c>, <c>--screenshot=…</c>); <paramref name="what"/>
    /// names the work in the <see cref="ChromiumRenderException"/> thrown when there is no such file.
    /// </summary>
    public async Task<byte[]> RunAsync(string page, string outputName, Func<string, IEnumerable<string>> task, string what, CancellationToken cancellationToken)
    {
        if (!Enabled)
            throw new InvalidOperationException("Chromium is not configured (Blazar:Pdf:Chromium).");
        await _slots.WaitAsync(cancellationToken);
        string? folder = null;
        try
        {
            folder = Directory.CreateTempSubdirectory("blazar-chromium-").FullName;
            var input = Path.Combine(folder, "page.html");
            var output = Path.Combine(folder, outputName);
            await File.WriteAllTextAsync(input, page, cancellationToken);
            using var chromium = Start(StartInfo(folder, input, task(output)));
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
                LogFailed(what, chromium.ExitCode, Tail(await errors));
                throw new ChromiumRenderException($"Chromium could not {what} (exit code {chromium.ExitCode}).");
            }
            return await File.ReadAllBytesAsync(output, cancellationToken);
        }
        finally
        {
            if (folder is not null)
                Remove(folder);
            _slots.Release();
        }
    }

    private static Process Start(ProcessStartInfo start)
    {
        try
        {
            return Process.Start(start) ?? throw new ChromiumRenderException("Chromium did not start.");
        }
        catch (Win32Exception e)
        {
            throw new ChromiumRenderException($"Chromium did not start: {e.Message}");
        }
    }

    private ProcessStartInfo StartInfo(string folder, string input, IEnumerable<string> task)
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
            .. task,
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

    public void Dispose() => _slots.Dispose();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Chromium could not {What} (exit code {ExitCode}): {Errors}")]
    private partial void LogFailed(string what, int exitCode, string errors);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The Chromium work folder {Folder} could not be removed: {Reason}")]
    private partial void LogNotRemoved(string folder, string reason);
}
