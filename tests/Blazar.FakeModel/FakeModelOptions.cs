namespace Blazar.FakeModel;

/// <summary>How the fake model answers.</summary>
public sealed class FakeModelOptions
{
    /// <summary>The whole text the model "writes" for a conversation; the default is <see cref="FakeModelServer.SampleReport"/>.</summary>
    public Func<RecordedRequest, string>? Script { get; set; }

    /// <summary>Tokens streamed per second; 0 streams as fast as it can.</summary>
    public double TokensPerSecond { get; set; }

    /// <summary>Characters in one token (one text delta).</summary>
    public int CharsPerToken { get; set; } = 4;

    /// <summary>Wait before the first text delta (after the response headers and <c>message_start</c>).</summary>
    public TimeSpan FirstTokenDelay { get; set; }

    /// <summary>While it waits for the first token, sends a keep-alive this often (Anthropic <c>ping</c> events; SSE comments for OpenAI); null sends none.</summary>
    public TimeSpan? PingInterval { get; set; }

    /// <summary>When true, any request that ends with an assistant message gets 400 "does not support assistant message prefill", like Claude 4.6 and later.</summary>
    public bool RejectPrefill { get; set; }

    /// <summary>
    /// How many characters of the text already written the model repeats when asked in a user turn to continue
    /// (real models often repeat the last words or tag).
    /// </summary>
    public int ContinuationOverlap { get; set; } = 12;

    /// <summary>Called right after each text delta has been written and flushed to the client: for measuring latency.</summary>
    public Action<DeltaSent>? OnDelta { get; set; }
}

/// <summary>One text delta the fake model sent: which request, where in the script, what, and when (<see cref="System.Diagnostics.Stopwatch.GetTimestamp"/>).</summary>
public sealed record DeltaSent(int RequestIndex, int ScriptOffset, string Text, long Timestamp);
