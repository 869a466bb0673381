using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Blazar.FakeModel;

/// <summary>
/// A fake language-model API on loopback that speaks Anthropic Messages streaming (<c>POST /v1/messages</c>) and
/// OpenAI chat-completions streaming (<c>POST /v1/chat/completions</c>), streams a scripted text at a set pace,
/// injects queued faults, and records every request it receives.
/// </summary>
public sealed class FakeModelServer : IAsyncDisposable
{
    /// <summary>What Claude 4.6 and later answer (400) to a conversation that ends with an assistant message.</summary>
    public const string PrefillUnsupportedMessage = "This model does not support assistant message prefill. The conversation must end with a user message.";

    private readonly WebApplication _app;
    private readonly FakeModelOptions _options;
    private readonly ConcurrentQueue<Fault> _faults = new();
    private readonly List<RecordedRequest> _requests = [];
    private readonly Lock _gate = new();
    private readonly SemaphoreSlim _arrived = new(0);
    private readonly CancellationTokenSource _stopping = new();

    private FakeModelServer(WebApplication app, FakeModelOptions options)
    {
        _app = app;
        _options = options;
    }

    /// <summary>The server's root, e.g. <c>http://127.0.0.1:40123/</c>: the Anthropic base URL as is; the OpenAI one is <see cref="OpenAIBaseUrl"/>.</summary>
    public Uri BaseUrl { get; private set; } = null!;

    /// <summary>The OpenAI-compatible base URL (<see cref="BaseUrl"/> + <c>v1</c>).</summary>
    public Uri OpenAIBaseUrl => new(BaseUrl, "v1");

    /// <summary>The requests received so far, in arrival order.</summary>
    public IReadOnlyList<RecordedRequest> Requests
    {
        get
        {
            lock (_gate)
                return [.. _requests];
        }
    }

    /// <summary>Starts a fake model on 127.0.0.1 with a free port.</summary>
    public static async Task<FakeModelServer> StartAsync(FakeModelOptions? options = null, CancellationToken cancellationToken = default)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new FakeModelServer(app, options ?? new FakeModelOptions());
        app.MapPost("/v1/messages", context => server.AnswerAsync(context, openAI: false));
        app.MapPost("/v1/chat/completions", context => server.AnswerAsync(context, openAI: true));
        app.MapPost("/chat/completions", context => server.AnswerAsync(context, openAI: true));
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.BaseUrl = new Uri(address.TrimEnd('/') + "/");
        return server;
    }

    /// <summary>Queues faults: each next request takes one, in order; requests find the queue empty answer normally.</summary>
    public void Enqueue(params Fault[] faults)
    {
        foreach (var fault in faults)
            _faults.Enqueue(fault);
    }

    /// <summary>Waits until at least <paramref name="count"/> requests have arrived and returns them.</summary>
    public async Task<IReadOnlyList<RecordedRequest>> WaitForRequestsAsync(int count, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        while (Requests.Count < count)
            await _arrived.WaitAsync(cts.Token);
        return Requests;
    }

    /// <summary>A well-formed HTML report of roughly <paramref name="approximateChars"/> characters, the default script.</summary>
    public static string SampleReport(int approximateChars = 2000)
    {
        var body = new System.Text.StringBuilder();
        for (var i = 1; body.Length < approximateChars; i++)
            body.Append("<section>\n<h2>Part ").Append(i).Append("</h2>\n<p>Paragraph ").Append(i)
                .Append(" says something specific about the subject, with numbers like ").Append(i * 17 % 101)
                .Append(" percent and a careful caveat.</p>\n</section>\n");
        return "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>Sample report</title>\n"
            + "<style>body{font-family:system-ui,sans-serif;max-width:70ch;margin:2rem auto}</style>\n</head>\n<body>\n<h1>Sample report</h1>\n"
            + body + "</body>\n</html>\n";
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync(); // ends stalled and paced answers, so stopping does not wait for them
        await _app.StopAsync();
        await _app.DisposeAsync();
        _arrived.Dispose();
        _stopping.Dispose();
    }

    private async Task AnswerAsync(HttpContext context, bool openAI)
    {
        using var reader = new StreamReader(context.Request.Body);
        var body = await reader.ReadToEndAsync(context.RequestAborted);
        var headers = context.Request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString());
        RecordedRequest request;
        lock (_gate)
        {
            request = new RecordedRequest(_requests.Count, context.Request.Path, headers, body, Stopwatch.GetTimestamp());
            _requests.Add(request);
        }
        _arrived.Release();

        var cutOnPurpose = false;
        using var registration = context.RequestAborted.Register(() =>
        {
            if (!Volatile.Read(ref cutOnPurpose))
                request.MarkDisconnected();
        });
        var model = string.IsNullOrEmpty(request.Model) ? "fake-model" : request.Model;
        StreamDialect dialect = openAI
            ? new OpenAIDialect(context.Response, model, IncludeUsage(request.Json))
            : new AnthropicDialect(context.Response, model);
        if (!openAI && !headers.ContainsKey("x-api-key"))
        {
            // As the Messages API answers a request without its key header.
            await ErrorAsync(context, dialect, 401, "authentication_error", "x-api-key header is required", null);
            return;
        }
        _faults.TryDequeue(out var fault);

        if (fault is StatusFault status)
        {
            await ErrorAsync(context, dialect, status.StatusCode, status.ErrorType, status.Message, status.RetryAfter);
            return;
        }
        if (fault is CutFault { AfterChars: < 0 })
        {
            Volatile.Write(ref cutOnPurpose, true);
            context.Abort();
            return;
        }
        var last = request.Messages.Count > 0 ? request.Messages[^1] : default;
        if (last.Role == "assistant" && _options.RejectPrefill)
        {
            await ErrorAsync(context, dialect, 400, "invalid_request_error", PrefillUnsupportedMessage, null);
            return;
        }
        if (last.Role == "assistant" && !openAI && last.Text.Length > 0 && char.IsWhiteSpace(last.Text[^1]))
        {
            await ErrorAsync(context, dialect, 400, "invalid_request_error", "messages: final assistant content cannot end with trailing whitespace", null);
            return;
        }

        var script = _options.Script?.Invoke(request) ?? SampleReport();
        var start = StartOffset(script, request.Messages);
        var stopAt = fault switch
        {
            ErrorEventFault f => start + f.AfterChars,
            CutFault f => start + f.AfterChars,
            StallFault f => start + f.AfterChars,
            MaxTokensFault f => start + f.AfterChars,
            _ => script.Length,
        };
        stopAt = Math.Min(stopAt, script.Length);
        var inputTokens = Math.Max(1, body.Length / 4);
        var outputChars = 0;
        using var answering = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _stopping.Token);
        var aborted = answering.Token;
        try
        {
            context.Response.ContentType = "text/event-stream; charset=utf-8";
            context.Response.Headers.CacheControl = "no-cache";
            await dialect.StartAsync(inputTokens, aborted);
            await WaitForFirstTokenAsync(dialect, aborted);
            var pace = _options.TokensPerSecond > 0 ? TimeSpan.FromSeconds(1 / _options.TokensPerSecond) : TimeSpan.Zero;
            var began = Stopwatch.GetTimestamp();
            var tokens = 0;
            for (var at = start; at < stopAt; at += _options.CharsPerToken)
            {
                var text = script[at..Math.Min(stopAt, at + _options.CharsPerToken)];
                await dialect.DeltaAsync(text, aborted);
                _options.OnDelta?.Invoke(new DeltaSent(request.Index, at, text, Stopwatch.GetTimestamp()));
                outputChars += text.Length;
                tokens++;
                if (pace > TimeSpan.Zero)
                {
                    var due = pace * tokens - Stopwatch.GetElapsedTime(began);
                    if (due > TimeSpan.Zero)
                        await Task.Delay(due, aborted);
                }
            }
            var outputTokens = Math.Max(1, (outputChars + 3) / 4);
            switch (fault)
            {
                case ErrorEventFault:
                    await dialect.ErrorEventAsync("overloaded_error", "Overloaded", aborted);
                    return;
                case CutFault:
                    // An application error after the response started makes Kestrel close the connection once what was
                    // flushed has been sent, with no end to the chunked body: a stream broken mid-way that loses no
                    // byte it sent (aborting the connection would discard what Kestrel had not sent yet).
                    await context.Response.Body.FlushAsync(aborted);
                    Volatile.Write(ref cutOnPurpose, true);
                    throw new StreamCutException();
                case StallFault:
                    await Task.Delay(Timeout.Infinite, aborted);
                    return;
                default:
                    await dialect.EndAsync(fault is MaxTokensFault && stopAt < script.Length, inputTokens, outputTokens, aborted);
                    return;
            }
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
        {
            // The client went away; RequestAborted has recorded it.
        }
        catch (IOException)
        {
            request.MarkDisconnected();
        }
    }

    private async Task WaitForFirstTokenAsync(StreamDialect dialect, CancellationToken cancellationToken)
    {
        var began = Stopwatch.GetTimestamp();
        while (Stopwatch.GetElapsedTime(began) < _options.FirstTokenDelay)
        {
            var left = _options.FirstTokenDelay - Stopwatch.GetElapsedTime(began);
            if (_options.PingInterval is not { } interval || interval >= left)
            {
                await Task.Delay(left, cancellationToken);
                return;
            }
            await Task.Delay(interval, cancellationToken);
            await dialect.PingAsync(cancellationToken);
        }
    }

    /// <summary>
    /// Where in the script this conversation resumes: after an assistant prefill, exactly where it ends; after a
    /// user-turn continuation, a little before the end of the last assistant message (models repeat a few words).
    /// </summary>
    private int StartOffset(string script, IReadOnlyList<(string Role, string Text)> messages)
    {
        var lastAssistant = -1;
        for (var i = messages.Count - 1; i >= 0 && lastAssistant < 0; i--)
            if (messages[i].Role == "assistant")
                lastAssistant = i;
        if (lastAssistant < 0 || messages[lastAssistant].Text.Length == 0)
            return 0;
        var written = messages[lastAssistant].Text;
        var found = script.IndexOf(written, StringComparison.Ordinal);
        var end = found < 0 ? 0 : found + written.Length;
        return lastAssistant == messages.Count - 1 ? end : Math.Max(0, end - _options.ContinuationOverlap);
    }

    private static async Task ErrorAsync(HttpContext context, StreamDialect dialect, int status, string errorType, string message, TimeSpan? retryAfter)
    {
        context.Response.StatusCode = status;
        if (retryAfter is { } delay)
            context.Response.Headers.RetryAfter = ((int)Math.Ceiling(delay.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(JsonSerializer.Serialize(dialect.ErrorBody(errorType, message)), context.RequestAborted);
    }

    private static bool IncludeUsage(JsonElement json) =>
        json.ValueKind == JsonValueKind.Object
        && json.TryGetProperty("stream_options", out var options)
        && options.ValueKind == JsonValueKind.Object
        && options.TryGetProperty("include_usage", out var include)
        && include.ValueKind == JsonValueKind.True;
}

/// <summary>Ends a response mid-way on purpose (<c>cut</c>): the connection closes without ending the body.</summary>
internal sealed class StreamCutException() : Exception("The fake model cut its stream on purpose.");
