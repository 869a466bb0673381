using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Blazar.Writers;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;

namespace Blazar.Testing;

/// <summary>
/// Lets a test decide when a report's text arrives, so no test races the writer's pace: a report whose title contains
/// a held key gets its characters only as the test releases them; every other report is written at once.
/// </summary>
public sealed class WriterGate
{
    private readonly ConcurrentDictionary<string, HeldReport> _held = new(StringComparer.Ordinal);

    /// <summary>Holds every report whose title contains <paramref name="titleKey"/> (the one a test is about to start).</summary>
    public HeldReport Hold(string titleKey) => _held.GetOrAdd(titleKey, _ => new HeldReport());

    internal HeldReport? For(IEnumerable<ChatMessage> messages)
    {
        var title = ReportPrompt.FindSpec(messages)?.Title;
        return title is null ? null : _held.FirstOrDefault(h => title.Contains(h.Key, StringComparison.Ordinal)).Value;
    }

    /// <summary>Lets everything through, so nothing is left waiting when the server stops.</summary>
    public void OpenAll()
    {
        foreach (var held in _held.Values)
            held.ReleaseAll();
    }

    /// <summary>Puts the gate in front of the writer registered in <paramref name="services"/>.</summary>
    public void Install(IServiceCollection services)
    {
        var writer = services.Last(d => d.ServiceType == typeof(IChatClient));
        var create = writer.ImplementationFactory ?? (_ => writer.ImplementationInstance!);
        services.Remove(writer);
        services.AddSingleton<IChatClient>(s => new GatedClient((IChatClient)create(s), this));
    }

    private sealed class GatedClient(IChatClient inner, WriterGate gate) : DelegatingChatClient(inner)
    {
        public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
            IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            var conversation = messages as IList<ChatMessage> ?? [.. messages];
            var held = gate.For(conversation);
            await foreach (var update in base.GetStreamingResponseAsync(conversation, options, cancellationToken))
            {
                if (held is not null && update.Text.Length > 0)
                    await held.TakeAsync(update.Text.Length, cancellationToken);
                yield return update;
            }
        }
    }
}

/// <summary>A report the test lets through a number of characters at a time (a piece may run past the budget).</summary>
public sealed class HeldReport
{
    private readonly Lock _lock = new();
    private long _budget;
    private bool _open;
    private TaskCompletionSource _more = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _cancelled;
    private int _waiting;
    private string? _failure;

    /// <summary>How many writes of this report wait at the gate now.</summary>
    public int Waiting => Volatile.Read(ref _waiting);

    /// <summary>How many writes of this report were cancelled while they waited at the gate.</summary>
    public int Cancelled => Volatile.Read(ref _cancelled);

    /// <summary>Lets about <paramref name="characters"/> more characters through.</summary>
    public void Release(int characters)
    {
        lock (_lock)
        {
            _budget += characters;
            Signal();
        }
    }

    /// <summary>Makes the writer fail with <paramref name="message"/> at its next piece, as a model that cannot be reached does.</summary>
    public void Fail(string message)
    {
        lock (_lock)
        {
            _failure = message;
            Signal();
        }
    }

    /// <summary>Lets the rest of the report, and of any continuation, through at once.</summary>
    public void ReleaseAll()
    {
        lock (_lock)
        {
            _open = true;
            Signal();
        }
    }

    internal async Task TakeAsync(int characters, CancellationToken cancellationToken)
    {
        while (true)
        {
            Task more;
            lock (_lock)
            {
                if (_failure is { } failure)
                {
                    _failure = null;
                    throw new HttpRequestException(failure);
                }
                if (_open || _budget > 0)
                {
                    _budget -= characters;
                    return;
                }
                more = _more.Task;
            }
            Interlocked.Increment(ref _waiting);
            try
            {
                await more.WaitAsync(cancellationToken);
            }
            catch (OperationCanceledException)
            {
                Interlocked.Increment(ref _cancelled);
                throw;
            }
            finally
            {
                Interlocked.Decrement(ref _waiting);
            }
        }
    }

    private void Signal()
    {
        var more = _more;
        _more = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        more.TrySetResult();
    }
}
