using System.Net;
using Blazar.Tests.Infrastructure;

namespace Blazar.Tests.Viewer;

public sealed class ViewerPageTests : IAsyncLifetime
{
    private BlazarServer _server = null!;

    public async Task InitializeAsync() => _server = await BlazarServer.StartAsync(new Dictionary<string, string> { ["Offline:CharsPerSecond"] = "2000" });

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task The_same_url_is_the_live_viewer_while_generating_and_the_sandboxed_report_once_done()
    {
        var id = await Api.StartAsync(_server.Client, new { title = "Dual", sections = new[] { "One" } });

        using var live = await _server.Client.GetAsync($"/r/{id}");
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        var viewer = await live.Content.ReadAsStringAsync();
        Assert.Contains("data-testid=\"viewer-frame\"", viewer);
        Assert.Contains("sandbox=\"allow-same-origin\"", viewer);
        Assert.Contains("script-src 'self'", live.Headers.GetValues("Content-Security-Policy").Single());

        await Api.WaitForStatusAsync(_server.Client, id, "done");
        using var done = await _server.Client.GetAsync($"/r/{id}");
        var policy = done.Headers.GetValues("Content-Security-Policy").Single();
        Assert.StartsWith("sandbox allow-scripts allow-popups", policy);
        Assert.DoesNotContain("allow-same-origin", policy);
        Assert.StartsWith("<!doctype html>", await done.Content.ReadAsStringAsync());
    }
}
