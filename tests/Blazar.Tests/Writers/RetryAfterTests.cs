using System.Net;
using Blazar.Writers;
using Blazar.Writers.Providers;
using Microsoft.Extensions.Time.Testing;

namespace Blazar.Tests.Writers;

public sealed class RetryAfterTests
{
    private static readonly TimeSpan Max = TimeSpan.FromSeconds(120);
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero));

    private static HttpResponseMessage Response(string name, string value)
    {
        var response = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
        response.Headers.TryAddWithoutValidation(name, value);
        return response;
    }

    [Fact]
    public void Seconds_are_honoured()
    {
        using var response = Response("retry-after", "7");

        Assert.Equal(TimeSpan.FromSeconds(7), ModelHttpClient.RetryAfter(response, _time, Max));
    }

    [Fact]
    public void Milliseconds_win_over_seconds()
    {
        using var response = Response("retry-after", "7");
        response.Headers.TryAddWithoutValidation("retry-after-ms", "1500.5");

        Assert.Equal(TimeSpan.FromMilliseconds(1500.5), ModelHttpClient.RetryAfter(response, _time, Max));
    }

    [Fact]
    public void A_date_means_the_time_until_then()
    {
        using var response = Response("retry-after", "Wed, 25 Nov 2026 12:00:30 GMT");

        Assert.Equal(TimeSpan.FromSeconds(30), ModelHttpClient.RetryAfter(response, _time, Max));
    }

    [Fact]
    public void A_wait_longer_than_allowed_is_shortened()
    {
        using var response = Response("retry-after", "3600");

        Assert.Equal(Max, ModelHttpClient.RetryAfter(response, _time, Max));
    }

    [Fact]
    public void No_header_leaves_the_back_off_to_the_policy()
    {
        using var response = new HttpResponseMessage(HttpStatusCode.ServiceUnavailable);

        Assert.Null(ModelHttpClient.RetryAfter(response, _time, Max));
    }
}
