using Blazar.Tests.Infrastructure;

namespace Blazar.Tests.Generation;

public sealed class LengthLimitTests
{
    [Fact]
    public async Task A_report_stops_at_the_length_limit_and_is_kept_as_truncated_with_the_reason()
    {
        await using var server = await BlazarServer.StartAsync(new Dictionary<string, string> { ["MaxReportChars"] = "1500" });
        var id = await Api.StartAsync(server.Client);

        var events = await ReportStream.FollowAsync(server.Client, id);
        var report = await Api.WaitForStatusAsync(server.Client, id, "done", "failed");

        Assert.Equal("done", report.GetProperty("status").GetString());
        Assert.True(report.GetProperty("truncated").GetBoolean());
        Assert.Contains("length limit of 1,500 characters", report.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.InRange(report.GetProperty("length").GetInt32(), 1499, 1500); // one short rather than half a surrogate pair
        var text = ReportStream.Text(events);
        Assert.Equal(report.GetProperty("length").GetInt32(), text.Length);
        Assert.Equal(text, await server.Client.GetStringAsync($"/r/{id}/raw"));
    }
}
