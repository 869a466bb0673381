using System.Net.Http.Json;
using System.Text.Json;

namespace Blazar.Tests.Writers;

/// <summary>At start Blazar asks whether the model API answers, and says so in its log and on /api/info.</summary>
public sealed class ModelReachabilityTests
{
    [Fact]
    public async Task A_model_API_that_cannot_be_reached_is_said_at_start()
    {
        using var closed = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        closed.Start();
        var port = ((System.Net.IPEndPoint)closed.LocalEndpoint).Port;
        closed.Stop(); // nothing listens there now
        await using var blazar = await WriterHarness.StartAsync("openai", settings: [$"--Blazar:OpenAI:BaseUrl=http://127.0.0.1:{port}/v1"]);

        var info = await Wait.UntilAsync(() => blazar.Client.GetFromJsonAsync<JsonElement>("/api/info"),
            i => i.GetProperty("reachable").ValueKind != JsonValueKind.Null, because: "the model check to answer");

        Assert.False(info.GetProperty("reachable").GetBoolean());
        Assert.False(string.IsNullOrEmpty(info.GetProperty("problem").GetString()));
        Assert.Contains(blazar.Logs.Lines, l => l.Contains("cannot be reached", StringComparison.Ordinal) && l.Contains($"127.0.0.1:{port}", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("anthropic")]
    [InlineData("openai")]
    public async Task A_model_API_that_answers_is_reachable(string provider)
    {
        await using var blazar = await WriterHarness.StartAsync(provider);

        var info = await Wait.UntilAsync(() => blazar.Client.GetFromJsonAsync<JsonElement>("/api/info"),
            i => i.GetProperty("reachable").ValueKind != JsonValueKind.Null, because: "the model check to answer");

        Assert.True(info.GetProperty("reachable").GetBoolean());
        Assert.DoesNotContain(blazar.Logs.Lines, l => l.Contains("cannot be reached", StringComparison.Ordinal));
    }
}
