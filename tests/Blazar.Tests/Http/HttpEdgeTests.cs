using System.Net;
using System.Net.Sockets;
using System.Text;
using Blazar.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Blazar.Tests.Http;

public sealed class HttpEdgeTests : IAsyncLifetime
{
    private BlazarServer _server = null!;

    public async Task InitializeAsync() => _server = await BlazarServer.StartAsync(configure: builder =>
        builder.WebHost.ConfigureKestrel(k => k.Limits.MinRequestBodyDataRate = new MinDataRate(bytesPerSecond: 100, gracePeriod: TimeSpan.FromSeconds(2))));

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Theory]
    [InlineData("/api/reports", "application/json")]
    [InlineData("/", "text/html")]
    [InlineData("/healthz", "application/json")]
    public async Task Head_answers_as_get_without_a_body(string path, string type)
    {
        using var head = await _server.Client.SendAsync(new HttpRequestMessage(HttpMethod.Head, path));

        Assert.Equal(HttpStatusCode.OK, head.StatusCode); // before: 405
        Assert.Equal(type, head.Content.Headers.ContentType?.MediaType);
        Assert.Empty(await head.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Head_on_a_stream_ends_at_once_with_the_stream_headers()
    {
        var id = await Api.StartAsync(_server.Client);
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(20));

        using var head = await _server.Client.SendAsync(new HttpRequestMessage(HttpMethod.Head, $"/api/reports/{id}/events"), cancel.Token);

        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.Equal("text/event-stream", head.Content.Headers.ContentType?.MediaType);
        Assert.Empty(await head.Content.ReadAsByteArrayAsync(cancel.Token));
    }

    [Fact]
    public async Task An_overlong_url_gets_414_as_problem_json()
    {
        using var response = await _server.Client.GetAsync("/api/reports?q=" + new string('a', 9000));

        Assert.Equal(HttpStatusCode.RequestUriTooLong, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType); // before: an empty body
        Assert.Contains("at most 8 KiB", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Overlong_headers_get_431_as_problem_json()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/reports");
        request.Headers.Add("X-Padding", new string('h', 40 * 1024));

        using var response = await _server.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestHeaderFieldsTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("at most 32 KiB", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_body_that_stops_arriving_gets_408_not_500()
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(_server.BaseAddress.Host, _server.BaseAddress.Port);
        var stream = tcp.GetStream();
        var head = $"POST /api/reports HTTP/1.1\r\nHost: {_server.BaseAddress.Authority}\r\nAuthorization: Bearer {_server.AdminToken}\r\nContent-Type: application/json\r\nContent-Length: 5000\r\n\r\n{{\"title\":";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head));

        // Nothing more is sent: the server's own body-rate limit has to answer.
        using var reader = new StreamReader(stream, Encoding.ASCII);
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var status = await reader.ReadLineAsync(cancel.Token);
        var rest = new StringBuilder();
        while (await reader.ReadLineAsync(cancel.Token) is { } line)
            rest.AppendLine(line);

        Assert.Equal("HTTP/1.1 408 Request Timeout", status); // before: 500
        Assert.Contains("application/problem+json", rest.ToString(), StringComparison.Ordinal);
    }
}
