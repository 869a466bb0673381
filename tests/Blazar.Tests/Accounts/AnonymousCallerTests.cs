using System.Net;
using System.Text.Json.Nodes;
using Blazar.Tests.Infrastructure;
using Blazar.Testing;

namespace Blazar.Tests.Accounts;

/// <summary>
/// Someone signed out learns nothing from an id: a report that exists but is not theirs to see is asked about
/// exactly as one that never existed (401 from the API, the sign-in page for pages), and only a link report opens.
/// </summary>
public sealed class AnonymousCallerTests
{
    [Fact]
    public async Task Anonymous_callers_are_asked_to_sign_in_alike_for_unknown_private_and_team_reports()
    {
        await using var server = await BlazarServer.StartAsync();
        var reports = new Dictionary<string, string>();
        foreach (var visibility in new[] { "private", "team", "link" })
        {
            var id = await Api.StartAsync(server.Client);
            await Api.WaitForStatusAsync(server.Client, id, "done");
            if (visibility != "private")
                await People.SetVisibilityAsync(server.Client, id, visibility);
            reports[visibility] = id;
        }
        reports["unknown"] = "AAAAAAAAAAAAAAAAAAAAAA";
        using var anonymous = People.TokenClient(server, null);

        foreach (var (visibility, id) in reports)
        {
            foreach (var path in new[] { $"/api/reports/{id}", $"/api/reports/{id}/events" })
            {
                using var response = await anonymous.GetAsync(path, HttpCompletionOption.ResponseHeadersRead);
                if (visibility == "link")
                {
                    Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                    continue;
                }
                Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
                Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
                var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
                problem.Remove("traceId");
                Assert.Equal("""{"type":"https://tools.ietf.org/html/rfc9110#section-15.5.2","title":"Unauthorized","status":401}""", problem.ToJsonString());
            }
            foreach (var path in new[] { $"/r/{id}", $"/r/{id}/raw", $"/r/{id}/export/md" })
            {
                using var response = await anonymous.GetAsync(path);
                if (visibility == "link")
                {
                    Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                    continue;
                }
                Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
                Assert.Equal("/login?returnUrl=" + Uri.EscapeDataString(path), response.Headers.Location?.OriginalString);
                Assert.Equal("", await response.Content.ReadAsStringAsync());
            }
        }
    }
}
