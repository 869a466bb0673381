using Blazar.Extensions;
using Microsoft.Extensions.Options;

namespace Blazar.Writers;

/// <summary>
/// Whether the configured model API answers: asked at start (and again every minute while it does not), so the log
/// and the pages say at once that reports cannot be written, instead of a green badge over reports that fail.
/// Any HTTP answer counts as reachable (a wrong key is the writer's to report, with the API's own words).
/// </summary>
internal sealed partial class ModelReachability(
    IConfiguration configuration, IOptions<WriterOptions> options, TimeProvider time, ILogger<ModelReachability> logger) : BackgroundLoop
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan Recheck = TimeSpan.FromMinutes(1);

    /// <summary>The latest answer: null while unknown (offline, or not yet asked), else whether the API answered, and why not.</summary>
    public (bool Reachable, string? Problem)? Latest { get; private set; }

    protected override async Task RunAsync(CancellationToken stoppingToken)
    {
        if (Endpoint() is not { } endpoint)
            return;
        using var http = new HttpClient { Timeout = Timeout };
        var where = endpoint.ToString();
        while (!stoppingToken.IsCancellationRequested)
        {
            var problem = await AskAsync(http, endpoint, stoppingToken);
            var was = Latest;
            Latest = (problem is null, problem);
            if (problem is not null && was?.Problem != problem)
                LogUnreachable(logger, where, problem);
            else if (problem is null && was is { Reachable: false })
                LogReachable(logger, where);
            if (problem is null)
                return; // it answers; a later outage shows in the reports' own errors
            await Task.Delay(Recheck, time, stoppingToken);
        }
    }

    private static async Task<string?> AskAsync(HttpClient http, Uri endpoint, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await http.GetAsync(endpoint, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            return null;
        }
        catch (HttpRequestException ex)
        {
            return ex.InnerException?.Message ?? ex.Message;
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return $"no answer within {Timeout.TotalSeconds:0} s";
        }
    }

    /// <summary>The models list of the configured API: cheap, and served by Anthropic and OpenAI-compatible servers alike.</summary>
    private Uri? Endpoint()
    {
        var writer = WriterOptions.Chosen(configuration);
        var root = writer switch
        {
            "anthropic" => string.IsNullOrWhiteSpace(options.Value.Anthropic.BaseUrl) ? "https://api.anthropic.com/v1/" : options.Value.Anthropic.BaseUrl.TrimEnd('/') + "/v1/",
            "openai" => options.Value.OpenAI.BaseUrl?.TrimEnd('/') + "/",
            _ => null,
        };
        return root is not null && Uri.TryCreate(root, UriKind.Absolute, out var uri) ? new Uri(uri, "models") : null;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The model API at {Endpoint} cannot be reached ({Problem}): reports will fail until it can")]
    private static partial void LogUnreachable(ILogger logger, string endpoint, string problem);

    [LoggerMessage(Level = LogLevel.Information, Message = "The model API at {Endpoint} answers again")]
    private static partial void LogReachable(ILogger logger, string endpoint);
}
