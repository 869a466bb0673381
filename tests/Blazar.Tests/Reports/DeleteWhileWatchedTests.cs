using System.Net;
using Blazar.Tests.Infrastructure;

namespace Blazar.Tests.Reports;

/// <summary>A report deleted while someone watches it: the viewer hears it was deleted, not that it stopped.</summary>
public sealed class DeleteWhileWatchedTests : GatedServerTest
{
    [Fact]
    public async Task Deleting_a_report_being_written_ends_its_viewers_streams_with_gone_and_no_Continue()
    {
        var held = Gate.Hold("Deleted mid-way");
        var id = await Api.StartAsync(Server.Client, new { title = "Deleted mid-way", sections = new[] { "One", "Two" } });
        using var response = await ReportStream.OpenAsync(Server.Client, $"/api/reports/{id}/events");
        var events = new List<StreamEvent>();
        held.Release(500);
        await using var reading = ReportStream.ReadAsync(response).GetAsyncEnumerator();
        while (await reading.MoveNextAsync())
        {
            events.Add(reading.Current);
            if (reading.Current.Type == "chunk")
                break;
        }

        using var delete = await Server.Client.DeleteAsync($"/api/reports/{id}");

        Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        while (await reading.MoveNextAsync() && reading.Current.Type == "chunk")
            events.Add(reading.Current);
        var end = reading.Current;
        Assert.Equal("error", end.Type);
        Assert.Equal("gone", end.Data.GetProperty("status").GetString());
        Assert.False(end.Data.GetProperty("retryable").GetBoolean());
        Assert.Contains("deleted", end.Data.GetProperty("message").GetString(), StringComparison.Ordinal);
        using var gone = await Server.Client.GetAsync($"/api/reports/{id}");
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
    }
}
