using System.Net;
using Blazar.Tests.Infrastructure;

namespace Blazar.Tests.Reports;

/// <summary>What a report cost adds up across its runs: a stop and a Continue do not forget the first part.</summary>
public sealed class UsageAcrossRunsTests : GatedServerTest
{
    [Fact]
    public async Task Tokens_after_a_stop_and_a_continue_count_the_whole_text()
    {
        var held = Gate.Hold("Costed in two runs");
        var id = await Api.StartAsync(Server.Client, new { title = "Costed in two runs", sections = Enumerable.Range(1, 12).Select(i => $"Part {i}").ToArray() });
        held.Release(4000);
        await Wait.UntilAsync(() => Task.FromResult(held.Waiting), n => n == 1, because: "the writer to wait at the gate mid-way");
        using (var cancel = await Api.PostAsync(Server.Client, $"/api/reports/{id}/cancel"))
            Assert.Equal(HttpStatusCode.Accepted, cancel.StatusCode);
        var stopped = await Api.WaitForStatusAsync(Server.Client, id, "cancelled");
        var firstOutput = stopped.GetProperty("usage").GetProperty("outputTokens").GetInt64();
        Assert.InRange(firstOutput, 900, 1100); // about 4,000 characters, four to a token

        held.ReleaseAll();
        using (var again = await Api.PostAsync(Server.Client, $"/api/reports/{id}/continue"))
            Assert.Equal(HttpStatusCode.Accepted, again.StatusCode);
        var done = await Api.WaitForStatusAsync(Server.Client, id, "done");

        var length = done.GetProperty("length").GetInt64();
        var output = done.GetProperty("usage").GetProperty("outputTokens").GetInt64();
        Assert.InRange(output, length / 4 - 10, length / 4 + 10);
        Assert.True(done.GetProperty("usage").GetProperty("inputTokens").GetInt64() > stopped.GetProperty("usage").GetProperty("inputTokens").GetInt64());
    }
}
