using System.Runtime.CompilerServices;
using System.Text;
using Blazar.Reports;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;

namespace Blazar.Writers;

/// <summary>
/// Writes a report with whichever <see cref="IChatClient"/> is configured and sees it through the model API's faults,
/// so the text shown is one seamless document with nothing twice:
/// <list type="bullet">
/// <item>refusals before the stream starts are retried by <c>Providers.ModelHttpClient</c> (or fail at once with the API's message);</item>
/// <item>a stream that breaks (error event, cut connection, no byte for the stall timeout) or stops at the token limit
/// is continued from the text already written: with an assistant prefill where the model accepts one, else with a user
/// turn whose repeat of the tail is removed. A model that answers that it does not support prefill is switched to user
/// turns, and remembered;</item>
/// <item>a leading code fence or chatter before the doctype, a closing fence, and markup that would reach out of the
/// report frame (elements that connect, link targets) never reach the text.</item>
/// </list>
/// </summary>
internal sealed partial class ReportWriter(
    IChatClient client,
    PrefillSupport prefillSupport,
    IOptions<ModelResilienceOptions> options,
    TimeProvider time,
    ILogger<ReportWriter> logger)
{
    private static readonly TimeSpan MaxResumeDelay = TimeSpan.FromSeconds(30);

    /// <summary>The model this writer asks, as usage names it.</summary>
    public string Model => client.GetService<ChatClientMetadata>()?.DefaultModelId ?? "unknown";

    public IAsyncEnumerable<WriterUpdate> WriteAsync(Spec spec, string written, CancellationToken cancellationToken) =>
        WriteAsync(new WriteRequest(spec), written, cancellationToken);

    /// <summary>Writes what <paramref name="request"/> asks for, after <paramref name="written"/> (the part of it written before).</summary>
    public async IAsyncEnumerable<WriterUpdate> WriteAsync(WriteRequest request, string written, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var model = client.GetService<ChatClientMetadata>()?.DefaultModelId ?? "unknown";
        var text = new StringBuilder(written);
        var filter = new HtmlOutputFilter(written, fragment: request.SectionOnly);
        var usage = new UsageTally(model);
        var continuations = 0;
        var resumes = 0;
        while (true)
        {
            var soFar = text.ToString();
            var continuing = soFar.AsSpan().TrimEnd().Length > 0;
            var prefill = continuing && prefillSupport.Accepts(model);
            var join = new ContinuationJoin(soFar, mayRepeat: continuing && !prefill);
            var messages = continuing ? ReportPrompt.Continuing(request, join.SentBack, prefill) : ReportPrompt.For(request);

            using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var activity = new StreamActivity(time);
            using var watchdog = Watch(activity, attempt, settings.StallTimeout);
            var stream = client.GetStreamingResponseAsync(messages, options: null, attempt.Token).GetAsyncEnumerator(attempt.Token);
            ChatFinishReason? finish = null;
            Exception? broken = null;
            var ended = false;
            var prefillRejected = false;
            try
            {
                while (true)
                {
                    ChatResponseUpdate update;
                    StreamActivity.Current = activity; // the request is sent on this flow; the handler finds it here
                    try
                    {
                        if (!await stream.MoveNextAsync())
                        {
                            ended = true;
                            break;
                        }
                        update = stream.Current;
                    }
                    catch (Exception ex) when (cancellationToken.IsCancellationRequested)
                    {
                        throw ex as OperationCanceledException ?? new OperationCanceledException("The report was cancelled.", ex, cancellationToken);
                    }
                    catch (Exception ex) when (prefill && ProviderError.From(ex) is { RejectsPrefill: true })
                    {
                        prefillRejected = true;
                        break;
                    }
                    catch (Exception ex) when (activity.Started || activity.Stalled)
                    {
                        broken = ex; // the stream had begun: continue it rather than fail
                        break;
                    }
                    finish = update.FinishReason ?? finish;
                    if (usage.Observe(update))
                        yield return new WriterUpdate(Usage: usage.Total);
                    var piece = filter.Push(join.Push(update.Text));
                    if (piece.Length > 0)
                    {
                        text.Append(piece);
                        yield return new WriterUpdate(piece) { ArrivedAt = ArrivedAt(activity) };
                    }
                }
            }
            finally
            {
                await stream.DisposeAsync();
                usage.EndAttempt();
            }

            if (prefillRejected)
            {
                prefillSupport.Reject(model);
                LogPrefillRejected(model);
                continue;
            }
            if (broken is null && ended && finish is not null)
            {
                var rest = filter.Push(join.Flush());
                var truncated = finish == ChatFinishReason.Length;
                if (!truncated || continuations >= settings.MaxContinuations)
                    rest += filter.Flush();
                if (rest.Length > 0)
                {
                    text.Append(rest);
                    yield return new WriterUpdate(rest) { ArrivedAt = ArrivedAt(activity) };
                }
                if (!truncated || filter.DocumentEnded)
                    yield break;
                if (continuations >= settings.MaxContinuations)
                {
                    LogTruncated(continuations, text.Length);
                    yield return new WriterUpdate(Truncated: true);
                    yield break;
                }
                continuations++;
                filter.DropPending();
                LogContinuing(continuations, text.Length, prefill ? "prefill" : "user turn");
                continue;
            }

            // The stream broke, stalled, or ended without saying why: keep what it wrote, and continue from there.
            var kept = filter.Push(join.FlushBroken());
            if (kept.Length > 0)
            {
                text.Append(kept);
                yield return new WriterUpdate(kept);
            }
            if (filter.DocumentEnded)
                yield break; // it broke after </html>: nothing is missing
            filter.DropPending();
            resumes++;
            var reason = activity.Stalled ? $"no data for {settings.StallTimeoutSeconds:0.##} s" : broken?.Message ?? "the stream ended without a stop reason";
            if (resumes > settings.MaxResumes)
                throw new WriterInterruptedException($"The model's stream broke {resumes} times (last: {reason}); stopped after {text.Length} characters.", broken);
            LogResuming(resumes, text.Length, reason);
            await Task.Delay(ResumeDelay(settings.RetryDelay, resumes), time, cancellationToken);
        }
    }

    /// <summary>When the bytes just read arrived: from the model's HTTP stream when it reports them, else now.</summary>
    private long ArrivedAt(StreamActivity activity) => activity.Started ? activity.LastByteAt : time.GetTimestamp();

    /// <summary>Cancels the attempt when its stream has been silent for <paramref name="stallTimeout"/>.</summary>
    private ITimer Watch(StreamActivity activity, CancellationTokenSource attempt, TimeSpan stallTimeout)
    {
        var period = stallTimeout / 4;
        return time.CreateTimer(_ =>
        {
            if (!activity.CheckStalled(stallTimeout))
                return;
            try
            {
                attempt.Cancel();
            }
            catch (ObjectDisposedException)
            {
                // the attempt finished while the timer fired
            }
        }, null, period, period);
    }

    private static TimeSpan ResumeDelay(TimeSpan first, int resume)
    {
        var backoff = first * Math.Pow(2, resume - 1) * (0.75 + Random.Shared.NextDouble() * 0.25);
        return backoff < MaxResumeDelay ? backoff : MaxResumeDelay;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Model {Model} does not accept a prefill; continuing it with user turns from now on")]
    private partial void LogPrefillRejected(string model);

    [LoggerMessage(Level = LogLevel.Information, Message = "Reached the token limit; continuation {Continuation} after {Length} characters ({Strategy})")]
    private partial void LogContinuing(int continuation, int length, string strategy);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Still at the token limit after {Continuations} continuations; stored truncated at {Length} characters")]
    private partial void LogTruncated(int continuations, int length);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Model stream interrupted ({Reason}); resume {Resume} after {Length} characters")]
    private partial void LogResuming(int resume, int length, string reason);
}
