using Blazar.Tests.Infrastructure;

namespace Blazar.Tests.Hub;

public sealed class HubEventsTests
{
    [Fact]
    public async Task The_hub_stream_is_never_buffered_or_cached()
    {
        await using var server = await BlazarServer.StartAsync();

        using var response = await ReportStream.OpenAsync(server.Client, "/api/hub/events");

        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("no", response.Headers.GetValues("X-Accel-Buffering").Single());
        Assert.True(response.Headers.CacheControl?.NoCache, "the hub stream may be cached");
    }
}
